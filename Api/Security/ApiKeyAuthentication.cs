using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Vantage.Api.Json;
using Vantage.Model;

namespace Vantage.Api.Security;

/// <summary>
/// The <c>X-NSONE-Key</c> authentication scheme: a request whose header carries the API key (compared in constant
/// time by <see cref="ApiKeyStore"/>) is authenticated as that key; anything else stays anonymous, and the challenge
/// answers NS1's <c>401 {"message":"Authentication required"}</c>.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "NsoneKey";
    public const string HeaderName = "X-NSONE-Key";

    /// <summary>The claim naming the key (a digest, never the key itself): the rate limiter's partition.</summary>
    public const string KeyIdClaim = "vantage:key-id";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || values.Count == 0) return Task.FromResult(AuthenticateResult.NoResult());
        var presented = values.Count == 1 ? values[0] : null;
        if (!keys.Matches(presented)) return Task.FromResult(AuthenticateResult.Fail("wrong API key"));

        var identity = new ClaimsIdentity([new Claim(KeyIdClaim, keys.KeyId)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ApiResults.WriteMessageAsync(Context, StatusCodes.Status401Unauthorized, Messages.AuthenticationRequired);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiResults.WriteMessageAsync(Context, StatusCodes.Status403Forbidden, "forbidden");
}

public static class ApiKeyAuthenticationExtensions
{
    /// <summary>
    /// The key scheme, and authorization that fails closed: the default and the fallback policy both require an
    /// authenticated key, so every endpoint (and any path no endpoint matches) needs one unless it is marked
    /// <c>AllowAnonymous</c> explicitly.
    /// </summary>
    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        var requireKey = new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireClaim(ApiKeyAuthenticationHandler.KeyIdClaim)
            .Build();
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(requireKey)
            .SetFallbackPolicy(requireKey);
        return services;
    }

    /// <summary>A short digest naming <paramref name="key"/> (for rate-limit partitions and logs).</summary>
    public static string KeyIdOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("vantage-key-id:" + key)))[..16];
}
