using System.Net;
using System.Text.Json;
using Vantage.Traffic;
using Vantage.Validation;
using Xunit;

namespace Vantage.Tests.Api;

/// <summary>
/// Meta and filter-chain validation through the API (400 with the exact message, nothing stored), verbatim
/// echo of valid traffic settings, and the <c>/v1/filtertypes</c> and <c>/v1/metatypes</c> catalogues.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class MetaAndFiltersApiTests(ApiFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    private const string Answer = """{"answer":["192.0.2.1"]}""";

    public static TheoryData<string, string> BadRecords => new()
    {
        // record body (A record), exact message
        { $$$"""{"answers":[{{{Answer}}}],"meta":{"weight":"heavy"}}""", "meta weight must be a number" },
        { $$$"""{"answers":[{{{Answer}}}],"meta":{"foo":1}}""", "unknown meta key foo" },
        { $$$"""{"answers":[{{{Answer}}}],"meta":{"up":"maybe"}}""", "meta up must be a boolean" },
        { $$$"""{"answers":[{{{Answer}}}],"meta":{"note":"{{{new string('x', 257)}}}"}}""", "meta note must be at most 256 characters" },
        { $$$"""{"answers":[{{{Answer}}}],"meta":{"ip_prefixes":["10.0.0.1/8"]}}""", "meta ip_prefixes \"10.0.0.1/8\" has bits set after the prefix length" },
        { "{\"answers\":[" + Answer + "],\"regions\":{\"us-east\":{\"meta\":{\"weight\":-1}}}}", "region us-east: meta weight must be at least 0" },
        { $$$"""{"answers":[{{{Answer}}},{"answer":["192.0.2.2"],"meta":{"weight":"x"}}]}""", "answer 2: meta weight must be a number" },
        { $$$"""{"answers":[{{{Answer}}}],"filters":[{"filter":"no_such_filter","config":{}}]}""", "unknown filter no_such_filter" },
        { $$$"""{"answers":[{{{Answer}}}],"filters":[{"filter":"pulsar","config":{}}]}""", "filter pulsar is not supported (no RUM data)" },
        { $$$"""{"answers":[{{{Answer}}}],"filters":[{"filter":"up"},{"filter":"select_first_n","config":{"N":0}}]}""", "filter 2 (select_first_n): config N must be a positive integer" },
        { $$$"""{"answers":[{{{Answer}}}],"filters":[{"filter":"select_first_n","config":{"foo":"1"}}]}""", "filter 1 (select_first_n): unknown config option foo" },
        { $$$"""{"answers":[{{{Answer}}}],"filters":[{"up":{}},{"shed_load":{"metric":"cpu"}}]}""", "filter 2 (shed_load): config metric must be one of loadavg, connections, requests" },
    };

    [Theory]
    [MemberData(nameof(BadRecords))]
    public async Task Bad_meta_or_filters_on_create_are_400_and_nothing_is_stored(string body, string message)
    {
        var zone = ApiCalls.NewZone("meta");
        await _client.CreateZone(zone);
        var zoneBefore = (await _client.Get($"/v1/zones/{zone}")).Body;

        var response = await _client.Put($"/v1/zones/{zone}/new.{zone}/A", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(message, response.Message);
        Assert.Equal(["message"], response.Json.Names());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.Get($"/v1/zones/{zone}/new.{zone}/A")).Status);
        Assert.Equal(zoneBefore, (await _client.Get($"/v1/zones/{zone}")).Body);
    }

    [Theory]
    [MemberData(nameof(BadRecords))]
    public async Task Bad_meta_or_filters_on_update_are_400_and_the_record_is_unchanged(string body, string message)
    {
        var zone = ApiCalls.NewZone("meta");
        await _client.CreateZone(zone);
        var path = $"/v1/zones/{zone}/www.{zone}/A";
        var created = await _client.Put(path, $$$"""{"answers":[{{{Answer}}}],"meta":{"weight":1},"filters":[{"filter":"up","config":{}}]}""");
        Assert.Equal(HttpStatusCode.OK, created.Status);
        var before = (await _client.Get(path)).Body;

        var response = await _client.Post(path, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(message, response.Message);
        Assert.Equal(before, (await _client.Get(path)).Body);
    }

    [Fact]
    public async Task A_filter_only_for_A_records_is_refused_on_AAAA()
    {
        var zone = ApiCalls.NewZone("meta");
        await _client.CreateZone(zone);

        var response = await _client.Put($"/v1/zones/{zone}/*.{zone}/AAAA",
            """{"answers":[{"answer":["2001:db8::1"]}],"filters":[{"filter":"parse_ipv4","config":{"separator":"-"}}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("filter parse_ipv4 applies to A records only", response.Message);
    }

    [Fact]
    public async Task The_octodns_dynamic_record_is_accepted_and_echoed_byte_identical()
    {
        var zone = ApiCalls.NewZone("meta");
        await _client.CreateZone(zone);
        const string filters =
            """[{"filter":"up","config":{}},{"filter":"geofence_country","config":{"remove_no_location":"1"}},{"filter":"select_first_region","config":{}},{"filter":"priority","config":{"eliminate":"1"}},{"filter":"weighted_shuffle","config":{}},{"filter":"select_first_n","config":{"N":"1"}}]""";
        const string meta = """{"note":"rules:pool=us,eu","priority":"1"}""";
        const string regions =
            """{"us":{"meta":{"country":["US","CA"],"georegion":"US-EAST,US-WEST","weight":2,"note":"from:us"}},"eu":{"meta":{"georegion":["EUROPE"],"up":{"feed":"feed-eu"}}}}""";
        const string answer1 = """{"answer":["192.0.2.1"],"meta":{"weight":"10","priority":1,"up":{"feed":"feed-1"}},"region":"us"}""";
        const string answer2 = """{"answer":["192.0.2.2"],"meta":{"weight":5.50,"priority":"2","country":"US","georegion":["US-EAST"],"up":true},"region":"us"}""";
        const string answer3 = """{"answer":["198.51.100.1"],"meta":{"up":"1","note":"eu"},"region":"eu"}""";
        var path = $"/v1/zones/{zone}/www.{zone}/A";

        var created = await _client.Put(path,
            $$$"""{"ttl":60,"answers":[{{{answer1}}},{{{answer2}}},{{{answer3}}}],"meta":{{{meta}}},"regions":{{{regions}}},"filters":{{{filters}}}}""");

        Assert.Equal(HttpStatusCode.OK, created.Status);
        foreach (var body in new[] { created.Body, (await _client.Get(path)).Body })
        {
            Assert.Contains("\"filters\":" + filters, body);
            Assert.Contains("\"meta\":" + meta, body);
            Assert.Contains("\"regions\":" + regions, body);
            Assert.Contains("\"meta\":{\"weight\":\"10\",\"priority\":1,\"up\":{\"feed\":\"feed-1\"}}", body);
            Assert.Contains("\"meta\":{\"weight\":5.50,\"priority\":\"2\",\"country\":\"US\",\"georegion\":[\"US-EAST\"],\"up\":true}", body);
            Assert.Contains("\"meta\":{\"up\":\"1\",\"note\":\"eu\"}", body);
        }
        Assert.Equal(3, created.Json.GetProperty("tier").GetInt32());

        // A merge of meta only keeps the rest of the record as it was.
        var updated = await _client.Post(path, """{"meta":{"up":false}}""");
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Contains("\"filters\":" + filters, updated.Body);
        Assert.Contains("\"regions\":" + regions, updated.Body);
    }

    [Fact]
    public async Task Filtertypes_lists_the_supported_filters_with_tiers_and_options()
    {
        var response = await _client.Get("/v1/filtertypes");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var catalogue = response.Json;
        var names = typeof(FilterNames).GetFields().Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(20, names.Length);
        Assert.Equal(names, catalogue.Names().Order(StringComparer.Ordinal));
        foreach (var name in names)
        {
            var entry = catalogue.GetProperty(name);
            Assert.Equal(FilterTiers.TierOfFilter(name), entry.GetProperty("tier").GetInt32());
            Assert.False(string.IsNullOrWhiteSpace(entry.GetProperty("shortdesc").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(entry.GetProperty("desc").GetString()));
            Assert.Equal(JsonValueKind.Array, entry.GetProperty("inputs").ValueKind);
            foreach (var option in entry.GetProperty("config").EnumerateObject())
            {
                Assert.Equal(["default", "required", "validator", "shortdesc", "type", "desc"], option.Value.Names());
            }
        }
        Assert.Equal(3, catalogue.GetProperty("cost").GetProperty("tier").GetInt32());
        Assert.Equal(2, catalogue.GetProperty("up").GetProperty("tier").GetInt32());
        Assert.Equal("""["A"]""", ApiCalls.Compact(catalogue.GetProperty("parse_ipv4").GetProperty("rectypes")));
        Assert.Equal("""["A"]""", ApiCalls.Compact(catalogue.GetProperty("ipv4_prefix_shuffle").GetProperty("rectypes")));
        Assert.False(catalogue.GetProperty("up").TryGetProperty("rectypes", out _));
        Assert.Equal("1", catalogue.GetProperty("select_first_n").GetProperty("config").GetProperty("N").GetProperty("default").GetString());
        Assert.Equal("checkbox", catalogue.GetProperty("geofence_country").GetProperty("config").GetProperty("remove_no_location").GetProperty("validator").GetString());
        Assert.Equal("loadavg", catalogue.GetProperty("shed_load").GetProperty("config").GetProperty("metric").GetProperty("default").GetString());
        Assert.Equal("""["eliminate"]""", ApiCalls.Compact(JsonSerializer.SerializeToElement(catalogue.GetProperty("priority").GetProperty("config").Names())));
        Assert.Equal("""["up"]""", ApiCalls.Compact(catalogue.GetProperty("up").GetProperty("inputs")));
        Assert.False(catalogue.TryGetProperty("pulsar", out _));
    }

    [Fact]
    public async Task Metatypes_lists_every_meta_key()
    {
        var response = await _client.Get("/v1/metatypes");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var catalogue = response.Json;
        Assert.Equal(MetaParser.Keys.Order(StringComparer.Ordinal), catalogue.Names().Order(StringComparer.Ordinal));
        foreach (var entry in catalogue.EnumerateObject())
        {
            Assert.Equal(["shortdesc", "category", "desc"], entry.Value.Names());
            Assert.Contains(entry.Value.GetProperty("category").GetString(), new[] { "status", "geographical", "network", "traffic_parameters", "informational" });
        }
        Assert.Equal("status", catalogue.GetProperty("up").GetProperty("category").GetString());
        Assert.Equal("network", catalogue.GetProperty("asn").GetProperty("category").GetString());
    }

    [Theory]
    [InlineData("/v1/filtertypes")]
    [InlineData("/v1/metatypes")]
    public async Task Catalogues_need_the_api_key(string path)
    {
        using var anonymous = fixture.Factory.CreateClient();

        var response = await anonymous.Get(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
    }
}
