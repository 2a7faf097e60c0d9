using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Vantage.Tests.Api;

/// <summary>Token buckets per key and method, on an injected clock: GET 3 per 3 s (one token a second), PUT 2 per 60 s.</summary>
[Collection(ApiCollection.Name)]
public sealed class RateLimitTests(ApiFixture fixture) : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2025-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private ApiFactory? _factory;

    private HttpClient Start()
    {
        _factory = fixture.CreateFactory(
            new Dictionary<string, string?>
            {
                ["Vantage:Api:RateLimits:Get:Limit"] = "3",
                ["Vantage:Api:RateLimits:Get:PeriodSeconds"] = "3",
                ["Vantage:Api:RateLimits:Put:Limit"] = "2",
                ["Vantage:Api:RateLimits:Put:PeriodSeconds"] = "60",
            },
            services => services.AddSingleton<TimeProvider>(_time));
        return _factory.CreateApiClient();
    }

    [Fact]
    public async Task An_empty_bucket_answers_429_with_Retry_After_and_refills_over_time()
    {
        using var client = Start();

        var remaining = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var ok = await client.Get("/v1/zones");
            Assert.Equal(HttpStatusCode.OK, ok.Status);
            Assert.Equal("3", ok.Header("X-RateLimit-Limit"));
            Assert.Equal("3", ok.Header("X-RateLimit-Period"));
            remaining.Add(ok.Header("X-RateLimit-Remaining"));
        }
        Assert.Equal(["2", "1", "0"], remaining);

        var limited = await client.Get("/v1/zones");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.Equal("""{"message":"rate limit exceeded"}""", limited.Body);
        Assert.Equal("1", limited.Header("Retry-After"));
        Assert.Equal("0", limited.Header("X-RateLimit-Remaining"));

        // Other methods have their own bucket.
        var put = await client.Put($"/v1/zones/{ApiCalls.NewZone("rl")}", "{}");
        Assert.Equal(HttpStatusCode.OK, put.Status);
        Assert.Equal("2", put.Header("X-RateLimit-Limit"));
        Assert.Equal("1", put.Header("X-RateLimit-Remaining"));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await client.Get("/v1/zones")).Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.Get("/v1/zones")).Status);

        _time.Advance(TimeSpan.FromMinutes(10));
        var refilled = await client.Get("/v1/zones");
        Assert.Equal("2", refilled.Header("X-RateLimit-Remaining"));
    }

    [Fact]
    public async Task Retry_After_tells_how_long_until_the_next_token()
    {
        using var client = Start();
        var zone = ApiCalls.NewZone("rl");
        Assert.Equal(HttpStatusCode.OK, (await client.Put($"/v1/zones/{zone}", "{}")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.Put($"/v1/zones/{zone}", "{}")).Status);

        var limited = await client.Put($"/v1/zones/{zone}", "{}");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.Equal("30", limited.Header("Retry-After"));
    }

    public void Dispose() => _factory?.Dispose();
}
