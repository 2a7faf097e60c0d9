using Vantage.Stats;

namespace Vantage.Grains.Stats;

/// <summary>The persisted statistics of one zone: its buckets, its records' buckets and the batch ids already applied.</summary>
[GenerateSerializer, Alias("vantage.stats.zone-state.v1")]
public sealed class ZoneStatsState
{
    /// <summary>The whole zone (every answer, with or without a record).</summary>
    [Id(0)] public StatsBuckets Zone { get; set; } = new();

    /// <summary>Per record, keyed <c>domain/TYPE</c>.</summary>
    [Id(1)] public Dictionary<string, StatsBuckets> Records { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Per edge incarnation (<c>edge/incarnation</c>): the last sequence applied and when.</summary>
    [Id(2)] public Dictionary<string, AppliedMark> Applied { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Whether the account grain knows this zone.</summary>
    [Id(3)] public bool Registered { get; set; }

    /// <summary>Per bucket size: buckets starting before this (Unix seconds) are in the archive.</summary>
    [Id(4)] public Dictionary<BucketSize, long> ArchivedThrough { get; set; } = [];

    /// <summary>When the archive was last pruned.</summary>
    [Id(5)] public DateTimeOffset ArchivePrunedAt { get; set; }

    /// <summary>The sequence of the latest delta for the account layer.</summary>
    [Id(6)] public long PushSequence { get; set; }

    /// <summary>Deltas not yet acknowledged by the account grain, oldest first.</summary>
    [Id(7)] public List<AccountDelta> Outbox { get; set; } = [];
}

/// <summary>The newest batch of one edge incarnation that a zone applied; batches arrive in sequence order.</summary>
[GenerateSerializer, Immutable, Alias("vantage.stats.applied-mark.v1")]
public sealed record AppliedMark([property: Id(0)] long Sequence, [property: Id(1)] DateTimeOffset At);
