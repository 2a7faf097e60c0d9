using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Vantage.Api.Endpoints;
using Vantage.Api.Json;
using Vantage.Api.Security;
using Vantage.Api.Status;
using Vantage.Api.Swagger;
using Vantage.Steering.Geo;

namespace Vantage.Api.Hosting;

/// <summary>Everything the API host needs, so that Program.cs stays two calls long.</summary>
public static class ApiHostingExtensions
{
    public const string NotFoundMessage = "resource not found";

    /// <summary>Options, Orleans client, API key, rate limiter, Kestrel endpoints and Swagger.</summary>
    public static WebApplicationBuilder AddVantageApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ApiOptions>()
            .Bind(builder.Configuration.GetSection(ApiOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DataFolder>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<ApiRateLimiter>();
        services.AddSingleton<ClusterReadiness>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterReadiness>());
        services.AddHostedService<ApiKeyStartup>();
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, KestrelEndpointsSetup>();
        services.AddVantageSwagger();
        services.AddApiTelemetry();
        services.AddVantageGeo(builder.Configuration, GeoStartup.Background);
        // Serve (and answer /health with 503) while the Orleans client is still connecting to the cluster.
        services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);

        builder.AddVantageClusterClient();
        return builder;
    }

    /// <summary>Middleware, <c>/v1</c> endpoints, <c>/health</c> and Swagger.</summary>
    public static WebApplication MapVantageApi(this WebApplication app)
    {
        app.UseMiddleware<ApiErrorMiddleware>();
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/v1"), v1 => v1.UseMiddleware<ApiKeyMiddleware>());
        app.UseVantageSwagger();

        app.MapZonesApi();
        app.MapRecordsApi();
        app.MapExplainApi();
        app.MapZoneFilesApi();
        app.MapEdgesApi();
        app.MapStatsApi();
        app.MapCatalogApi();
        app.MapHealthApi();
        app.MapApiTelemetry();
        app.MapStatusPage();
        app.MapFallback("/v1/{**path}", () => ApiResults.Message(StatusCodes.Status404NotFound, NotFoundMessage))
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>Resolves the API key when the host starts, so a missing key fails fast and a generated one is logged at once.</summary>
    private sealed class ApiKeyStartup(ApiKeyStore keys) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.FromResult(keys.Key);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
