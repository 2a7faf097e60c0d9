using System.Collections.Concurrent;
using System.Diagnostics;
using Vantage.Model;
using Xunit.Abstractions;

namespace Vantage.Tests.Resilience;

/// <summary>
/// The silo hosting a zone grain dies in the middle of a burst of writes: every acknowledged write survives, and
/// every edge ends up serving exactly the grain's records (same digest), even though stream events and the
/// pub/sub subscription died with the silo.
/// </summary>
public sealed class SiloFailureTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string ZoneName = "burst.test";
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(25);
    private readonly string folder = Path.Combine(Path.GetTempPath(), "vantage-resilience-" + Guid.NewGuid().ToString("N"));
    private ResilienceCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await ResilienceCluster.StartAsync(silos: 2);

    public async Task DisposeAsync()
    {
        await cluster.DisposeAsync();
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Killing_the_zone_grains_silo_mid_burst_loses_no_acknowledged_write_and_edges_converge()
    {
        Assert.True((await cluster.Zone(ZoneName).Create(new ZonePatch())).Ok);
        await using var edge1 = await TestEdge.StartAsync(cluster, "edge-1", Path.Combine(folder, "1"), TimeSpan.FromSeconds(2));
        await using var edge2 = await TestEdge.StartAsync(cluster, "edge-2", Path.Combine(folder, "2"), TimeSpan.FromSeconds(2));
        await Poll.Require(() => edge1.Store.VersionOf(ZoneName) == 1 && edge2.Store.VersionOf(ZoneName) == 1,
            Converge, () => "edges did not load the zone");

        var host = await cluster.HostOfAsync(ZoneName);
        var acknowledged = new ConcurrentDictionary<int, string>();
        var failed = 0;
        var next = -1;
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        const int Writers = 3;
        const int Writes = 240;
        const int KillAfter = 60;

        async Task WriteAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < Writes)
            {
                var domain = $"w{i}.{ZoneName}";
                try
                {
                    var result = await cluster.Zone(ZoneName).CreateRecord(domain, "A", ResilienceCluster.A(ResilienceCluster.Address(i)));
                    if (result.Ok) acknowledged[i] = domain;
                    else Interlocked.Increment(ref failed);
                }
                catch (Exception)
                {
                    // Lost with the silo, or timed out: not acknowledged, so it may or may not be there.
                    Interlocked.Increment(ref failed);
                }
                if (acknowledged.Count >= KillAfter) killed.TrySetResult();
            }
        }

        var burst = Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(WriteAsync)));
        await killed.Task.WaitAsync(Converge);
        var beforeKill = acknowledged.Count;
        var watch = Stopwatch.StartNew();
        await cluster.Cluster.KillSiloAsync(host);
        await burst.WaitAsync(TimeSpan.FromSeconds(45));
        output.WriteLine($"burst: {acknowledged.Count} acknowledged ({beforeKill} before the kill), {failed} failed; burst ended {watch.ElapsedMilliseconds} ms after the kill");

        // Writes went on being acknowledged after the kill, on the surviving silo.
        Assert.True(acknowledged.Count > beforeKill + 20, $"only {acknowledged.Count - beforeKill} writes acknowledged after the kill ({failed} failed)");
        Assert.NotEqual(host.SiloAddress, (await cluster.HostOfAsync(ZoneName)).SiloAddress);

        var (digest, version) = await cluster.TruthAsync(ZoneName);
        var stored = (await cluster.Zone(ZoneName).Get()).Value!.Records.Select(r => r.Domain).ToHashSet(StringComparer.Ordinal);
        Assert.All(acknowledged.Values, domain => Assert.Contains(domain, stored));

        foreach (var edge in new[] { edge1, edge2 })
        {
            var took = await Poll.Require(() => edge.Store.Digest(ZoneName) == digest, Converge,
                () => $"edge at version {edge.Store.VersionOf(ZoneName)}, grain at {version}");
            var metrics = edge.Metrics;
            output.WriteLine($"edge converged to version {version} {took.TotalMilliseconds:F0} ms after the burst; " +
                $"{metrics.ChangesApplied} changes applied, {metrics.SnapshotsFetched} snapshots fetched, {edge.Sync.Reconciles} reconciles");
            Assert.Equal(version, edge.Store.VersionOf(ZoneName));
            foreach (var (i, domain) in acknowledged)
            {
                var answer = edge.Ask(domain);
                Assert.Equal(0, answer.Rcode);
                Assert.Equal(ResilienceCluster.Address(i), Assert.Single(answer.Answers).Data);
            }
        }

        // Each edge reports the version it serves to the registry.
        var registry = cluster.Client.GetGrain<IEdgeRegistryGrain>(GrainKeys.Directory);
        await Poll.Require(async () =>
            (await registry.List()).Count(r => r.Zones.GetValueOrDefault(ZoneName) == version
                && r.ChangesApplied + r.SnapshotsFetched > 0 && r.QueriesAnswered >= acknowledged.Count) == 2,
            Converge, () => "edges did not report the grain's version");
        var reports = await registry.List();
        Assert.Equal(["edge-1", "edge-2"], reports.Select(r => r.EdgeId));
        Assert.Equal([edge1.EndPoint.ToString(), edge2.EndPoint.ToString()], reports.Select(r => r.Endpoint));
        Assert.All(reports, r => Assert.True(r.LagP50Ms <= r.LagP99Ms && r.LagP99Ms <= r.LagMaxMs && r.StartedAt <= r.ReportedAt, r.ToString()));
    }
}
