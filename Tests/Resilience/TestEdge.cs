using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vantage.EdgeDns;
using Vantage.EdgeDns.Cluster;
using Vantage.EdgeDns.Server;
using Vantage.EdgeDns.Zones;
using Vantage.Tests.Dns;

namespace Vantage.Tests.Resilience;

/// <summary>
/// A whole edge in its own host (DNS server on 127.0.0.1 and a free port, local snapshots, zone sync, reporter)
/// over the test cluster's client, answering real UDP queries.
/// </summary>
public sealed class TestEdge : IAsyncDisposable
{
    private readonly ResilienceCluster cluster;
    private readonly IHost host;
    private bool stopped;

    private TestEdge(ResilienceCluster cluster, IHost host)
    {
        this.cluster = cluster;
        this.host = host;
    }

    public ZoneStore Store => host.Services.GetRequiredService<ZoneStore>();

    public Vantage.EdgeDns.Reporting.EdgeMetrics Metrics => host.Services.GetRequiredService<Vantage.EdgeDns.Reporting.EdgeMetrics>();

    public ZoneSyncService Sync => host.Services.GetRequiredService<ZoneSyncService>();

    public IPEndPoint EndPoint => host.Services.GetRequiredService<DnsServer>().EndPoint!;

    public static async Task<TestEdge> StartAsync(ResilienceCluster cluster, string id, string snapshotFolder, TimeSpan reconcileInterval)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(EdgeTestSettings.InProcess(new Dictionary<string, string?>
        {
            ["Vantage:Edge:Workers"] = "1",
            ["Vantage:Edge:Id"] = id,
            ["Vantage:Edge:SnapshotFolder"] = snapshotFolder,
            ["Vantage:Edge:ReconcileInterval"] = reconcileInterval.ToString("c"),
            ["Vantage:Edge:ReportInterval"] = "00:00:01",
            ["Vantage:Edge:ClusterResponseTimeout"] = ResilienceCluster.ResponseTimeout.ToString("c"),
        }));
        builder.Services.AddSingleton(cluster.Client);
        builder.Services.AddEdgeDnsServer(builder.Configuration);
        builder.Services.AddEdgeSnapshots();
        builder.Services.AddEdgeZoneSync();
        var host = builder.Build();
        var edge = new TestEdge(cluster, host);
        cluster.Attach(host.Services.GetRequiredService<ClusterConnectionMonitor>());
        await host.StartAsync();
        return edge;
    }

    /// <summary>One UDP query to this edge.</summary>
    public TestResponse Ask(string name, ushort type = 1)
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 2000 };
        s.Connect(EndPoint);
        s.Send(TestQuery.Build(name, type));
        return TestResponse.Parse(EdgeServer.Receive(s));
    }

    /// <summary>Stops the host (flushing snapshots) and detaches from the cluster's connection callbacks.</summary>
    public async Task StopAsync()
    {
        if (stopped) return;
        stopped = true;
        cluster.Detach(host.Services.GetRequiredService<ClusterConnectionMonitor>());
        await host.StopAsync();
        host.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
