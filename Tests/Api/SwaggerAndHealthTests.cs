using System.Net;
using System.Text.Json;
using Xunit;

namespace Vantage.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class SwaggerAndHealthTests(ApiFixture fixture)
{
    public static TheoryData<string, string> Operations => new()
    {
        { "/v1/zones", "get" },
        { "/v1/zones/{zone}", "put" },
        { "/v1/zones/{zone}", "get" },
        { "/v1/zones/{zone}", "post" },
        { "/v1/zones/{zone}", "delete" },
        { "/v1/zones/{zone}/{domain}/{type}", "put" },
        { "/v1/zones/{zone}/{domain}/{type}", "get" },
        { "/v1/zones/{zone}/{domain}/{type}", "post" },
        { "/v1/zones/{zone}/{domain}/{type}", "delete" },
        { "/v1/import/zonefile/{zone}", "put" },
        { "/v1/import/zonefile/{zone}/{importId}", "get" },
        { "/v1/zones/{zone}/export", "get" },
        { "/v1/edges", "get" },
        { "/v1/filtertypes", "get" },
        { "/v1/metatypes", "get" },
        { "/v1/zones/{zone}/{domain}/{type}/explain", "get" },
        { "/v1/zones/{zone}/{domain}/{type}/monitor", "put" },
        { "/v1/monitoring/jobs", "get" },
        { "/v1/monitoring/jobs", "put" },
        { "/v1/monitoring/jobs/{id}", "get" },
        { "/v1/monitoring/jobs/{id}", "post" },
        { "/v1/monitoring/jobs/{id}", "delete" },
        { "/v1/monitoring/jobtypes", "get" },
        { "/v1/monitoring/regions", "get" },
        { "/v1/monitoring/history/{id}", "get" },
        { "/v1/monitoring/metrics/{id}", "get" },
        { "/v1/lists", "get" },
        { "/v1/lists", "put" },
        { "/v1/lists/{id}", "get" },
        { "/v1/lists/{id}", "post" },
        { "/v1/lists/{id}", "delete" },
        { "/v1/notifytypes", "get" },
        { "/v1/data/sources", "get" },
        { "/v1/data/sources", "put" },
        { "/v1/data/sources/{id}", "get" },
        { "/v1/data/sources/{id}", "post" },
        { "/v1/data/sources/{id}", "delete" },
        { "/v1/data/feeds/{sourceid}", "get" },
        { "/v1/data/feeds/{sourceid}", "put" },
        { "/v1/data/feeds/{sourceid}/{feedid}", "get" },
        { "/v1/data/feeds/{sourceid}/{feedid}", "post" },
        { "/v1/data/feeds/{sourceid}/{feedid}", "delete" },
        { "/v1/data/sourcetypes", "get" },
        { "/v1/feed/{sourceid}", "post" },
        { "/v1/stats/qps", "get" },
        { "/v1/stats/qps/{zone}", "get" },
        { "/v1/stats/qps/{zone}/{domain}/{type}", "get" },
        { "/v1/stats/usage", "get" },
        { "/v1/stats/usage/{zone}", "get" },
        { "/v1/stats/usage/{zone}/{domain}/{type}", "get" },
        { "/v1/status", "get" },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Swagger_describes_every_v1_operation_with_the_api_key_scheme(string path, string verb)
    {
        using var client = fixture.Factory.CreateClient();
        var document = await client.Get("/swagger/v1/swagger.json");

        Assert.Equal(HttpStatusCode.OK, document.Status);
        var operation = document.Json.GetProperty("paths").GetProperty(path).GetProperty(verb);
        var security = Assert.Single(operation.GetProperty("security").EnumerateArray());
        Assert.Equal(["NsoneKey"], security.Names());
        Assert.True(operation.GetProperty("responses").TryGetProperty("200", out _));
        Assert.True(operation.GetProperty("responses").TryGetProperty("401", out var unauthorized));
        Assert.Contains("ErrorDoc", unauthorized.GetRawText());
        if (verb is "put" or "post") Assert.True(operation.TryGetProperty("requestBody", out _));
    }

    [Fact]
    public async Task Swagger_declares_the_X_NSONE_Key_scheme_and_the_NS1_schemas()
    {
        using var client = fixture.Factory.CreateClient();
        var document = (await client.Get("/swagger/v1/swagger.json")).Json;

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("NsoneKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal("X-NSONE-Key", scheme.GetProperty("name").GetString());
        var schemas = document.GetProperty("components").GetProperty("schemas");
        foreach (var name in new[] { "ZoneDoc", "ZoneRecordDoc", "RecordDoc", "AnswerDoc", "ErrorDoc", "ImportStatusDoc" })
            Assert.True(schemas.TryGetProperty(name, out _), name);
        Assert.True(schemas.GetProperty("RecordDoc").GetProperty("properties").TryGetProperty("use_client_subnet", out _));
        Assert.True(schemas.GetProperty("ZoneDoc").GetProperty("properties").TryGetProperty("nx_ttl", out _));

        var health = document.GetProperty("paths").GetProperty("/health").GetProperty("get");
        Assert.False(health.TryGetProperty("security", out _));
        var paths = document.GetProperty("paths").Names().ToHashSet();
        Assert.Equal(Operations.Select(o => (string)o[0]).Append("/health").ToHashSet(), paths);
    }

    [Fact]
    public async Task Swagger_UI_is_served_without_a_key()
    {
        using var client = fixture.Factory.CreateClient();

        var ui = await client.Get("/swagger/index.html");

        Assert.Equal(HttpStatusCode.OK, ui.Status);
        Assert.Contains("swagger-ui", ui.Body);
    }

    [Fact]
    public async Task Health_is_ready_when_the_cluster_answers()
    {
        using var client = fixture.Factory.CreateClient();

        var health = await client.Get("/health");

        Assert.Equal(HttpStatusCode.OK, health.Status);
        Assert.Equal("""{"status":"ready"}""", health.Body);
    }
}

/// <summary>Its own cluster, because the test stops it.</summary>
public sealed class HealthWhenClusterIsDownTests
{
    [Fact]
    public async Task Health_turns_503_when_the_cluster_stops_answering()
    {
        var cluster = await ApiFixture.StartClusterAsync();
        await using var _ = cluster;
        using var factory = new ApiFactory(cluster, new Dictionary<string, string?>
        {
            ["Vantage:Api:HealthTimeoutSeconds"] = "1",
            ["Vantage:Cluster:ResponseTimeout"] = "00:00:02",
        }, services: null);
        using var client = factory.CreateClient();
        Assert.Equal("""{"status":"ready"}""", (await client.Get("/health")).Body);

        await cluster.StopAllSilosAsync();

        ApiResponse health = null!;
        await Poll.Until(async () => (health = await client.Get("/health")).Status != HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.Status);
        Assert.Equal("""{"status":"unavailable"}""", health.Body);
    }
}
