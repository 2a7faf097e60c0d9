using Vantage.Api.Json;

namespace Vantage.Api.Hosting;

/// <summary>
/// Turns failures into NS1's <c>{"message": ...}</c>: refused requests keep their status; a cluster that could not be
/// reached is 503 (nothing was done); a cluster that did not answer in time is 504, and for a write that means its
/// outcome is unknown (it may have been applied); anything else 500 (logged). Also sets the headers NS1 sends on every answer.
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
            var (status, message) = Classify(e, context);
            if (status >= 500) LogFailure(logger, context.Request.Method, context.Request.Path, e);
            await ApiResults.WriteMessageAsync(context, status, message);
        }
    }

    public const string ClusterUnavailableMessage = "cluster unavailable";
    public const string WriteOutcomeUnknownMessage = "cluster did not answer in time: the outcome of the write is unknown (it may have been applied); read it back before retrying";
    public const string ReadTimedOutMessage = "cluster did not answer in time";

    public static (int Status, string Message) Classify(Exception e, HttpContext context)
    {
        var write = !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method);
        return e switch
        {
            ApiRequestException refused => (refused.StatusCode, refused.Message),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } when context.Features.Get<RequestBodyBudget>() is { } budget =>
                (StatusCodes.Status413PayloadTooLarge, budget.TooLargeMessage),
            BadHttpRequestException bad => (bad.StatusCode, bad.Message),
            // The call was sent and no answer came back: a write may or may not have been applied.
            TimeoutException => (StatusCodes.Status504GatewayTimeout, write ? WriteOutcomeUnknownMessage : ReadTimedOutMessage),
            // The silo died while it held the call: the same uncertainty.
            SiloUnavailableException when write => (StatusCodes.Status504GatewayTimeout, WriteOutcomeUnknownMessage),
            OrleansException => (StatusCodes.Status503ServiceUnavailable, ClusterUnavailableMessage),
            _ => (StatusCodes.Status500InternalServerError, "internal error"),
        };
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogFailure(ILogger logger, string method, string path, Exception exception);
}
