using Xunit.Abstractions;
using System.Net;
using DnsClient;
using Microsoft.Extensions.DependencyInjection;
using Vantage.Stats;
using Vantage.Tests.Api;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.TestingHost;
using Vantage.Grains;
using Vantage.Tests.Grains;

namespace Vantage.Tests.Stats;

/// <summary>
/// Real DNS queries (DnsClient, UDP and TCP) to a real edge, counted into stats grains on a silo that is then killed
/// (two silos sharing one store): queries sent before and after the failover are read back through the
/// API's <c>/v1/stats/usage</c> exactly once, per zone and for the account.
/// </summary>
public sealed class StatsQueryFailoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Queries_are_counted_exactly_once_across_the_failover_of_their_stats_grains_silo()
    {
        var cluster = await StartClusterAsync();
        await using var _ = cluster;
        var victim = cluster.SecondarySilos[0];
        var survivor = cluster.Primary;

        // Two zones whose stats grains the victim hosts.
        var zones = new List<string>();
        for (var i = 0; zones.Count < 2 && i < 200; i++)
        {
            var candidate = ApiCalls.NewZone("failover");
            if (victim.SiloAddress.Equals(await HostOf(cluster, candidate))) zones.Add(candidate);
        }
        Assert.Equal(2, zones.Count);
        var (a, b) = (zones[0], zones[1]);
        output.WriteLine($"zones {a} {b} on {victim.SiloAddress}");

        // The API and the edge reach the cluster through the survivor's gateway (the primary's), as separate Orleans clients.
        await using var factory = new ApiFactory(cluster, null, null);
        using var api = factory.CreateApiClient();
        output.WriteLine("api started");
        foreach (var zone in zones)
        {
            Assert.Equal(HttpStatusCode.OK, (await api.CreateZone(zone)).Status);
            Assert.Equal(HttpStatusCode.OK, (await api.Put($"/v1/zones/{zone}/www.{zone}/A", """{"answers":[{"answer":["192.0.2.44"]}]}""")).Status);
        }

        output.WriteLine("zones created");
        await using var edge = await StatsEdge.StartAsync(cluster, "failover-edge");
        // Until a zone reaches the edge its queries are REFUSED (no zone's); the one answered counts: 1 per zone.
        foreach (var zone in zones)
            await Poll.Require(async () => (await edge.Dns().QueryAsync($"www.{zone}", QueryType.A)).Answers.Count > 0,
                Deadline, () => $"{zone} not served");

        output.WriteLine("zones served");
        var udp = edge.Dns();
        var tcp = edge.Dns(tcp: true);
        await Send(udp, $"www.{a}", 40);
        await Send(tcp, $"www.{a}", 20);
        await Send(udp, $"www.{b}", 25);
        for (var i = 0; i < 5; i++)
            Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, (await udp.QueryAsync($"nx{i}.{b}", QueryType.A)).Header.ResponseCode);

        // Batches are in flight every 200 ms: the stats grains' silo dies under them.
        await cluster.KillSiloAsync(victim);

        output.WriteLine("silo killed");
        await Send(udp, $"www.{a}", 30);
        await Send(tcp, $"www.{a}", 10);
        await Send(udp, $"www.{b}", 15);

        output.WriteLine("queries sent");
        var expected = new Dictionary<string, long> { [a] = 1 + 40 + 20 + 30 + 10, [b] = 1 + 25 + 5 + 15 };
        foreach (var (zone, count) in expected)
            await Poll.Require(async () => await Queries(api, $"/v1/stats/usage/{zone}") == count, Deadline,
                () => $"{zone}: expected {count} queries");
        // Everything the edge counted is acknowledged: nothing pending could still add to the figures.
        await Poll.Require(() => edge.Flusher.FlushAsync(CancellationToken.None), Deadline, () => "batches still pending");
        foreach (var (zone, count) in expected)
        {
            Assert.Equal(count, await Queries(api, $"/v1/stats/usage/{zone}"));
            Assert.Equal(count - (zone == b ? 5 : 0), await Queries(api, $"/v1/stats/usage/{zone}/www.{zone}/A"));
            // The figures come from new activations on the survivor.
            Assert.Equal(survivor!.SiloAddress, await HostOf(cluster, zone));
        }
        // The account layer holds exactly the sum (this cluster has no other zones).
        await Poll.Require(async () => await Queries(api, "/v1/stats/usage") == expected.Values.Sum(), Deadline,
            () => $"account: expected {expected.Values.Sum()} queries");
    }

    /// <summary>Two silos over TCP (so that separate clients connect), zone and stats state in one store that survives either silo.</summary>
    private static async Task<TestCluster> StartClusterAsync()
    {
        var builder = new TestClusterBuilder(2);
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Options.ClusterId = "stats-failover-" + Guid.NewGuid().ToString("N")[..8];
        builder.Options.ServiceId = "vantage-stats-failover";
        builder.AddSiloBuilderConfigurator<SharedStoreSilo>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>The silo that hosts the zone's stats grain (activating it first).</summary>
    private static async Task<SiloAddress?> HostOf(TestCluster cluster, string zone)
    {
        var grain = cluster.Client.GetGrain<IZoneStatsGrain>(zone);
        await grain.Qps();
        var activations = await cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return activations.SingleOrDefault(s => s.GrainId == grain.GetGrainId())?.SiloAddress;
    }

    public sealed class SharedStoreSilo : ISiloConfigurator
    {
        /// <summary>Stands in for a database: every silo of every cluster in this process reads and writes it.</summary>
        private static readonly FaultInjectingStorage Store = new();

        public void Configure(ISiloBuilder silo)
        {
            silo.Services.AddGrainStorage(ProviderNames.ZoneStore, (_, _) => Store);
            silo.AddMemoryGrainStorage(ProviderNames.MonitorStore);
            silo.AddMemoryGrainStorage(ProviderNames.PubSubStore);
            silo.AddMemoryStreams(ProviderNames.Streams);
            silo.Services.AddVantageGrains(silo.Configuration);
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromMilliseconds(500);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(1);
            });
        }
    }

    private static async Task Send(LookupClient dns, string name, int count)
    {
        for (var i = 0; i < count; i++) Assert.False((await dns.QueryAsync(name, QueryType.A)).HasError);
    }

    private static async Task<long> Queries(HttpClient api, string path)
    {
        var response = await api.Get(path);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return response.Json[0].GetProperty("queries").GetInt64();
    }
}
