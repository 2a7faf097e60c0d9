using System.Net;
using System.Text.Json;
using Xunit;

namespace Vantage.Tests.Api;

/// <summary>Monitoring jobs, notify lists, data sources and feeds over the API: bad input is a 400 with its reason and nothing is stored.</summary>
[Collection(ApiCollection.Name)]
public sealed class MonitoringApiTests(ApiFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    private const string Tcp = "\"job_type\":\"tcp\",\"regions\":[\"lga\"],\"config\":{\"host\":\"192.0.2.1\",\"port\":80}";

    public static TheoryData<string, string> BadJobs => new()
    {
        { "{" + Tcp + "}", "name is required" },
        { "{\"name\":\"" + new string('n', 65) + "\"," + Tcp + "}", "name must be at most 64 characters" },
        { """{"name":"j","job_type":"smtp","regions":["lga"],"config":{}}""", "job_type smtp is unknown; known: http, tcp, ping, dns" },
        { """{"name":"j","job_type":"tcp","regions":["lga"],"config":{"host":"192.0.2.1"}}""", "config port is required for tcp jobs" },
        { """{"name":"j","job_type":"tcp","regions":["lga"],"config":{"host":"192.0.2.1","port":70000}}""", "config port must be between 1 and 65535" },
        { """{"name":"j","job_type":"tcp","regions":["lga"],"config":{"host":"192.0.2.1","port":80,"sned":"x"}}""", "config sned is not a tcp setting" },
        { """{"name":"j","job_type":"http","regions":["lga"],"config":{"url":"ftp://192.0.2.1/"}}""", "config url must be an absolute http:// or https:// URL" },
        { """{"name":"j","job_type":"http","regions":["lga"],"config":{"url":"http://192.0.2.1/","method":"PUT"}}""", "config method must be GET, HEAD or POST" },
        { """{"name":"j","job_type":"tcp","regions":["xyz"],"config":{"host":"192.0.2.1","port":80}}""", "region xyz is unknown; see /v1/monitoring/regions" },
        { """{"name":"j","job_type":"tcp","regions":[],"config":{"host":"192.0.2.1","port":80}}""", "regions must name at least one region" },
        { "{\"name\":\"j\",\"frequency\":0," + Tcp + "}", "frequency must be between 1 and 3600 seconds" },
        { "{\"name\":\"j\",\"frequency\":\"5\"," + Tcp + "}", "frequency must be an integer" },
        { "{\"name\":\"j\",\"policy\":\"most\"," + Tcp + "}", "policy must be one of quorum, all, one" },
        { "{\"name\":\"j\",\"rules\":[{\"key\":\"status_code\",\"comparison\":\"==\",\"value\":\"200\"}]," + Tcp + "}", "rule key status_code does not apply to tcp jobs; use connect, output" },
        { "{\"name\":\"j\",\"rules\":[{\"key\":\"connect\",\"comparison\":\"contains\",\"value\":\"1\"}]," + Tcp + "}", "rule connect: comparison must be one of < > <= >= == !=" },
        { "{\"name\":\"j\",\"rules\":[{\"key\":\"connect\",\"comparison\":\"<\",\"value\":\"fast\"}]," + Tcp + "}", "rule connect: value must be a number" },
        { "{\"name\":\"j\",\"rules\":[{\"key\":\"connect\"}]," + Tcp + "}", "each rule needs a key, a comparison and a value (string or number)" },
        { "{\"name\":\"j\",\"notify_list\":\"0123456789abcdef01234567\"," + Tcp + "}", "notify_list 0123456789abcdef01234567 does not exist" },
        { "{\"name\":\"j\",\"region_scope\":\"auto\"," + Tcp + "}", "region_scope must be fixed" },
        { "{\"name\":\"j\",\"active\":\"yes\"," + Tcp + "}", "active must be true or false" },
    };

    [Theory]
    [MemberData(nameof(BadJobs))]
    public async Task A_bad_job_is_refused_with_its_reason_and_nothing_is_stored(string body, string message)
    {
        var before = await Count("/v1/monitoring/jobs");
        await RequireBadRequest(HttpMethod.Put, "/v1/monitoring/jobs", body, message);
        Assert.Equal(before, await Count("/v1/monitoring/jobs"));
    }

    [Fact]
    public async Task A_bad_update_leaves_the_job_as_it_was()
    {
        var id = await Create("/v1/monitoring/jobs", "{\"name\":\"keep\"," + Tcp + "}");
        await RequireBadRequest(HttpMethod.Post, $"/v1/monitoring/jobs/{id}", """{"frequency":-5}""", "frequency must be between 1 and 3600 seconds");
        var job = await Json($"/v1/monitoring/jobs/{id}");
        Assert.Equal(60, job.GetProperty("frequency").GetInt32());
        Assert.Equal("pending", job.GetProperty("status").GetProperty("global").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _client.DeleteAsync($"/v1/monitoring/jobs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/v1/monitoring/jobs/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("""{"name":"s","sourcetype":"pingdom"}""", "unknown sourcetype pingdom; known: nsone_v1, nsone_monitoring")]
    [InlineData("""{"sourcetype":"nsone_v1"}""", "name is required")]
    [InlineData("""{"name":"s","sourcetype":"nsone_v1","config":[]}""", "config must be a JSON object")]
    public async Task A_bad_source_is_refused_and_nothing_is_stored(string body, string message)
    {
        var before = await Count("/v1/data/sources");
        await RequireBadRequest(HttpMethod.Put, "/v1/data/sources", body, message);
        Assert.Equal(before, await Count("/v1/data/sources"));
    }

    [Theory]
    [InlineData("nsone_monitoring", """{"name":"f","config":{}}""", "config jobid is required for a nsone_monitoring feed")]
    [InlineData("nsone_v1", """{"name":"f","config":{}}""", "config label is required for a nsone_v1 feed")]
    [InlineData("nsone_v1", """{"name":"f","config":{"label":7}}""", "config label must be a non-empty string")]
    [InlineData("nsone_v1", """{"config":{"label":"a"}}""", "name is required")]
    public async Task A_bad_feed_is_refused_and_nothing_is_stored(string sourceType, string body, string message)
    {
        var source = await Create("/v1/data/sources", $$"""{"name":"s","sourcetype":"{{sourceType}}"}""");
        await RequireBadRequest(HttpMethod.Put, $"/v1/data/feeds/{source}", body, message);
        Assert.Equal(0, await Count($"/v1/data/feeds/{source}"));
    }

    [Theory]
    [InlineData("""{"up":"maybe"}""", "meta up must be a boolean")]
    [InlineData("""{"weight":-1}""", "meta weight must be at least 0")]
    [InlineData("""{"web1":{"up":true},"nosuch":{"up":true}}""", "nosuch is neither a meta key nor the label of a feed of source {source}")]
    [InlineData("""{"web1":{"up":{"feed":"x"}}}""", "web1: meta up must be a value, not an object")]
    [InlineData("""[]""", "invalid json: the body must be a JSON object")]
    public async Task A_bad_publish_is_refused_and_no_feed_changes(string body, string message)
    {
        var source = await Create("/v1/data/sources", """{"name":"s","sourcetype":"nsone_v1"}""");
        var feed = await Create($"/v1/data/feeds/{source}", """{"name":"f","config":{"label":"web1"}}""");
        await RequireBadRequest(HttpMethod.Post, $"/v1/feed/{source}", body, message.Replace("{source}", source, StringComparison.Ordinal));
        Assert.Equal("{}", (await Json($"/v1/data/feeds/{source}/{feed}")).GetProperty("data").GetRawText());
    }

    [Fact]
    public async Task Monitoring_feeds_take_only_up_and_a_pointer_to_a_missing_feed_is_stored_unresolved()
    {
        var job = await Create("/v1/monitoring/jobs", "{\"name\":\"feeder\"," + Tcp + "}");
        var source = await Create("/v1/data/sources", """{"name":"m","sourcetype":"nsone_monitoring"}""");
        await Create($"/v1/data/feeds/{source}", "{\"name\":\"f\",\"config\":{\"jobid\":\"" + job + "\"}}");
        await RequireBadRequest(HttpMethod.Post, $"/v1/feed/{source}", """{"weight":2}""", "meta weight cannot be published to this source type (only up)");

        var zone = await Zone();
        var put = await _client.SendJson(HttpMethod.Put, $"/v1/zones/{zone}/www.{zone}/A",
            """{"answers":[{"answer":["192.0.2.1"],"meta":{"up":{"feed":"nosuchfeed"}}}]}""");
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var record = (await fixture.Cluster.Client.GetGrain<IZoneGrain>(zone).GetRecord($"www.{zone}", "A")).Value!;
        Assert.Empty(record.FeedData);
        Assert.Equal("nosuchfeed", (await Json($"/v1/zones/{zone}/www.{zone}/A")).GetProperty("answers")[0].GetProperty("meta").GetProperty("up").GetProperty("feed").GetString());
    }

    [Fact]
    public async Task A_feed_records_point_at_cannot_be_deleted_until_the_record_is_gone()
    {
        var source = await Create("/v1/data/sources", """{"name":"s","sourcetype":"nsone_v1"}""");
        var feed = await Create($"/v1/data/feeds/{source}", """{"name":"f","config":{"label":"a"}}""");
        var zone = await Zone();
        var put = await _client.SendJson(HttpMethod.Put, $"/v1/zones/{zone}/www.{zone}/A",
            "{\"regions\":{\"r1\":{\"meta\":{\"up\":{\"feed\":\"" + feed + "\"}}}},\"answers\":[{\"answer\":[\"192.0.2.1\"],\"region\":\"r1\"}]}");
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        await RequireBadRequest(HttpMethod.Delete, $"/v1/data/feeds/{source}/{feed}", null,
            $"feed {feed} is in use by 1 record(s): www.{zone}/A; remove the pointers first");
        await RequireBadRequest(HttpMethod.Delete, $"/v1/data/sources/{source}", null,
            $"feed {feed} is in use by 1 record(s): www.{zone}/A; remove the pointers first");
        var destination = (await Json($"/v1/data/feeds/{source}/{feed}")).GetProperty("destinations")[0];
        Assert.Equal("region", destination.GetProperty("desttype").GetString());
        Assert.Equal("r1", destination.GetProperty("destid").GetString());

        Assert.Equal(HttpStatusCode.OK, (await _client.DeleteAsync($"/v1/zones/{zone}/www.{zone}/A")).StatusCode);
        await Poll.Require(async () => (await _client.DeleteAsync($"/v1/data/feeds/{source}/{feed}")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(10), () => "the feed stayed in use after its record was deleted");
        Assert.Equal(0, await Count($"/v1/data/feeds/{source}"));
    }

    [Fact]
    public async Task Catalogues_list_job_types_regions_notify_types_and_source_types()
    {
        var types = await Json("/v1/monitoring/jobtypes");
        Assert.Equal(["http", "tcp", "ping", "dns"], types.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.True(types.GetProperty("tcp").GetProperty("config").GetProperty("port").GetProperty("required").GetBoolean());
        Assert.Contains("contains", types.GetProperty("tcp").GetProperty("results").GetProperty("output").GetProperty("comparators").EnumerateArray().Select(c => c.GetString()));
        var regions = await Json("/v1/monitoring/regions");
        Assert.Contains("lga", regions.EnumerateArray().Select(r => r.GetProperty("code").GetString()));
        var notify = await Json("/v1/notifytypes");
        Assert.True(notify.GetProperty("webhook").GetProperty("config").GetProperty("url").GetProperty("required").GetBoolean());
        var sources = await Json("/v1/data/sourcetypes");
        Assert.Equal(["up"], sources.GetProperty("nsone_monitoring").GetProperty("compatible_meta").EnumerateArray().Select(m => m.GetString()!).ToArray());
    }

    [Theory]
    [InlineData("""{"name":"l","notify_list":[{"type":"carrier_pigeon","config":{}}]}""", "notify type carrier_pigeon is unknown; known: webhook, datafeed, email, user, slack, pagerduty")]
    [InlineData("""{"name":"l","notify_list":[{"type":"webhook","config":{}}]}""", "webhook: config url is required for webhook notifiers")]
    [InlineData("""{"name":"l","notify_list":[{"type":"webhook","config":{"url":"gopher://x"}}]}""", "webhook: config url must be an absolute http:// or https:// URL")]
    [InlineData("""{"notify_list":[]}""", "name is required")]
    [InlineData("""{"name":"l","notify_list":{}}""", "notify_list must be an array")]
    public async Task A_bad_notify_list_is_refused_and_nothing_is_stored(string body, string message)
    {
        var before = await Count("/v1/lists");
        await RequireBadRequest(HttpMethod.Put, "/v1/lists", body, message);
        Assert.Equal(before, await Count("/v1/lists"));
    }

    private async Task<string> Zone()
    {
        var zone = "monapi" + Guid.NewGuid().ToString("N")[..8] + ".test";
        Assert.Equal(HttpStatusCode.OK, (await _client.SendJson(HttpMethod.Put, $"/v1/zones/{zone}", "{}")).StatusCode);
        return zone;
    }

    private async Task RequireBadRequest(HttpMethod method, string path, string? body, string message)
    {
        var response = await _client.SendJson(method, path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {path}: {(int)response.StatusCode} {text}");
        Assert.Equal(message, JsonDocument.Parse(text).RootElement.GetProperty("message").GetString());
    }

    private async Task<string> Create(string path, string body)
    {
        var response = await _client.SendJson(HttpMethod.Put, path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PUT {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    private async Task<int> Count(string path) => (await Json(path)).GetArrayLength();

    private async Task<JsonElement> Json(string path)
    {
        var response = await _client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }
}
