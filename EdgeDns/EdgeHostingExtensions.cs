using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Vantage.Hosting;
using Vantage.EdgeDns.Cluster;
using Vantage.EdgeDns.Defense;
using Vantage.EdgeDns.Query;
using Vantage.EdgeDns.Reporting;
using Vantage.EdgeDns.Server;
using Vantage.EdgeDns.Snapshots;
using Vantage.EdgeDns.Stats;
using Vantage.EdgeDns.Zones;
using Vantage.Steering.Geo;

namespace Vantage.EdgeDns;

public static class EdgeHostingExtensions
{
    /// <summary>
    /// The whole edge: the DNS server with its local snapshots (loaded before the listeners start, so it serves even
    /// while the cluster is away) and the cluster sync.
    /// </summary>
    public static IHostApplicationBuilder AddVantageEdge(this IHostApplicationBuilder builder)
    {
        builder.Services.AddEdgeDnsServer(builder.Configuration);
        builder.Services.AddEdgeSnapshots();
        builder.AddEdgeClusterSync();
        EdgeTelemetry.AddEdgeTelemetry(builder.Services, builder.Configuration);
        builder.Services.AddHostedService<EdgeTelemetryStartup>();
        return builder;
    }

    /// <summary>Creates the edge's instruments when the host starts (before the first scrape).</summary>
    private sealed class EdgeTelemetryStartup(EdgeTelemetry telemetry) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.FromResult(telemetry);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
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
            .Validate(o => o.ReportInterval > TimeSpan.Zero, "Vantage:Edge:ReportInterval must be positive")
            .Validate(o => o.StatsFlushInterval > TimeSpan.Zero, "Vantage:Edge:StatsFlushInterval must be positive")
            .Validate(o => o.SnapshotWriteDelay >= TimeSpan.Zero, "Vantage:Edge:SnapshotWriteDelay must not be negative")
            .Validate(o => o.TcpQueryTimeout > TimeSpan.Zero, "Vantage:Edge:TcpQueryTimeout must be positive")
            .Validate(o => DnsCookies.IsValidSecret(o.Cookies.Secret), "Vantage:Edge:Cookies:Secret must be 32 hex digits")
            .Validate(o => o.Nsid is null || System.Text.Encoding.UTF8.GetByteCount(o.Nsid) <= QueryPolicy.MaxNsidLength, "Vantage:Edge:Nsid is too long")
            .Validate(o => o.RateLimit.ResponsesPerSecond is null or (>= 0 and <= 1_000_000) && o.RateLimit.Slip is >= 0 and <= 100
                && o.RateLimit.TableSize is >= 512 and <= 1 << 24, "Vantage:Edge:RateLimit: ResponsesPerSecond 0-1000000, Slip 0-100, TableSize 512-16777216")
            .PostConfigure(o => o.RateLimit.ResponsesPerSecond ??= ClusterClientOptions.ModeOf(configuration) == ClusterMode.AdoNet ? 100 : 0)
            .ValidateOnStart();
        // Registered before the DNS server so the server's start waits for the geo data (see GeoLookupService).
        services.AddVantageGeo(configuration, GeoStartup.Wait);
        services.AddSingleton<ZoneCatalog>();
        services.AddSingleton<ZoneStore>();
        services.TryAddSingleton<DefenseCounters>();
        services.AddSingleton<QueryPolicy>();
        services.AddSingleton(sp => new QueryCounters { Enabled = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<EdgeOptions>>().Value.CountQueries });
        services.AddSingleton<QueryProcessor>();
        services.AddSingleton<DnsServer>();
        services.AddHostedService(sp => sp.GetRequiredService<DnsServer>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EdgeMetrics>();
        return services;
    }

    /// <summary>
    /// Local zone snapshots (<see cref="EdgeOptions.SnapshotFolder"/>): loaded into the store before the listeners
    /// start, rewritten in the background as zones change, flushed on shutdown.
    /// </summary>
    public static IServiceCollection AddEdgeSnapshots(this IServiceCollection services)
    {
        services.AddSingleton<ZoneSnapshotService>();
        services.AddHostedService(sp => sp.GetRequiredService<ZoneSnapshotService>());
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
            // After a failed connect Orleans refuses new attempts to that gateway for this long (default 1 s);
            // a short delay lets an edge reconnect within half a second of the link coming back.
            client.Configure<ConnectionOptions>(o => o.ConnectionRetryDelay = TimeSpan.FromMilliseconds(200));
            // Keep trying: the edge serves its zones while the cluster is away.
            client.UseConnectionRetryFilter(async (_, token) =>
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), token).ConfigureAwait(false);
                return true;
            });
        });
        builder.Services.AddEdgeZoneSync();
        return builder;
    }

    /// <summary>
    /// The sync service and the edge reporter over an already registered <see cref="IClusterClient"/>. The connection
    /// monitor is registered as an <see cref="IClusterConnectionStatusObserver"/>, which the Orleans client picks up
    /// when it lives in the same container.
    /// </summary>
    public static IServiceCollection AddEdgeZoneSync(this IServiceCollection services)
    {
        services.TryAddSingleton<EdgeMetrics>();
        services.AddSingleton<ClusterConnectionMonitor>();
        services.AddSingleton<IClusterConnectionStatusObserver>(sp => sp.GetRequiredService<ClusterConnectionMonitor>());
        services.AddSingleton<IZoneSource, OrleansZoneSource>();
        services.AddSingleton<IZoneChangeFeed>(sp => new DeliveryTimedFeed(ActivatorUtilities.CreateInstance<OrleansZoneChangeFeed>(sp), sp.GetRequiredService<EdgeMetrics>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ZoneSynchronizer>();
        services.AddSingleton<ZoneSyncService>();
        services.AddHostedService(sp => sp.GetRequiredService<ZoneSyncService>());
        services.AddSingleton<StatsFlusher>();
        services.AddHostedService(sp => sp.GetRequiredService<StatsFlusher>());
        services.AddSingleton<EdgeReporter>();
        services.AddHostedService(sp => sp.GetRequiredService<EdgeReporter>());
        return services;
    }
}
