using System.Diagnostics.Metrics;

namespace Vantage.EdgeDns.Reporting;

/// <summary>Publish → applied lag figures of one report window.</summary>
public readonly record struct LagSummary(double P50Ms, double P99Ms, double MaxMs, int Count);

/// <summary>
/// The edge's sync figures: publish → applied lag of every change applied (now − <c>ZoneChanged.At</c>), publish →
/// received delay of every change the stream delivers (<c>vantage.edge.stream.delivery_delay</c>), changes applied and
/// snapshots fetched. Exposed through <see cref="System.Diagnostics.Metrics"/> (meter
/// <see cref="MeterName"/>) for OpenTelemetry, and summarized per report window for the edge registry.
/// </summary>
public sealed class EdgeMetrics : IDisposable
{
    public const string MeterName = "Vantage.Edge";

    /// <summary>Most lags kept per window; beyond that the window keeps a uniform sample.</summary>
    private const int WindowCapacity = 16_384;

    private readonly Meter meter;
    private readonly Histogram<double> applyLag;
    private readonly Histogram<double> deliveryDelay;
    private readonly Counter<long> changesApplied;
    private readonly Counter<long> snapshotsFetched;
    private readonly Lock gate = new();
    private List<double> window = [];
    private long windowSeen;
    private double windowMax;
    private long totalChanges;
    private long totalSnapshots;

    public EdgeMetrics(IMeterFactory? meterFactory = null)
    {
        meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        applyLag = meter.CreateHistogram<double>("vantage.edge.apply_lag", unit: "ms",
            description: "Time from the zone grain accepting a change to this edge serving it");
        deliveryDelay = meter.CreateHistogram<double>("vantage.edge.stream.delivery_delay", unit: "s",
            description: "Time from the zone grain accepting a change to this edge receiving it from the stream, before it is applied",
            tags: null, advice: new InstrumentAdvice<double>
            {
                HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
            });
        changesApplied = meter.CreateCounter<long>("vantage.edge.changes_applied", unit: "{change}",
            description: "Zone changes applied from the stream or a zone's journal");
        snapshotsFetched = meter.CreateCounter<long>("vantage.edge.snapshots_fetched", unit: "{snapshot}",
            description: "Full zone snapshots fetched from the cluster");
    }

    public long ChangesApplied => Interlocked.Read(ref totalChanges);

    public long SnapshotsFetched => Interlocked.Read(ref totalSnapshots);

    /// <summary>Records one applied change that the grain accepted at <paramref name="publishedAt"/>.</summary>
    public void ChangeApplied(DateTimeOffset publishedAt, DateTimeOffset now)
    {
        var lag = Math.Max(0, (now - publishedAt).TotalMilliseconds);
        Interlocked.Increment(ref totalChanges);
        changesApplied.Add(1);
        applyLag.Record(lag);
        lock (gate)
        {
            windowSeen++;
            windowMax = Math.Max(windowMax, lag);
            if (window.Count < WindowCapacity) window.Add(lag);
            else
            {
                // Reservoir sampling keeps the percentiles honest when a window overflows.
                var slot = Random.Shared.NextInt64(windowSeen);
                if (slot < WindowCapacity) window[(int)slot] = lag;
            }
        }
    }

    /// <summary>Records one change received from the stream (before it is applied) that the grain accepted at <paramref name="publishedAt"/>.</summary>
    public void ChangeDelivered(DateTimeOffset publishedAt, DateTimeOffset now) =>
        deliveryDelay.Record(Math.Max(0, (now - publishedAt).TotalSeconds));

    public void SnapshotFetched()
    {
        Interlocked.Increment(ref totalSnapshots);
        snapshotsFetched.Add(1);
    }

    /// <summary>The lag summary of the changes applied since the previous call, and a fresh window.</summary>
    public LagSummary TakeWindow()
    {
        List<double> taken;
        double max;
        long seen;
        lock (gate)
        {
            (taken, window) = (window, []);
            (max, windowMax) = (windowMax, 0);
            (seen, windowSeen) = (windowSeen, 0);
        }
        if (taken.Count == 0) return default;
        taken.Sort();
        return new LagSummary(Percentile(taken, 0.50), Percentile(taken, 0.99), max, (int)Math.Min(seen, int.MaxValue));
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(List<double> sorted, double p)
    {
        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public void Dispose() => meter.Dispose();
}
