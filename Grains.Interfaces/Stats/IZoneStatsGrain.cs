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
/// The account's layer above the zones (one account, keyed <see cref="GrainKeys.Directory"/>, until accounts exist):
/// the zones that have statistics; account figures are the sums of theirs.
/// </summary>
public interface IAccountStatsGrain : IGrainWithStringKey
{
    Task Register(string zone);

    Task<ImmutableArray<string>> Zones();
}
