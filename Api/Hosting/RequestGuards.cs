using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Vantage.Api.Json;
using Vantage.Api.Security;

namespace Vantage.Api.Hosting;

/// <summary>Marks an endpoint whose body may be as large as <see cref="ApiOptions.MaxZoneFileBytes"/> (zone-file upload).</summary>
public sealed class ZoneFileBodyMetadata;

/// <summary>The request-body budget of the current request, read by <see cref="JsonBody"/> and the zone-file upload.</summary>
public sealed record RequestBodyBudget(long MaxBytes)
{
    public string TooLargeMessage => $"request body too large: the limit is {MaxBytes.ToString(CultureInfo.InvariantCulture)} bytes";
}

/// <summary>
/// The checks around the endpoints, in pipeline order: <see cref="CanonicalMethod"/> (before authentication, so an odd
/// method never takes a token), then after authorization and the rate limiter <see cref="AfterRateLimit"/>:
/// rate-limit headers, the body budget and the cluster-connected check.
/// </summary>
public static class RequestGuards
{
    public const string MethodNotAllowedMessage = "method not allowed";
    public const string AllowedMethods = "GET, HEAD, PUT, POST, DELETE";

    private static readonly string[] Known = [HttpMethods.Get, HttpMethods.Head, HttpMethods.Put, HttpMethods.Post, HttpMethods.Delete];

    /// <summary>Known methods in any casing become their canonical spelling; any other method is 405.</summary>
    public static Task CanonicalMethod(HttpContext context, RequestDelegate next)
    {
        var method = context.Request.Method;
        foreach (var known in Known)
        {
            if (!string.Equals(method, known, StringComparison.OrdinalIgnoreCase)) continue;
            context.Request.Method = known;
            return next(context);
        }
        context.Response.Headers.Allow = AllowedMethods;
        return ApiResults.WriteMessageAsync(context, StatusCodes.Status405MethodNotAllowed, MethodNotAllowedMessage);
    }

    public static WebApplication UseAfterRateLimitGuards(this WebApplication app)
    {
        app.Use(AfterRateLimit);
        return app;
    }

    private static Task AfterRateLimit(HttpContext context, RequestDelegate next)
    {
        var services = context.RequestServices;
        services.GetRequiredService<ApiRateLimits>().WriteHeaders(context);

        var options = services.GetRequiredService<IOptions<ApiOptions>>().Value;
        var budget = new RequestBodyBudget(context.GetEndpoint()?.Metadata.GetMetadata<ZoneFileBodyMetadata>() is null
            ? options.MaxJsonBodyBytes
            : options.MaxZoneFileBytes);
        context.Features.Set(budget);
        if (context.Request.ContentLength > budget.MaxBytes)
            return ApiResults.WriteMessageAsync(context, StatusCodes.Status413PayloadTooLarge, budget.TooLargeMessage);
        // Kestrel enforces the same budget on bodies without a Content-Length (chunked) while they are read.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } kestrel) kestrel.MaxRequestBodySize = budget.MaxBytes;

        if (context.Request.Path.StartsWithSegments("/v1") && !services.GetRequiredService<ClusterReadiness>().Connected)
            return ApiResults.WriteMessageAsync(context, StatusCodes.Status503ServiceUnavailable, ClusterReadiness.NotConnectedMessage);
        return next(context);
    }
}
