using System.Collections.Concurrent;
using Vantage.EdgeDns.Query;
using Vantage.EdgeDns.Wire;
using Vantage.EdgeDns.Zones;

namespace Vantage.EdgeDns.Stats;

/// <summary>What one counter counts: a zone, a record of it (empty for answers no record gave), and nothing else.</summary>
public readonly record struct StatsKey(string Zone, string Domain, string Type);

/// <summary>
/// Query counters of the edge, per zone, record, response code and transport. The query path only increments a cell
/// of its own thread's stripe, found by an id kept on the compiled record set and zone: no lock, no interlocked
/// operation, no allocation (a key seen for the first time takes an id once; a thread counting for the first time gets
/// its stripe once). Totals are summed over the stripes by the flusher, off the query path.
/// </summary>
public sealed class QueryCounters : IDisposable
{
    /// <summary>Response codes 0-5 have a cell each; every other code shares the last one.</summary>
    public const int RcodeCells = 7;

    public const int CellsPerKey = RcodeCells * 2;

    private readonly ConcurrentDictionary<StatsKey, int> ids = new();
    private readonly Lock addGate = new();
    private readonly ThreadLocal<Stripe> stripes;
    /// <summary>Every stripe ever made, also those of threads that ended (their counts still count).</summary>
    private Stripe[] allStripes = [];
    private StatsKey[] keys = new StatsKey[64];
    private int keyCount;

    public QueryCounters() => stripes = new ThreadLocal<Stripe>(NewStripe);

    /// <summary>False turns counting off (the benchmark's baseline).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Counts one answered query; <paramref name="set"/> is the record set that answered, if any.</summary>
    internal void Count(CompiledZone? zone, CompiledRRSet? set, int rcode, DnsTransport transport, long startedAt)
    {
        if (!Enabled) return;
        var id = zone is null ? NoZoneId() : set is not null ? set.StatsId : zone.StatsId;
        if (id < 0) id = Register(zone!, set);
        var cell = (rcode is >= 0 and < RcodeCells - 1 ? rcode : RcodeCells - 1) * 2 + (transport == DnsTransport.Tcp ? 1 : 0);
        var stripe = stripes.Value!;
        stripe.Increment(id * CellsPerKey + cell);
        // One answer in LatencySampling is timed: enough for the latency histogram and the report's percentiles,
        // little work per query (the thread's own bucket, no lock).
        if ((stripe.Sampled++ & (LatencySampling - 1)) == 0)
        {
            var ticks = System.Diagnostics.Stopwatch.GetTimestamp() - startedAt;
            stripe.Latency[LatencyBuckets.IndexOf(ticks)]++;
            if (AnswerDuration is { Enabled: true } histogram) histogram.Record((double)ticks / System.Diagnostics.Stopwatch.Frequency);
        }
    }

    /// <summary>Set by the edge's telemetry: time spent running a record's filter chain, in seconds (steered answers only).</summary>
    public System.Diagnostics.Metrics.Histogram<double>? FilterChainDuration { get; set; }

    [ThreadStatic]
    private static int chainsSeen;

    /// <summary>
    /// Called before a filter chain runs: a <see cref="System.Diagnostics.Stopwatch"/> timestamp when this run is one
    /// of the sampled ones (one in <see cref="LatencySampling"/> per thread), else 0 and no clock read.
    /// </summary>
    internal long FilterChainStarting() =>
        FilterChainDuration is { Enabled: true } && (chainsSeen++ & (LatencySampling - 1)) == 0 ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;

    /// <summary>Called after the filter chain ran with what <see cref="FilterChainStarting"/> returned.</summary>
    internal void FilterChainDone(long startedAt)
    {
        if (startedAt != 0) FilterChainDuration?.Record(System.Diagnostics.Stopwatch.GetElapsedTime(startedAt).TotalSeconds);
    }

    private readonly Lock latencyGate = new();
    private long[] latencyTaken = new long[LatencyBuckets.Count];

    /// <summary>p50/p99 of the answers timed since the previous call (for the edge's report), off the query path.</summary>
    public LatencySummary TakeLatencyWindow()
    {
        lock (latencyGate)
        {
            var now = new long[LatencyBuckets.Count];
            foreach (var stripe in Volatile.Read(ref allStripes))
                for (var i = 0; i < now.Length; i++) now[i] += Volatile.Read(ref stripe.Latency[i]);
            var window = new long[now.Length];
            for (var i = 0; i < now.Length; i++) window[i] = now[i] - latencyTaken[i];
            latencyTaken = now;
            return LatencyBuckets.Summarize(window);
        }
    }

    /// <summary>Every this many answers of a thread, one is recorded in <see cref="AnswerDuration"/> (a power of two).</summary>
    public const int LatencySampling = 16;

    /// <summary>Set by the edge's telemetry: the answer-latency histogram (parse to encoded response), in seconds.</summary>
    public System.Diagnostics.Metrics.Histogram<double>? AnswerDuration { get; set; }

    /// <summary>The zone of queries that no served zone answers (REFUSED): counted for the metrics, never sent.</summary>
    public const string NoZone = "";

    private int noZoneId = -1;

    private int NoZoneId()
    {
        var id = noZoneId;
        if (id >= 0) return id;
        id = RegisterKey(new StatsKey(NoZone, "", ""));
        noZoneId = id;
        return id;
    }

    /// <summary>The number of keys seen so far (ids are 0 to this, exclusive).</summary>
    public int KeyCount => Volatile.Read(ref keyCount);

    public StatsKey KeyOf(int id) => Volatile.Read(ref keys)[id];

    /// <summary>Adds every stripe's cells into <paramref name="totals"/> (cumulative counts since start), growing it as needed.</summary>
    public long[] Snapshot(long[] totals)
    {
        var needed = KeyCount * CellsPerKey;
        if (totals.Length < needed) Array.Resize(ref totals, Math.Max(needed, totals.Length * 2));
        Array.Clear(totals);
        foreach (var stripe in Volatile.Read(ref allStripes)) stripe.AddTo(totals);
        return totals;
    }

    private Stripe NewStripe()
    {
        var stripe = new Stripe();
        lock (addGate) Volatile.Write(ref allStripes, [.. allStripes, stripe]);
        return stripe;
    }

    private int Register(CompiledZone zone, CompiledRRSet? set)
    {
        var id = RegisterKey(KeyFor(zone, set));
        if (set is not null) set.StatsId = id;
        else zone.StatsId = id;
        return id;
    }

    private int RegisterKey(StatsKey key)
    {
        if (!ids.TryGetValue(key, out var id))
        {
            lock (addGate)
            {
                if (!ids.TryGetValue(key, out id))
                {
                    id = keyCount;
                    if (id == keys.Length)
                    {
                        var grown = new StatsKey[keys.Length * 2];
                        keys.CopyTo(grown, 0);
                        Volatile.Write(ref keys, grown);
                    }
                    keys[id] = key;
                    ids[key] = id;
                    Volatile.Write(ref keyCount, id + 1);
                }
            }
        }
        return id;
    }

    /// <summary>A generated set (the apex SOA or default NS) counts for the apex record of its type.</summary>
    private static StatsKey KeyFor(CompiledZone zone, CompiledRRSet? set)
    {
        if (set is null) return new StatsKey(zone.Name, "", "");
        if (set.SourceIn(zone.Name) is { } record) return new StatsKey(zone.Name, record.Domain, record.Type);
        return set.Type switch
        {
            DnsType.SOA => new StatsKey(zone.Name, zone.Name, "SOA"),
            DnsType.NS => new StatsKey(zone.Name, zone.Name, "NS"),
            _ => new StatsKey(zone.Name, "", ""),
        };
    }

    public void Dispose() => stripes.Dispose();

    /// <summary>One thread's cells: written by that thread only, read by the flusher.</summary>
    private sealed class Stripe
    {
        private long[] cells = new long[64 * CellsPerKey];

        public int Sampled;

        /// <summary>Timed answers per <see cref="LatencyBuckets"/> bucket, cumulative.</summary>
        public readonly long[] Latency = new long[LatencyBuckets.Count];

        public void Increment(int index)
        {
            var a = cells;
            if (index >= a.Length) a = Grow(index);
            a[index]++;
        }

        public void AddTo(long[] totals)
        {
            var a = Volatile.Read(ref cells);
            var n = Math.Min(a.Length, totals.Length);
            for (var i = 0; i < n; i++) totals[i] += Volatile.Read(ref a[i]);
        }

        private long[] Grow(int index)
        {
            var grown = new long[Math.Max(index + 1, cells.Length * 2)];
            cells.CopyTo(grown, 0);
            Volatile.Write(ref cells, grown);
            return grown;
        }
    }
}
