using System.Collections.Immutable;
using Vantage.Stats;

namespace Vantage.Grains.Stats;

/// <summary>
/// Per-minute, per-hour and per-day query counts of one series (a zone or a record), keyed by the bucket's start in
/// Unix seconds. Minutes are kept for 48 hours, hours for 60 days, days for two years; older buckets are pruned.
/// </summary>
[GenerateSerializer, Alias("vantage.stats.buckets.v1")]
public sealed class StatsBuckets
{
    public static readonly TimeSpan MinuteRetention = TimeSpan.FromHours(48);
    public static readonly TimeSpan HourRetention = TimeSpan.FromDays(60);
    public static readonly TimeSpan DayRetention = TimeSpan.FromDays(730);

    [Id(0)] public SortedDictionary<long, long> Minutes { get; set; } = [];
    [Id(1)] public SortedDictionary<long, long> Hours { get; set; } = [];
    [Id(2)] public SortedDictionary<long, long> Days { get; set; } = [];
    [Id(3)] public long Total { get; set; }

    public bool IsEmpty => Minutes.Count == 0 && Hours.Count == 0 && Days.Count == 0;

    public void Add(DateTimeOffset at, long count)
    {
        var seconds = at.ToUnixTimeSeconds();
        Bump(Minutes, Floor(seconds, 60), count);
        Bump(Hours, Floor(seconds, 3600), count);
        Bump(Days, Floor(seconds, 86400), count);
        Total += count;
    }

    /// <summary>Removes buckets past their retention; returns how many.</summary>
    public int Prune(DateTimeOffset now) =>
        PruneBefore(Minutes, (now - MinuteRetention).ToUnixTimeSeconds())
        + PruneBefore(Hours, (now - HourRetention).ToUnixTimeSeconds())
        + PruneBefore(Days, (now - DayRetention).ToUnixTimeSeconds());

    /// <summary>The period's graph from the bucket size that matches it (minutes for an hour, hours for a day, days for 30 days).</summary>
    public UsageSeries Usage(UsagePeriod period, DateTimeOffset now)
    {
        var (buckets, size, span) = Resolution(period);
        var from = Floor(now.ToUnixTimeSeconds() - (long)span.TotalSeconds, size) + size;
        var to = now.ToUnixTimeSeconds();
        var graph = buckets.Where(b => b.Key >= from && b.Key <= to && b.Value != 0).Select(b => new UsagePoint(b.Key, b.Value)).ToImmutableArray();
        return new UsageSeries { Queries = graph.Sum(p => p.Count), Graph = graph };
    }

    private (SortedDictionary<long, long> Buckets, long Size, TimeSpan Span) Resolution(UsagePeriod period) => period switch
    {
        UsagePeriod.Hour => (Minutes, 60, TimeSpan.FromHours(1)),
        UsagePeriod.Day => (Hours, 3600, TimeSpan.FromHours(24)),
        _ => (Days, 86400, TimeSpan.FromDays(30)),
    };

    public static long Seconds(BucketSize size) => size switch
    {
        BucketSize.Minute => 60,
        BucketSize.Hour => 3600,
        _ => 86400,
    };

    public static TimeSpan Retention(BucketSize size) => size switch
    {
        BucketSize.Minute => MinuteRetention,
        BucketSize.Hour => HourRetention,
        _ => DayRetention,
    };

    public SortedDictionary<long, long> Of(BucketSize size) => size switch
    {
        BucketSize.Minute => Minutes,
        BucketSize.Hour => Hours,
        _ => Days,
    };

    public static long Floor(long seconds, long size) => seconds - (((seconds % size) + size) % size);

    private static void Bump(SortedDictionary<long, long> buckets, long key, long count) =>
        buckets[key] = buckets.GetValueOrDefault(key) + count;

    private static int PruneBefore(SortedDictionary<long, long> buckets, long before)
    {
        var old = buckets.Keys.TakeWhile(k => k < before).ToList();
        foreach (var k in old) buckets.Remove(k);
        return old.Count;
    }
}
