using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.TestingHost;
using Vantage.EdgeDns.Cluster;
using Vantage.EdgeDns.Zones;
using Vantage.Grains;
using Vantage.Model;
using Vantage.Tests.Grains;

namespace Vantage.Tests.Resilience;

/// <summary>
/// An in-process cluster whose zone state survives any silo (one <see cref="FaultInjectingStorage"/> shared by all
/// silos, standing in for a database), with the stream's pub/sub state in memory per silo (so it is lost with its
/// silo, as in development), fast failure detection, and a client that tells every test edge about connection changes.
/// </summary>
public sealed class ResilienceCluster : IAsyncDisposable
{
    /// <summary>Grain calls give up after this long (a call to a dead silo otherwise waits 30 s).</summary>
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(4);

    private readonly ConnectionRelay relay = new();

    private ResilienceCluster(InProcessTestCluster cluster) => Cluster = cluster;

    public InProcessTestCluster Cluster { get; }

    public FaultInjectingStorage Storage { get; } = new();

    public IClusterClient Client => Cluster.Client;

    public static async Task<ResilienceCluster> StartAsync(short silos)
    {
        ResilienceCluster? self = null;
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddVantageGrains(new ConfigurationBuilder().Build());
            silo.Services.AddGrainStorage(ProviderNames.ZoneStore, (_, _) => self!.Storage);
            silo.AddMemoryGrainStorage(ProviderNames.PubSubStore);
            silo.AddMemoryStreams(ProviderNames.Streams);
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromMilliseconds(500);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(1);
            });
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
        });
        builder.ConfigureClient(client =>
        {
            client.AddMemoryStreams(ProviderNames.Streams);
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromMilliseconds(500));
        });
        builder.ConfigureClientHost(host => host.Services.AddSingleton<IClusterConnectionStatusObserver>(self!.relay));
        var cluster = builder.Build();
        self = new ResilienceCluster(cluster);
        await cluster.DeployAsync();
        return self;
    }

    /// <summary>Forwards the shared client's connection callbacks to <paramref name="monitor"/> (an edge's).</summary>
    public void Attach(ClusterConnectionMonitor monitor) => relay.Add(monitor);

    public void Detach(ClusterConnectionMonitor monitor) => relay.Remove(monitor);

    public IZoneGrain Zone(string name) => Client.GetGrain<IZoneGrain>(name);

    /// <summary>The silo hosting the zone grain's activation (activating it first).</summary>
    public async Task<InProcessSiloHandle> HostOfAsync(string zone)
    {
        var grain = Zone(zone);
        await grain.GetVersion();
        Assert.True(Cluster.TryGetGrainContext(grain.GetGrainId(), out var context), $"zone grain {zone} is not active");
        return Cluster.Silos.Single(s => s.SiloAddress.Equals(context.Address.SiloAddress));
    }

    /// <summary>The grain's records digest and version (the truth the edges must converge to).</summary>
    public async Task<(string Digest, long Version)> TruthAsync(string zone)
    {
        var snapshot = (await Zone(zone).Get()).Value!;
        return (ZoneDigest.Of(snapshot.Records), snapshot.Version);
    }

    public static RecordPatch A(string address) => new() { Answers = [new DnsAnswer { Id = "", Rdata = [address] }], Ttl = 60 };

    public static string Address(int i) => string.Create(CultureInfo.InvariantCulture, $"10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}");

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();

    private sealed class ConnectionRelay : IClusterConnectionStatusObserver
    {
        private readonly Lock gate = new();
        private List<ClusterConnectionMonitor> monitors = [];

        public void Add(ClusterConnectionMonitor monitor)
        {
            lock (gate) monitors = [.. monitors, monitor];
        }

        public void Remove(ClusterConnectionMonitor monitor)
        {
            lock (gate) monitors = [.. monitors.Where(m => m != monitor)];
        }

        public void NotifyClusterConnectionLost()
        {
            foreach (var m in Volatile.Read(ref monitors)) m.NotifyClusterConnectionLost();
        }

        public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
        {
            foreach (var m in Volatile.Read(ref monitors)) m.NotifyGatewayCountChanged(currentNumberOfGateways, previousNumberOfGateways, connectionRecovered);
        }
    }
}
