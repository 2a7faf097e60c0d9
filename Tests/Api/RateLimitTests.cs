using System.Net;
using Xunit;

namespace Vantage.Tests.Api;

/// <summary>
/// ASP.NET Core's rate limiter with NS1's figures: a token bucket per key, canonical method and route group, with
/// <c>X-RateLimit-*</c> headers and NS1's 429. Periods are long (no token comes back during a test) except where
/// the refill itself is tested, which polls with a deadline.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RateLimitTests(ApiFixture fixture) : IDisposable
{
    private readonly List<ApiFactory> _factories = [];

    private HttpClient Start(int getLimit = 3, int getPeriod = 300, int putLimit = 2, int putPeriod = 60)
    {
        var factory = fixture.CreateFactory(new Dictionary<string, string?>
        {
            ["Vantage:Api:RateLimits:Get:Limit"] = getLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Vantage:Api:RateLimits:Get:PeriodSeconds"] = getPeriod.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Vantage:Api:RateLimits:Put:Limit"] = putLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Vantage:Api:RateLimits:Put:PeriodSeconds"] = putPeriod.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        _factories.Add(factory);
        return factory.CreateApiClient();
    }

    [Fact]
    public async Task An_empty_bucket_answers_429_with_Retry_After_and_the_NS1_headers()
    {
        using var client = Start();

        var remaining = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var ok = await client.Get("/v1/zones");
            Assert.Equal(HttpStatusCode.OK, ok.Status);
            Assert.Equal("3", ok.Header("X-RateLimit-Limit"));
            Assert.Equal("300", ok.Header("X-RateLimit-Period"));
            Assert.Equal("key", ok.Header("X-RateLimit-By"));
            remaining.Add(ok.Header("X-RateLimit-Remaining"));
        }
        Assert.Equal(["2", "1", "0"], remaining);

        var limited = await client.Get("/v1/zones");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.Equal("""{"message":"rate limit exceeded"}""", limited.Body);
        Assert.Equal("100", limited.Header("Retry-After"));   // one token per 100 s
        Assert.Equal("0", limited.Header("X-RateLimit-Remaining"));
        Assert.Equal("3", limited.Header("X-RateLimit-Limit"));

        // PUT has its own bucket.
        var put = await client.Put($"/v1/zones/{ApiCalls.NewZone("rl")}", "{}");
        Assert.Equal(HttpStatusCode.OK, put.Status);
        Assert.Equal("2", put.Header("X-RateLimit-Limit"));
        Assert.Equal("1", put.Header("X-RateLimit-Remaining"));
    }

    [Fact]
    public async Task Any_casing_of_a_method_takes_from_the_same_bucket()
    {
        using var client = Start();

        var remaining = new List<string>();
        foreach (var method in new[] { "GET", "gEt", "get" })
        {
            var response = await client.Send(new HttpMethod(method), "/v1/zones");
            Assert.Equal(HttpStatusCode.OK, response.Status);
            remaining.Add(response.Header("X-RateLimit-Remaining"));
        }

        Assert.Equal(["2", "1", "0"], remaining);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.Send(new HttpMethod("Get"), "/v1/zones")).Status);
    }

    [Theory]
    [InlineData("FOO")]
    [InlineData("PATCH")]
    [InlineData("OPTIONS")]
    [InlineData("TRACE")]
    [InlineData("PROPFIND")]
    public async Task Unknown_methods_are_refused_405_before_they_take_a_token(string method)
    {
        using var client = Start();

        for (var i = 0; i < 5; i++)
        {
            var refused = await client.Send(new HttpMethod(method), "/v1/zones");
            Assert.Equal(HttpStatusCode.MethodNotAllowed, refused.Status);
            Assert.Equal("""{"message":"method not allowed"}""", refused.Body);
            Assert.Equal("GET, HEAD, PUT, POST, DELETE", refused.Header("Allow"));
        }

        Assert.Equal("2", (await client.Get("/v1/zones")).Header("X-RateLimit-Remaining"));
    }

    [Fact]
    public async Task Made_up_paths_share_one_bucket_and_route_groups_have_their_own()
    {
        using var client = Start();

        var made = new List<string>();
        foreach (var path in new[] { "/v1/nothing1", "/v1/nothing2/x", "/elsewhere" })
        {
            var response = await client.Get(path);
            Assert.Equal(HttpStatusCode.NotFound, response.Status);
            made.Add(response.Header("X-RateLimit-Remaining"));
        }
        Assert.Equal(["2", "1", "0"], made);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.Get("/v1/nothing3")).Status);

        // Zones and the catalogue are other route groups, each with its own bucket.
        Assert.Equal("2", (await client.Get("/v1/zones")).Header("X-RateLimit-Remaining"));
        Assert.Equal("2", (await client.Get("/v1/filtertypes")).Header("X-RateLimit-Remaining"));
        Assert.Equal("1", (await client.Get($"/v1/zones/{ApiCalls.NewZone("none")}")).Header("X-RateLimit-Remaining"));
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

    [Fact]
    public async Task Tokens_come_back_over_the_period()
    {
        using var client = Start(getLimit: 2, getPeriod: 2);
        while ((await client.Get("/v1/zones")).Status == HttpStatusCode.OK)
        {
            // drain the bucket (a token may come back meanwhile)
        }

        await Poll.Require(async () => (await client.Get("/v1/zones")).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(10),
            () => "no token came back");
    }

    [Fact]
    public async Task Requests_without_a_key_take_no_token()
    {
        using var client = Start();
        using var anonymous = _factories[^1].CreateClient();

        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Get("/v1/zones")).Status);

        Assert.Equal("2", (await client.Get("/v1/zones")).Header("X-RateLimit-Remaining"));
    }

    public void Dispose()
    {
        foreach (var factory in _factories) factory.Dispose();
    }
}
