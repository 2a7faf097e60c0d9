using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Options;
using Vantage.Api.Hosting;
using Vantage.Api.Json;

namespace Vantage.Api.Security;

/// <summary>One token bucket: an API key, a canonical HTTP method and a route group (<c>zones</c>, <c>import</c>, ...).</summary>
public readonly record struct RateLimitPartition(string KeyId, string Method, string Group);

/// <summary>
/// NS1's rate limits on ASP.NET Core's rate limiter: one token bucket per <see cref="RateLimitPartition"/>, holding
/// <c>Limit</c> tokens and refilled evenly over <c>PeriodSeconds</c> (in steps of at least a second). Only
/// authenticated requests are limited (authorization runs first); the method is canonical by then
/// (<see cref="RequestGuards"/> refuses any other), and the group comes from the matched endpoint's route, never
/// from the raw path, so neither a method's spelling nor a made-up path opens a fresh bucket.
/// </summary>
public sealed class ApiRateLimits : IDisposable
{
    public const string RateLimitedMessage = "rate limit exceeded";
    public const string OtherGroup = "other";

    private readonly RateLimitOptions _rules;

    public ApiRateLimits(IOptions<ApiOptions> options)
    {
        _rules = options.Value.RateLimits;
        Limiter = PartitionedRateLimiter.Create<HttpContext, RateLimitPartition>(context => PartitionOf(context) is { } partition
            ? System.Threading.RateLimiting.RateLimitPartition.GetTokenBucketLimiter(partition, p => BucketOf(_rules.For(p.Method)))
            : System.Threading.RateLimiting.RateLimitPartition.GetNoLimiter(default(RateLimitPartition)));
    }

    public PartitionedRateLimiter<HttpContext> Limiter { get; }

    /// <summary>The bucket of an authenticated request; null for anonymous ones (which only anonymous endpoints see).</summary>
    public static RateLimitPartition? PartitionOf(HttpContext context)
    {
        if (context.User.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim) is not { } keyId) return null;
        var method = HttpMethods.IsHead(context.Request.Method) ? HttpMethods.Get : context.Request.Method;
        return new RateLimitPartition(keyId, method, GroupOf(context.GetEndpoint()));
    }

    /// <summary>Tokens come back <c>perStep</c> at a time once per step, so that Limit per Period holds with steps of ≥ 1 s.</summary>
    public static TokenBucketRateLimiterOptions BucketOf(RateLimitRule rule)
    {
        var perStep = Math.Max(1, (int)Math.Ceiling((double)rule.Limit / rule.PeriodSeconds));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = rule.Limit,
            TokensPerPeriod = perStep,
            ReplenishmentPeriod = TimeSpan.FromSeconds((double)rule.PeriodSeconds * perStep / rule.Limit),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }

    /// <summary>The first literal segment after <c>/v1</c> of the endpoint's route pattern; <see cref="OtherGroup"/> otherwise.</summary>
    private static string GroupOf(Endpoint? endpoint)
    {
        if (endpoint is not RouteEndpoint { RoutePattern.PathSegments: var segments } || segments.Count < 2) return OtherGroup;
        return segments[0].Parts is [RoutePatternLiteralPart { Content: "v1" }] && segments[1].Parts is [RoutePatternLiteralPart literal]
            ? literal.Content
            : OtherGroup;
    }

    /// <summary>Sets NS1's <c>X-RateLimit-*</c> headers for the request's bucket (after it took its token).</summary>
    public void WriteHeaders(HttpContext context, int? remaining = null)
    {
        if (PartitionOf(context) is not { } partition) return;
        var rule = _rules.For(partition.Method);
        var headers = context.Response.Headers;
        headers["X-RateLimit-Limit"] = rule.Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = (remaining ?? (int)Math.Min(rule.Limit, Limiter.GetStatistics(context)?.CurrentAvailablePermits ?? 0))
            .ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Period"] = rule.PeriodSeconds.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-By"] = "key";
    }

    /// <summary>NS1's 429: <c>{"message":"rate limit exceeded"}</c> with <c>Retry-After</c> and the rate headers.</summary>
    public async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        WriteHeaders(context, remaining: 0);
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await ApiResults.WriteMessageAsync(context, StatusCodes.Status429TooManyRequests, RateLimitedMessage);
    }

    public void Dispose() => Limiter.Dispose();
}

public static class ApiRateLimitsExtensions
{
    public static IServiceCollection AddApiRateLimits(this IServiceCollection services)
    {
        services.AddSingleton<ApiRateLimits>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<ApiRateLimits>((options, limits) =>
        {
            options.GlobalLimiter = limits.Limiter;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = limits.OnRejectedAsync;
        });
        return services;
    }
}
