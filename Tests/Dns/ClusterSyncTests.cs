using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;
using Vantage.EdgeDns;
using Vantage.EdgeDns.Cluster;
using Vantage.EdgeDns.Reporting;
using Vantage.Grains;
using Vantage.Model;
using Xunit;

namespace Vantage.Tests.Dns;

/// <summary>
/// The edge's sync service against a real in-process silo with the zone grains: zones created and changed through
/// the grains show up in DNS answers over UDP, driven by the zone-change stream.
/// </summary>
public sealed class ClusterSyncTests : IAsyncLifetime
{
    private InProcessTestCluster cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddVantageGrains(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
            silo.AddMemoryGrainStorage(ProviderNames.ZoneStore);
            silo.AddMemoryGrainStorage(ProviderNames.PubSubStore);
            silo.AddMemoryStreams(ProviderNames.Streams);
        });
        builder.ConfigureClient(client => client.AddMemoryStreams(ProviderNames.Streams));
        cluster = builder.Build();
        await cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task Zones_follow_the_cluster()
    {
        var zone = cluster.Client.GetGrain<IZoneGrain>("sync.test");
        Assert.True((await zone.Create(new ZonePatch { DnsServers = ["ns1.sync.test"] })).Ok);
        Assert.True((await zone.CreateRecord("a.sync.test", "A", new RecordPatch { Answers = [new DnsAnswer { Id = "", Rdata = ["192.0.2.1"] }] })).Ok);

        await using var edge = await EdgeServer.StartAsync();
        using var metrics = new EdgeMetrics();
        var synchronizer = new ZoneSynchronizer(new OrleansZoneSource(cluster.Client), edge.Store, metrics, TimeProvider.System, NullLogger<ZoneSynchronizer>.Instance);
        using var service = new ZoneSyncService(new OrleansZoneChangeFeed(cluster.Client), synchronizer, new ClusterConnectionMonitor(),
            Options.Create(new EdgeOptions { ReconcileInterval = TimeSpan.FromMinutes(10) }), TimeProvider.System, NullLogger<ZoneSyncService>.Instance);
        await service.StartAsync(CancellationToken.None);
        try
        {
            // Loaded from the snapshot at start.
            await PollAsync(edge, "a.sync.test", r => r.Answers.Count == 1 && r.Answers[0].Data == "192.0.2.1");

            // A change arrives through the stream.
            Assert.True((await zone.UpdateRecord("a.sync.test", "A", new RecordPatch { Answers = [new DnsAnswer { Id = "", Rdata = ["192.0.2.2"] }] })).Ok);
            await PollAsync(edge, "a.sync.test", r => r.Answers.Count == 1 && r.Answers[0].Data == "192.0.2.2");

            // A new zone arrives through its creation event.
            var other = cluster.Client.GetGrain<IZoneGrain>("new.sync2.test");
            Assert.True((await other.Create(new ZonePatch())).Ok);
            await PollAsync(edge, "new.sync2.test", r => r.Rcode == 0 && r.AA, type: 6);

            // Deletion stops the edge from serving it.
            Assert.True((await zone.Delete()).Ok);
            await PollAsync(edge, "a.sync.test", r => r.Rcode == 5);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    private static async Task PollAsync(EdgeServer edge, string name, Func<TestResponse, bool> done, ushort type = 1)
    {
        var last = "";
        await Poll.Require(() =>
        {
            using var s = edge.Connected(SocketType.Dgram, ProtocolType.Udp);
            s.Send(TestQuery.Build(name, type));
            var r = TestResponse.Parse(EdgeServer.Receive(s));
            last = $"rcode {r.Rcode}, answers [{string.Join(", ", r.Answers)}]";
            return done(r);
        }, TimeSpan.FromSeconds(15), () => $"{name}: not converged; last answer {last}");
    }
}
