using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Vantage.Hosting;
using Vantage.EdgeDns.Cluster;
using Vantage.EdgeDns.Query;
using Vantage.EdgeDns.Server;
using Vantage.EdgeDns.Zones;

namespace Vantage.EdgeDns;

public static class EdgeHostingExtensions
{
    /// <summary>The whole edge: the DNS server (starts first and serves even while the cluster is away) and the cluster sync.</summary>
    public static IHostApplicationBuilder AddVantageEdge(this IHostApplicationBuilder builder)
    {
        builder.Services.AddEdgeDnsServer(builder.Configuration);
        builder.AddEdgeClusterSync();
        return builder;
    }

    /// <summary>Zone store, query processor and the UDP/TCP server; no cluster needed.</summary>
    public static IServiceCollection AddEdgeDnsServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EdgeOptions>()
            .Bind(configuration.GetSection(EdgeOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => System.Net.IPAddress.TryParse(o.Address, out _), "Vantage:Edge:Address must be an IP address")
            .Validate(o => o.TcpIdleTimeout > TimeSpan.Zero, "Vantage:Edge:TcpIdleTimeout must be positive")
            .Validate(o => o.ReconcileInterval > TimeSpan.Zero, "Vantage:Edge:ReconcileInterval must be positive")
            .ValidateOnStart();
        services.AddSingleton<ZoneCatalog>();
        services.AddSingleton<ZoneStore>();
        services.AddSingleton<QueryProcessor>();
        services.AddSingleton<DnsServer>();
        services.AddHostedService(sp => sp.GetRequiredService<DnsServer>());
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>The Orleans client (the configured cluster profile, memory streams) and the zone sync service.</summary>
    public static IHostApplicationBuilder AddEdgeClusterSync(this IHostApplicationBuilder builder)
    {
        var edge = builder.Configuration.GetSection(EdgeOptions.Section).Get<EdgeOptions>() ?? new EdgeOptions();
        builder.UseOrleansClient(client =>
        {
            client.UseVantageCluster(builder.Configuration);
            client.AddMemoryStreams(ProviderNames.Streams);
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = edge.ClusterResponseTimeout);
            // Keep trying: the edge serves its zones while the cluster is away.
            client.UseConnectionRetryFilter(async (_, token) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(2), token).ConfigureAwait(false);
                return true;
            });
        });
        builder.Services.AddEdgeZoneSync();
        return builder;
    }

    /// <summary>The sync service over an already registered <see cref="IClusterClient"/>.</summary>
    public static IServiceCollection AddEdgeZoneSync(this IServiceCollection services)
    {
        services.AddSingleton<IZoneSource, OrleansZoneSource>();
        services.AddSingleton<ZoneSynchronizer>();
        services.AddHostedService<ZoneSyncService>();
        return services;
    }
}
