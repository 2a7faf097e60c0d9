using System.Diagnostics;
using Vantage.Model;
using Xunit.Abstractions;

namespace Vantage.Tests.Resilience;

/// <summary>
/// The whole cluster goes away: the edge keeps answering from memory; restarted while the cluster is still down it
/// answers from its local snapshot at once; when the cluster returns and zones change, it converges.
/// </summary>
public sealed class ClusterOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string ZoneName = "outage.test";
    private const int Records = 20;
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(25);
    private readonly string folder = Path.Combine(Path.GetTempPath(), "vantage-outage-" + Guid.NewGuid().ToString("N"));
    private ResilienceCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await ResilienceCluster.StartAsync(silos: 1);

    public async Task DisposeAsync()
    {
        await cluster.DisposeAsync();
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    private static string Host(int i) => $"h{i}.{ZoneName}";

    /// <summary>Every record answers with its address; "gone" names answer NXDOMAIN.</summary>
    private static void AssertServes(TestEdge edge, IEnumerable<int> hosts)
    {
        foreach (var i in hosts)
        {
            var answer = edge.Ask(Host(i));
            Assert.Equal(0, answer.Rcode);
            Assert.Equal(ResilienceCluster.Address(i), Assert.Single(answer.Answers).Data);
        }
    }

    [Fact]
    public async Task An_edge_serves_through_a_cluster_outage_and_a_restart_then_converges()
    {
        var zone = cluster.Zone(ZoneName);
        Assert.True((await zone.Create(new ZonePatch())).Ok);
        for (var i = 0; i < Records; i++) Assert.True((await zone.CreateRecord(Host(i), "A", ResilienceCluster.A(ResilienceCluster.Address(i)))).Ok);
        var (digest, version) = await cluster.TruthAsync(ZoneName);

        var snapshots = Path.Combine(folder, "edge");
        var edge = await TestEdge.StartAsync(cluster, "edge-outage", snapshots, TimeSpan.FromSeconds(2));
        try
        {
            await Poll.Require(() => edge.Store.Digest(ZoneName) == digest, Converge, () => "edge did not load the zone");

            // The whole cluster stops (the client stays, with nowhere to connect).
            foreach (var silo in cluster.Cluster.Silos) await cluster.Cluster.StopSiloAsync(silo);
            AssertServes(edge, Enumerable.Range(0, Records));

            // Restart the edge while the cluster is down: it answers from its snapshot as soon as it has started.
            await edge.StopAsync();
            var watch = Stopwatch.StartNew();
            edge = await TestEdge.StartAsync(cluster, "edge-outage", snapshots, TimeSpan.FromSeconds(2));
            AssertServes(edge, Enumerable.Range(0, Records));
            output.WriteLine($"restarted edge answered from its snapshot {watch.ElapsedMilliseconds} ms after the start began");
            Assert.Equal(version, edge.Store.VersionOf(ZoneName));
            Assert.Equal(digest, edge.Store.Digest(ZoneName));

            // The cluster comes back; the zone changes (one record added, one updated, one deleted) and a zone is created.
            watch.Restart();
            await cluster.Cluster.StartAdditionalSiloAsync();
            await Poll.Require(async () => (await zone.CreateRecord(Host(Records), "A", ResilienceCluster.A(ResilienceCluster.Address(Records)))).Ok,
                Converge, () => "the cluster did not accept writes again");
            Assert.True((await zone.UpdateRecord(Host(0), "A", ResilienceCluster.A(ResilienceCluster.Address(999)))).Ok);
            Assert.True((await zone.DeleteRecord(Host(1), "A")).Ok);
            Assert.True((await cluster.Zone("fresh.test").Create(new ZonePatch())).Ok);
            (digest, version) = await cluster.TruthAsync(ZoneName);

            var took = await Poll.Require(() => edge.Store.Digest(ZoneName) == digest && edge.Store.VersionOf("fresh.test") > 0,
                Converge, () => $"edge at version {edge.Store.VersionOf(ZoneName)}, grain at {version}");
            output.WriteLine($"edge converged {took.TotalMilliseconds:F0} ms after the changes ({watch.ElapsedMilliseconds} ms after the cluster restart began)");
            Assert.Equal(version, edge.Store.VersionOf(ZoneName));
            Assert.Equal(ResilienceCluster.Address(999), Assert.Single(edge.Ask(Host(0)).Answers).Data);
            Assert.Equal(3, edge.Ask(Host(1)).Rcode);
            AssertServes(edge, Enumerable.Range(2, Records - 1));
            Assert.Equal(0, edge.Ask("fresh.test", type: 6).Rcode);

            // The snapshot on disk follows: after a stop it holds the converged zone.
            await edge.StopAsync();
            var load = new Vantage.EdgeDns.Snapshots.ZoneSnapshotFolder(snapshots).Load();
            Assert.Empty(load.Skipped);
            Assert.Equal(digest, Vantage.EdgeDns.Zones.ZoneDigest.Of(load.Zones.Single(z => z.Settings.Name == ZoneName).Records));
        }
        finally
        {
            await edge.DisposeAsync();
        }
    }
}
