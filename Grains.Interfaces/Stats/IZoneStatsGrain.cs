using System.Collections.Immutable;

namespace Vantage.Stats;

/// <summary>The periods of <c>/v1/stats/usage</c> and the bucket size of their graphs.</summary>
public enum UsagePeriod
{
    /// <summary>The last hour, per minute.</summary>
    Hour,
    /// <summary>The last 24 hours, per hour.</summary>
    Day,
    /// <summary>The last 30 days, per day.</summary>
    Month,
}

/// <summary>A count in one time bucket; <see cref="Timestamp"/> is the bucket's start in Unix seconds.</summary>
[GenerateSerializer, Immutable, Alias("vantage.stats.point.v1")]
public readonly record struct UsagePoint([property: Id(0)] long Timestamp, [property: Id(1)] long Count);

/// <summary>Queries over a period: the total and the per-bucket graph (oldest first, empty buckets left out).</summary>
[GenerateSerializer, Immutable, Alias("vantage.stats.usage.v1")]
public sealed record UsageSeries
{
    [Id(0)] public long Queries { get; init; }
    [Id(1)] public ImmutableArray<UsagePoint> Graph { get; init; } = [];
}

/// <summary>One record's usage.</summary>
[GenerateSerializer, Immutable, Alias("vantage.stats.record-usage.v1")]
public sealed record RecordUsage
{
    [Id(0)] public required string Domain { get; init; }
    [Id(1)] public required string Type { get; init; }
    [Id(2)] public required UsageSeries Usage { get; init; }
}

/// <summary>A zone's usage with the usage of each record that was queried in the period.</summary>
[GenerateSerializer, Immutable, Alias("vantage.stats.zone-usage.v1")]
public sealed record ZoneUsage
{
    [Id(0)] public required UsageSeries Usage { get; init; }
    [Id(1)] public ImmutableArray<RecordUsage> Records { get; init; } = [];
}

/// <summary>What the last <see cref="IZoneStatsGrain"/> window saw: rates per second, by edge and by response code.</summary>
[GenerateSerializer, Immutable, Alias("vantage.stats.live.v1")]
public sealed record LiveStats
{
    [Id(0)] public double Qps { get; init; }
    [Id(1)] public ImmutableDictionary<string, double> QpsByEdge { get; init; } = ImmutableDictionary<string, double>.Empty;
    /// <summary>Keyed by the rcode's mnemonic (NOERROR, NXDOMAIN, SERVFAIL, REFUSED, ...).</summary>
    [Id(2)] public ImmutableDictionary<string, double> QpsByRcode { get; init; } = ImmutableDictionary<string, double>.Empty;
}

/// <summary>
/// The query statistics of one zone (keyed by the zone name): per-minute, per-hour and per-day buckets of the zone and
/// of each record, and the queries per second over a sliding window. Batches from edges are applied exactly once.
/// </summary>
public interface IZoneStatsGrain : IGrainWithStringKey
{
    /// <summary>Adds a batch; false when this batch id was applied before (nothing is counted twice).</summary>
    Task<bool> Apply(QueryCountBatch batch);

    /// <summary>Queries per second over the sliding window, of the zone or of one record.</summary>
    Task<double> Qps(string? domain = null, string? type = null);

    Task<LiveStats> Live();

    /// <summary>Writes the closed buckets not yet archived to the stats archive (a timer does it every minute); returns how many.</summary>
    Task<int> Archive();

    /// <summary>The zone's usage in the period; with <paramref name="domain"/> and <paramref name="type"/> only that record.</summary>
    Task<ZoneUsage> Usage(UsagePeriod period, string? domain = null, string? type = null);
}

/// <summary>
/// One zone's queries pushed to the account layer: the queries a zone stats grain applied from one edge batch, at the
/// batch's time. <see cref="Sequence"/> increases by one per delta of the zone; the account applies each once.
/// </summary>
[GenerateSerializer, Immutable, Alias("vantage.stats.account-delta.v1")]
public sealed record AccountDelta
{
    [Id(0)] public required string Zone { get; init; }
    [Id(1)] public long Sequence { get; init; }
    [Id(2)] public DateTimeOffset At { get; init; }
    [Id(3)] public long Count { get; init; }
}

/// <summary>
/// The account's layer above the zones (one account, keyed <see cref="GrainKeys.Directory"/>, until accounts exist):
/// the zones that have statistics, and the account's own per-minute, per-hour and per-day buckets, fed by the zones'
/// stats grains pushing deltas (exactly once, by sequence number per zone).
/// </summary>
public interface IAccountStatsGrain : IGrainWithStringKey
{
    Task Register(string zone);

    Task<ImmutableArray<string>> Zones();

    /// <summary>Adds a zone's delta; false when its sequence was applied before (nothing is counted twice).</summary>
    Task<bool> Push(AccountDelta delta);

    /// <summary>The account's queries in the period, from its own buckets.</summary>
    Task<UsageSeries> Usage(UsagePeriod period);

    /// <summary>Queries per second over the sliding window of the deltas pushed.</summary>
    Task<double> Qps();
}
