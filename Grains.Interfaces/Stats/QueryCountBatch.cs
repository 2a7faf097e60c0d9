using System.Collections.Immutable;

namespace Vantage.Stats;

/// <summary>
/// Queries one edge answered for one record (or for the zone when <see cref="Domain"/> is empty: negative answers,
/// referrals) with one response code over one transport, since the edge's previous batch.
/// </summary>
[GenerateSerializer, Immutable, Alias("vantage.stats.query-count.v1")]
public sealed record QueryCount
{
    /// <summary>Owner name of the record that answered, or empty for answers that no record gave.</summary>
    [Id(0)] public string Domain { get; init; } = "";
    /// <summary>Record type mnemonic, or empty with an empty <see cref="Domain"/>.</summary>
    [Id(1)] public string Type { get; init; } = "";
    [Id(2)] public int Rcode { get; init; }
    /// <summary><c>udp</c> or <c>tcp</c>.</summary>
    [Id(3)] public string Transport { get; init; } = "udp";
    [Id(4)] public long Count { get; init; }
}

/// <summary>
/// One flush of an edge's counters for one zone. (<see cref="EdgeId"/>, <see cref="Incarnation"/>,
/// <see cref="Sequence"/>) identifies the batch: an edge retries a batch that failed with the same id and the same
/// counts, and the zone's stats grain applies a batch id once.
/// </summary>
[GenerateSerializer, Immutable, Alias("vantage.stats.query-count-batch.v1")]
public sealed record QueryCountBatch
{
    [Id(0)] public required string EdgeId { get; init; }
    /// <summary>Fresh for every start of the edge process, so that a restarted edge's sequence may begin again at 1.</summary>
    [Id(1)] public required string Incarnation { get; init; }
    /// <summary>Increases by one per flush of the edge; a zone receives its batches in sequence order.</summary>
    [Id(2)] public long Sequence { get; init; }
    /// <summary>When the edge took the counts: the time bucket they are added to.</summary>
    [Id(3)] public DateTimeOffset CapturedAt { get; init; }
    [Id(4)] public required string Zone { get; init; }
    [Id(5)] public ImmutableArray<QueryCount> Counts { get; init; } = [];

    public long Total => Counts.Sum(c => c.Count);
}
