using System.Globalization;
using Vantage.Api.Hosting;
using Vantage.Api.Json;
using Vantage.Model;

namespace Vantage.Api.Security;

/// <summary>
/// Guards <c>/v1</c>: the <c>X-NSONE-Key</c> header must carry the API key (else 401), then the request takes a
/// token from the key's bucket for its method (else 429 with <c>Retry-After</c>), and the cluster must have been
/// reached (else 503). Every answer carries the <c>X-RateLimit-*</c> headers NS1 clients read.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeyStore keys, ApiRateLimiter limiter, ClusterReadiness cluster)
{
    public const string HeaderName = "X-NSONE-Key";
    public const string RateLimitedMessage = "rate limit exceeded";

    public async Task InvokeAsync(HttpContext context)
    {
        var presented = context.Request.Headers[HeaderName].ToString();
        if (!keys.Matches(presented))
        {
            await ApiResults.WriteMessageAsync(context, StatusCodes.Status401Unauthorized, Messages.AuthenticationRequired);
            return;
        }

        var decision = limiter.TryTake(presented, context.Request.Method);
        var headers = context.Response.Headers;
        headers["X-RateLimit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Period"] = decision.PeriodSeconds.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-By"] = "key";
        if (!decision.Allowed)
        {
            headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(decision.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await ApiResults.WriteMessageAsync(context, StatusCodes.Status429TooManyRequests, RateLimitedMessage);
            return;
        }
        if (!cluster.Connected)
        {
            await ApiResults.WriteMessageAsync(context, StatusCodes.Status503ServiceUnavailable, ClusterReadiness.NotConnectedMessage);
            return;
        }
        await next(context);
    }
}
