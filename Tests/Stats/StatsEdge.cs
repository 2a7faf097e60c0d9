using System.Net;
using DnsClient;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vantage.EdgeDns;
using Vantage.EdgeDns.Server;
using Vantage.EdgeDns.Stats;
using Vantage.EdgeDns.Zones;
using Orleans.TestingHost;

namespace Vantage.Tests.Stats;

/// <summary>An edge host (DNS on 127.0.0.1, zone sync, stats flusher) over a test cluster's client, asked with DnsClient.</summary>
public sealed class StatsEdge : IAsyncDisposable
{
    private readonly IHost host;
    private bool stopped;

    private StatsEdge(IHost host) => this.host = host;

    public IPEndPoint EndPoint => host.Services.GetRequiredService<DnsServer>().EndPoint!;

    public StatsFlusher Flusher => host.Services.GetRequiredService<StatsFlusher>();

    public ZoneStore Store => host.Services.GetRequiredService<ZoneStore>();

    /// <summary>An edge with its own Orleans client (as the real process has) connected to <paramref name="cluster"/>'s gateway.</summary>
    public static async Task<StatsEdge> StartAsync(TestCluster cluster, string id, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var settings = new Dictionary<string, string?>
        {
            ["Vantage:Edge:Workers"] = "1",
            ["Vantage:Edge:Id"] = id,
            ["Vantage:Edge:SnapshotFolder"] = Path.Combine(Path.GetTempPath(), "vantage-stats-" + Guid.NewGuid().ToString("N")),
            ["Vantage:Edge:ReportInterval"] = "00:00:01",
            ["Vantage:Edge:StatsFlushInterval"] = "00:00:00.200",
            ["Vantage:Edge:ClusterResponseTimeout"] = "00:00:05",
            ["Vantage:Cluster:ClusterId"] = cluster.Options.ClusterId,
            ["Vantage:Cluster:ServiceId"] = cluster.Options.ServiceId,
            ["Vantage:Cluster:GatewayPort"] = cluster.Options.BaseGatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Vantage:Geo:Folder"] = Vantage.Tests.Geo.GeoData.Folder,
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) settings[k] = v;
        builder.Configuration.AddInMemoryCollection(EdgeTestSettings.InProcess(settings));
        builder.AddVantageEdge();
        var host = builder.Build();
        await host.StartAsync();
        return new StatsEdge(host);
    }

    public LookupClient Dns(bool tcp = false) => DnsClients.For(EndPoint, tcp);

    /// <summary>A graceful stop: the flusher sends what was counted.</summary>
    public async Task StopAsync()
    {
        if (stopped) return;
        stopped = true;
        await host.StopAsync();
        host.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
