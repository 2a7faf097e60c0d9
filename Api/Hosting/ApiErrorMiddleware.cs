using Vantage.Api.Json;

namespace Vantage.Api.Hosting;

/// <summary>
/// Turns failures into NS1's <c>{"message": ...}</c>: refused requests keep their status, an unreachable or slow
/// cluster is 503, anything else 500 (logged). Also sets the headers NS1 sends on every answer.
/// </summary>
public sealed partial class ApiErrorMiddleware(RequestDelegate next, ILogger<ApiErrorMiddleware> logger)
{
    public const string ServerHeader = "Vantage API v1";

    public async Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.Server = ServerHeader;
        if (!context.Request.Path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase))
        {
            headers.CacheControl = "no-cache";
            headers.Pragma = "no-cache";
            headers.Expires = "0";
        }

        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            var (status, message) = Classify(e);
            if (status >= 500) LogFailure(logger, context.Request.Method, context.Request.Path, e);
            await ApiResults.WriteMessageAsync(context, status, message);
        }
    }

    private static (int Status, string Message) Classify(Exception e) => e switch
    {
        ApiRequestException refused => (refused.StatusCode, refused.Message),
        BadHttpRequestException bad => (bad.StatusCode, bad.Message),
        TimeoutException => (StatusCodes.Status503ServiceUnavailable, "cluster unavailable: the request timed out"),
        OrleansException => (StatusCodes.Status503ServiceUnavailable, "cluster unavailable"),
        _ => (StatusCodes.Status500InternalServerError, "internal error"),
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogFailure(ILogger logger, string method, string path, Exception exception);
}
