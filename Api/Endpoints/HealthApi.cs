using Microsoft.Extensions.Options;
using Vantage.Api.Hosting;
using Vantage.Api.Json;
using Vantage.Api.Swagger;

namespace Vantage.Api.Endpoints;

/// <summary>
/// <c>GET /health</c> (anonymous): ready only when the cluster answers a cheap membership call (no zone listing)
/// within the timeout. The verdict is cached for <see cref="HealthProbe.CacheFor"/>, and concurrent requests share
/// one probe, so polling it costs the cluster at most one call a second.
/// </summary>
public static class HealthApi
{
    public const string Ready = "ready";
    public const string Unavailable = "unavailable";

    public static RouteHandlerBuilder MapHealthApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/health", async (HealthProbe probe) => Status(await probe.ReadyAsync()))
            .WithName("Health").WithTags("Health")
            .WithSummary("200 {\"status\":\"ready\"} when the cluster answers, else 503. Needs no key; cached for a second.")
            .Produces<HealthDoc>().Produces<HealthDoc>(StatusCodes.Status503ServiceUnavailable)
            .AllowAnonymous()
            .DisableRateLimiting();

    private static JsonWriterResult Status(bool ready) => new(ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, w =>
    {
        w.WriteStartObject();
        w.WriteString("status", ready ? Ready : Unavailable);
        w.WriteEndObject();
    });
}

/// <summary>The cached readiness verdict behind <c>/health</c>; time is injected.</summary>
public sealed partial class HealthProbe(IClusterClient client, ClusterReadiness cluster, IOptions<ApiOptions> options,
    TimeProvider time, ILogger<HealthProbe> logger)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private Task<bool>? _current;
    private long _startedAt;

    /// <summary>How many probes reached the cluster (for tests of the cache).</summary>
    public int Probes => _probes;

    private int _probes;

    public Task<bool> ReadyAsync()
    {
        if (!cluster.Connected) return Task.FromResult(false);
        lock (_gate)
        {
            if (_current is null || (_current.IsCompleted && time.GetElapsedTime(_startedAt) >= CacheFor))
            {
                _startedAt = time.GetTimestamp();
                _current = ProbeAsync();
            }
            return _current;
        }
    }

    private async Task<bool> ProbeAsync()
    {
        Interlocked.Increment(ref _probes);
        try
        {
            var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)
                .WaitAsync(TimeSpan.FromSeconds(options.Value.HealthTimeoutSeconds), time);
            return hosts.Count > 0;
        }
        catch (Exception e)
        {
            LogUnhealthy(logger, e.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health check failed: {Reason}")]
    private static partial void LogUnhealthy(ILogger logger, string reason);
}
