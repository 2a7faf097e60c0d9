using Microsoft.Extensions.DependencyInjection;
using System.Net;
using Vantage.Api.Security;
using Xunit;

namespace Vantage.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class AuthAndHeadersTests(ApiFixture fixture)
{
    [Theory]
    [InlineData("GET", "/v1/zones", null)]
    [InlineData("GET", "/v1/zones/example.test", null)]
    [InlineData("PUT", "/v1/zones/example.test", "")]
    [InlineData("POST", "/v1/zones/example.test", "wrong-key")]
    [InlineData("DELETE", "/v1/zones/example.test/www.example.test/A", "wrong-key")]
    [InlineData("PUT", "/v1/import/zonefile/example.test", null)]
    [InlineData("GET", "/v1/zones/example.test/export", "api-test-key-0123456789x")]
    [InlineData("GET", "/v1/no/such/path", null)]
    [InlineData("GET", "/not/under/v1", null)]
    [InlineData("GET", "/v1/filtertypes", "wrong-key")]
    [InlineData("GET", "/v1/edges", null)]
    public async Task Missing_or_wrong_key_is_401(string method, string path, string? key)
    {
        using var client = fixture.Factory.CreateClient();
        if (key is not null) client.DefaultRequestHeaders.TryAddWithoutValidation(ApiKeyAuthenticationHandler.HeaderName, key);

        var response = await client.Send(new HttpMethod(method), path, method is "PUT" or "POST" ? "{}" : null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("""{"message":"Authentication required"}""", response.Body);
    }

    [Fact]
    public async Task Two_key_headers_are_401_even_when_one_is_right()
    {
        using var client = fixture.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/zones");
        request.Headers.TryAddWithoutValidation(ApiKeyAuthenticationHandler.HeaderName, [fixture.ApiKey, "other"]);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Every_mapped_endpoint_but_health_requires_the_key()
    {
        var endpoints = fixture.Factory.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>().ToList();
        Assert.NotEmpty(endpoints);
        var anonymous = endpoints.Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null)
            .Select(e => e.RoutePattern.RawText).ToList();

        // /health, the Prometheus scrape and the status page's static files (its data, /v1/status, needs the key).
        Assert.Equal(["/health", "/metrics", "/status", "/status/status.js"], anonymous.Order());
    }

    [Theory]
    [InlineData("Development", null, HttpStatusCode.OK)]
    [InlineData("Production", null, HttpStatusCode.Unauthorized)]
    [InlineData("Production", "true", HttpStatusCode.OK)]
    [InlineData("Development", "false", HttpStatusCode.Unauthorized)]
    public async Task Swagger_is_anonymous_only_where_configuration_allows_it(string environment, string? setting, HttpStatusCode expected)
    {
        using var factory = fixture.CreateFactory(new Dictionary<string, string?> { ["Vantage:Api:Swagger"] = setting }, environment: environment);
        using var anonymous = factory.CreateClient();

        var document = await anonymous.Get("/swagger/v1/swagger.json");

        Assert.Equal(expected, document.Status);
    }

    [Fact]
    public async Task The_key_is_read_from_the_X_NSONE_Key_header_only()
    {
        using var client = fixture.Factory.CreateClient();

        var asBearer = await client.Send(HttpMethod.Get, "/v1/zones?key=" + fixture.ApiKey);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/zones");
        request.Headers.Add(ApiKeyAuthenticationHandler.HeaderName, fixture.ApiKey);
        using var withHeader = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, asBearer.Status);
        Assert.Equal(HttpStatusCode.OK, withHeader.StatusCode);
    }

    [Fact]
    public async Task Answers_carry_the_NS1_headers_and_rate_limit_figures()
    {
        var response = await fixture.Client.Get("/v1/zones");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.Header("Content-Type"));
        Assert.Equal("Vantage API v1", response.Header("Server"));
        Assert.Equal("no-cache", response.Header("Cache-Control"));
        Assert.Equal("no-cache", response.Header("Pragma"));
        Assert.Equal("0", response.Header("Expires"));
        Assert.Equal("100000", response.Header("X-RateLimit-Limit"));
        Assert.Equal("300", response.Header("X-RateLimit-Period"));
        Assert.Equal("key", response.Header("X-RateLimit-By"));
        Assert.InRange(int.Parse(response.Header("X-RateLimit-Remaining"), System.Globalization.CultureInfo.InvariantCulture), 0, 99_999);
    }

    [Fact]
    public async Task Errors_carry_the_same_headers()
    {
        var response = await fixture.Client.Get($"/v1/zones/{ApiCalls.NewZone("none")}");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("Vantage API v1", response.Header("Server"));
        Assert.Equal("no-cache", response.Header("Cache-Control"));
        Assert.True(response.HasHeader("X-RateLimit-Remaining"));
    }

    [Fact]
    public async Task Unknown_v1_paths_are_404_in_NS1_shape()
    {
        var response = await fixture.Client.Get("/v1/no/such/path/at/all");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("""{"message":"resource not found"}""", response.Body);
    }
}
