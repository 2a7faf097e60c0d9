using System.Net;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Orleans.Dashboard;
using Vantage.Grains;
using Vantage.Silo.Health;
using Vantage.Silo.Options;

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
        builder.UseOrleans(silo => silo
            .ConfigureClustering(settings.Cluster)
            .ConfigureStorage(settings.Data.FullPath)
            .ConfigureStreams()
            .AddDashboard());

        builder.Services.AddHealthChecks()
            .AddCheck<SiloMembershipHealthCheck>("silo")
            .AddCheck<StorageHealthCheck>("storage");
        return builder;
    }

    /// <summary>Serves the Orleans dashboard under <c>/dashboard</c> and the health checks under <c>/health</c>.</summary>
    public static WebApplication MapVantageSilo(this WebApplication app)
    {
        app.MapOrleansDashboard(SiloDashboardOptions.RoutePrefix);
        app.MapHealthChecks(SiloDashboardOptions.HealthPath, new HealthCheckOptions());
        app.MapGet("/", () => Results.Redirect(SiloDashboardOptions.RoutePrefix + "/"));
        return app;
    }
}
