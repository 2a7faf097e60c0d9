using Vantage.Hosting;
using System.Net;
using OpenTelemetry.Metrics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Orleans.Dashboard;
using Vantage.Grains;
using Vantage.Silo.Health;
using Vantage.Silo.Options;
using Vantage.Silo.Production;

namespace Vantage.Silo.Hosting;

public static class SiloHostingExtensions
{
    /// <summary>
    /// Makes this web host a Vantage silo: settings (validated now), clustering for the configured
    /// profile, grains, durable storage, streams, the Orleans dashboard and health checks. Kestrel
    /// listens on 127.0.0.1:<c>Vantage:Dashboard:Port</c> only.
    /// </summary>
    public static WebApplicationBuilder AddVantageSilo(this WebApplicationBuilder builder)
    {
        var settings = SiloSettings.Load(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(settings.Cluster));
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(settings.Data));
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(settings.Dashboard));

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, settings.Dashboard.Port));

        builder.Services.AddVantageGrains(builder.Configuration);
        var production = settings.Cluster.Mode == ClusterMode.AdoNet ? ProductionFor(builder.Configuration, settings.Cluster) : null;
        builder.UseOrleans(silo =>
        {
            if (production is null)
            {
                silo.ConfigureClustering(settings.Cluster).ConfigureStorage(settings.Data.FullPath);
            }
            else
            {
                silo.UseVantageProduction(production);
            }
            silo.ConfigureStreams().AddDashboard();
            silo.AddVantageMonitoring(builder.Configuration);
        });
        // Development watches services on the developer's own machine; production refuses loopback unless configured.
        var development = production is null;
        builder.Services.PostConfigure<Vantage.Grains.Monitoring.MonitoringOptions>(o => o.AllowLoopback ??= development);

        // Metrics on the dashboard's port at /metrics: grain call durations and storage read/write times (Orleans'
        // meter), the silo's HTTP endpoints and the .NET runtime.
        builder.Services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter("Microsoft.Orleans")
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));

        var health = builder.Services.AddHealthChecks().AddCheck<SiloMembershipHealthCheck>("silo");
        if (production is null) health.AddCheck<StorageHealthCheck>("storage");
        return builder;
    }

    /// <summary>Production options with the cluster identity and ports of <c>Vantage:Cluster</c> (one place for them).</summary>
    private static ProductionOptions ProductionFor(IConfiguration configuration, SiloClusterOptions cluster)
    {
        var production = ProductionOptions.FromConfiguration(configuration);
        production.ClusterId = cluster.ClusterId;
        production.ServiceId = cluster.ServiceId;
        production.SiloPort = cluster.SiloPort;
        production.GatewayPort = cluster.GatewayPort;
        production.ThrowIfInvalid();
        return production;
    }

    /// <summary>Serves the Orleans dashboard under <c>/dashboard</c> and the health checks under <c>/health</c>.</summary>
    public static WebApplication MapVantageSilo(this WebApplication app)
    {
        app.MapOrleansDashboard(SiloDashboardOptions.RoutePrefix);
        app.MapHealthChecks(SiloDashboardOptions.HealthPath, new HealthCheckOptions());
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapGet("/", () => Results.Redirect(SiloDashboardOptions.RoutePrefix + "/"));
        return app;
    }
}
