using Microsoft.Extensions.Options;
using Vantage.Api.Hosting;
using Vantage.Api.Json;
using Vantage.Api.Swagger;

namespace Vantage.Api.Endpoints;

/// <summary><c>GET /health</c>: ready only when the cluster answers a directory call within the timeout.</summary>
public static partial class HealthApi
{
    public const string Ready = "ready";
    public const string Unavailable = "unavailable";

    public static RouteHandlerBuilder MapHealthApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/health", Check).WithName("Health").WithTags("Health")
            .WithSummary("200 {\"status\":\"ready\"} when the cluster answers, else 503.")
            .Produces<HealthDoc>().Produces<HealthDoc>(StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> Check(IGrainFactory grains, ClusterReadiness cluster, IOptions<ApiOptions> options,
        ILoggerFactory loggers, CancellationToken ct)
    {
        if (!cluster.Connected) return Status(StatusCodes.Status503ServiceUnavailable, Unavailable);
        try
        {
            await grains.GetGrain<IZoneDirectoryGrain>(GrainKeys.Directory).List()
                .WaitAsync(TimeSpan.FromSeconds(options.Value.HealthTimeoutSeconds), ct);
            return Status(StatusCodes.Status200OK, Ready);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogUnhealthy(loggers.CreateLogger(typeof(HealthApi)), e.Message);
            return Status(StatusCodes.Status503ServiceUnavailable, Unavailable);
        }
    }

    private static JsonWriterResult Status(int statusCode, string status) => new(statusCode, w =>
    {
        w.WriteStartObject();
        w.WriteString("status", status);
        w.WriteEndObject();
    });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health check failed: {Reason}")]
    private static partial void LogUnhealthy(ILogger logger, string reason);
}
