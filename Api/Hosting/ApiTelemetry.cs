using OpenTelemetry.Metrics;

namespace Vantage.Api.Hosting;

/// <summary>
/// OpenTelemetry metrics of the API with a Prometheus scrape endpoint at <c>/metrics</c> on its usual ports: HTTP
/// requests by route and status with their duration (<c>http.server.request.duration</c>), Orleans client meters
/// and the .NET runtime (GC, heap, thread pool).
/// </summary>
public static class ApiTelemetry
{
    public const string MetricsPath = "/metrics";

    public static IServiceCollection AddApiTelemetry(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(m => m
            .AddAspNetCoreInstrumentation()
            .AddMeter("Microsoft.Orleans")
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        return services;
    }

    public static WebApplication MapApiTelemetry(this WebApplication app)
    {
        // Scraped by Prometheus without the API key (no customer data: route names, counts, latencies).
        app.MapPrometheusScrapingEndpoint(MetricsPath).AllowAnonymous();
        return app;
    }
}
