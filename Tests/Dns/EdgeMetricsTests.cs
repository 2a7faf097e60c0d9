using System.Diagnostics.Metrics;
using Vantage.EdgeDns;
using Vantage.EdgeDns.Reporting;
using Xunit;

namespace Vantage.Tests.Dns;

/// <summary>The edge's sync metrics reach System.Diagnostics.Metrics listeners, and the report window summarizes lags.</summary>
public sealed class EdgeMetricsTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void Lag_and_counters_are_published_on_the_meter()
    {
        using var metrics = new EdgeMetrics();
        var measured = new List<(string Name, double Value)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == null || instrument.Meter.Name != EdgeMetrics.MeterName) return;
            l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((i, v, _, _) => measured.Add((i.Name, v)));
        listener.SetMeasurementEventCallback<long>((i, v, _, _) => measured.Add((i.Name, v)));
        listener.Start();

        metrics.ChangeApplied(Now - TimeSpan.FromMilliseconds(40), Now);
        metrics.ChangeApplied(Now + TimeSpan.FromMilliseconds(5), Now);
        metrics.SnapshotFetched();

        var forThisInstance = measured.Where(m => m.Name.StartsWith("vantage.edge.", StringComparison.Ordinal)).ToList();
        Assert.Contains(("vantage.edge.apply_lag", 40.0), forThisInstance);
        Assert.Contains(("vantage.edge.apply_lag", 0.0), forThisInstance);
        Assert.Equal(2, forThisInstance.Count(m => m.Name == "vantage.edge.changes_applied"));
        Assert.Single(forThisInstance, m => m.Name == "vantage.edge.snapshots_fetched");
        Assert.Equal((2L, 1L), (metrics.ChangesApplied, metrics.SnapshotsFetched));
    }

    [Theory]
    [InlineData(new double[] { 7 }, 7, 7, 7)]
    [InlineData(new double[] { 1, 2, 3, 4 }, 2, 4, 4)]
    [InlineData(new double[] { 10, 0, 5 }, 5, 10, 10)]
    public void The_window_reports_nearest_rank_percentiles_and_resets(double[] lags, double p50, double p99, double max)
    {
        using var metrics = new EdgeMetrics();
        foreach (var lag in lags) metrics.ChangeApplied(Now - TimeSpan.FromMilliseconds(lag), Now);
        Assert.Equal(new LagSummary(p50, p99, max, lags.Length), metrics.TakeWindow());
        Assert.Equal(default, metrics.TakeWindow());
    }

    [Fact]
    public void Edge_id_and_snapshot_folder_default_to_host_and_port_under_the_data_folder()
    {
        var options = new EdgeOptions { Port = 8053 };
        Assert.Equal(Environment.MachineName.ToLowerInvariant() + "-8053", options.EffectiveId);
        var data = Environment.GetEnvironmentVariable("VANTAGE_DATA");
        var root = Path.GetFullPath(string.IsNullOrWhiteSpace(data) ? "data" : data);
        Assert.StartsWith(Path.Combine(root, "edge-snapshots") + Path.DirectorySeparatorChar, options.EffectiveSnapshotFolder, StringComparison.Ordinal);
        Assert.Equal("/tmp/x", new EdgeOptions { SnapshotFolder = "/tmp/x" }.EffectiveSnapshotFolder);
        Assert.Equal("edge-a", new EdgeOptions { Id = "edge-a" }.EffectiveId);
        Assert.EndsWith(Path.DirectorySeparatorChar + "edge_a_b", new EdgeOptions { Id = "edge/a b" }.EffectiveSnapshotFolder, StringComparison.Ordinal);
    }
}
