using System.Diagnostics;

namespace Vantage.EdgeDns.Stats;

/// <summary>Percentiles of one window of sampled answer latencies, in milliseconds.</summary>
public readonly record struct LatencySummary(double P50Ms, double P99Ms, long Count);

/// <summary>
/// Log-scale latency buckets that a query thread can count into without a lock or an allocation: four buckets per
/// doubling (bucket i &gt; 0 holds latencies up to 2^(i/4) µs, about 19% wide), from 1 µs to 16 s. Percentiles read
/// from them are the upper bound of the bucket that holds the rank.
/// </summary>
public static class LatencyBuckets
{
    private const int PerDoubling = 4;

    public const int Count = 24 * PerDoubling + 2;

    private static readonly double MicrosPerTick = 1_000_000.0 / Stopwatch.Frequency;

    /// <summary>The bucket of a latency given in <see cref="Stopwatch"/> ticks.</summary>
    public static int IndexOf(long ticks)
    {
        var micros = ticks * MicrosPerTick;
        if (micros <= 1) return 0;
        return Math.Min(Count - 1, (int)Math.Ceiling(Math.Log2(micros) * PerDoubling));
    }

    /// <summary>The largest latency bucket <paramref name="index"/> holds, in milliseconds.</summary>
    public static double UpperBoundMs(int index) => Math.Pow(2, (double)index / PerDoubling) / 1000;

    /// <summary>p50 and p99 (nearest rank) of the counts per bucket.</summary>
    public static LatencySummary Summarize(ReadOnlySpan<long> counts)
    {
        long total = 0;
        foreach (var c in counts) total += c;
        if (total == 0) return default;
        return new LatencySummary(Percentile(counts, total, 0.50), Percentile(counts, total, 0.99), total);
    }

    private static double Percentile(ReadOnlySpan<long> counts, long total, double p)
    {
        var rank = Math.Max(1, (long)Math.Ceiling(p * total));
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank) return UpperBoundMs(i);
        }
        return UpperBoundMs(counts.Length - 1);
    }
}
