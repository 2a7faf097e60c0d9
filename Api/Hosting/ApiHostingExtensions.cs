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

    /// <summary>Options, Orleans client, API key authentication and authorization, rate limiter, Kestrel endpoints and Swagger.</summary>
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
        services.AddApiKeyAuthentication();
        services.AddApiRateLimits();
        services.AddSingleton<ClusterReadiness>();
        services.AddSingleton<HealthProbe>();
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

    /// <summary>
    /// The pipeline: NS1 headers and errors; canonical methods (others 405); Swagger (anonymous, only when
    /// <see cref="ApiOptions.Swagger"/> allows it); authentication and authorization, which fail closed (every endpoint
    /// and every unmatched path needs the key unless marked anonymous, like <c>/health</c>); the rate limiter; the
    /// body budget and cluster check; then the <c>/v1</c> endpoints.
    /// </summary>
    public static WebApplication MapVantageApi(this WebApplication app)
    {
        app.UseMiddleware<ApiErrorMiddleware>();
        app.Use(RequestGuards.CanonicalMethod);
        var swagger = app.Services.GetRequiredService<IOptions<ApiOptions>>().Value.Swagger ?? app.Environment.IsDevelopment();
        if (swagger) app.UseVantageSwagger();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAfterRateLimitGuards();

        app.MapZonesApi();
        app.MapRecordsApi();
        app.MapExplainApi();
        app.MapZoneFilesApi();
        app.MapEdgesApi();
        app.MapStatsApi();
        app.MapCatalogApi();
        app.MapMonitoringApi();
        app.MapNotifyListsApi();
        app.MapDataApi();
        app.MapAnswerMonitorApi();
        app.MapHealthApi();
        app.MapApiTelemetry();
        app.MapStatusPage();
        app.MapFallback(() => ApiResults.Message(StatusCodes.Status404NotFound, NotFoundMessage)).ExcludeFromDescription();
        return app;
    }

    /// <summary>Resolves the API key when the host starts, so a missing key fails fast and a generated one is logged at once.</summary>
    private sealed class ApiKeyStartup(ApiKeyStore keys) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.FromResult(keys.Key);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
