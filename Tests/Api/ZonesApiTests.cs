using System.Net;
using System.Text.Json;
using Vantage.Model;
using Xunit;

namespace Vantage.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class ZonesApiTests(ApiFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    /// <summary>Members of NS1's recorded zone-create answer (ns1_zone.js) that Vantage keeps; "pool" is obsolete.</summary>
    private static readonly string[] RecordedZoneMembers =
        ["nx_ttl", "retry", "zone", "network_pools", "primary", "refresh", "expiry", "dns_servers", "records", "meta", "link", "ttl", "id", "hostmaster", "networks"];

    [Fact]
    public async Task Create_answers_the_NS1_zone_object_with_defaults_and_the_apex_NS_record()
    {
        var zone = ApiCalls.NewZone();

        var created = await _client.Put($"/v1/zones/{zone}", $$"""{"zone":"{{zone}}","ttl":3600,"nx_ttl":60}""");

        Assert.Equal(HttpStatusCode.OK, created.Status);
        var z = created.Json;
        Assert.Equal(
            ["id", "zone", "ttl", "nx_ttl", "retry", "refresh", "expiry", "serial", "hostmaster", "dns_servers", "networks",
             "network_pools", "meta", "link", "primary", "records"],
            z.Names());
        Assert.Subset(z.Names().ToHashSet(), RecordedZoneMembers.ToHashSet());
        Assert.Matches("^[0-9a-f]{24}$", z.GetProperty("id").GetString());
        Assert.Equal(zone, z.GetProperty("zone").GetString());
        Assert.Equal(3600, z.GetProperty("ttl").GetInt32());
        Assert.Equal(60, z.GetProperty("nx_ttl").GetInt32());
        Assert.Equal(7200, z.GetProperty("retry").GetInt32());
        Assert.Equal(43200, z.GetProperty("refresh").GetInt32());
        Assert.Equal(1209600, z.GetProperty("expiry").GetInt32());
        Assert.True(z.GetProperty("serial").GetUInt32() > 0);
        Assert.Equal("hostmaster@vantage.test", z.GetProperty("hostmaster").GetString());
        Assert.Equal("""["dns1.vantage.test","dns2.vantage.test"]""", ApiCalls.Compact(z.GetProperty("dns_servers")));
        Assert.Equal("[0]", ApiCalls.Compact(z.GetProperty("networks")));
        Assert.Equal("[]", ApiCalls.Compact(z.GetProperty("network_pools")));
        Assert.Equal("{}", ApiCalls.Compact(z.GetProperty("meta")));
        Assert.Equal(JsonValueKind.Null, z.GetProperty("link").ValueKind);
        Assert.Equal("""{"enabled":false,"secondaries":[]}""", ApiCalls.Compact(z.GetProperty("primary")));

        var ns = Assert.Single(z.GetProperty("records").EnumerateArray());
        Assert.Equal(["id", "domain", "type", "ttl", "tier", "short_answers", "link"], ns.Names());
        Assert.Equal(zone, ns.GetProperty("domain").GetString());
        Assert.Equal("NS", ns.GetProperty("type").GetString());
        Assert.Equal(60, ns.GetProperty("ttl").GetInt32());
        Assert.Equal(1, ns.GetProperty("tier").GetInt32());
        Assert.Equal("""["dns1.vantage.test","dns2.vantage.test"]""", ApiCalls.Compact(ns.GetProperty("short_answers")));

        var read = await _client.Get($"/v1/zones/{zone}");
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(created.Body, read.Body);
    }

    [Fact]
    public async Task Meta_primary_and_secondary_are_echoed_verbatim()
    {
        var zone = ApiCalls.NewZone();
        const string meta = """{"zeta":1.50,"alpha":["x",2,{"deep":null}],"note":"ünïcode <b>"}""";
        const string primary = """{"enabled":true,"secondaries":[{"ip":"192.0.2.9","port":53,"notify":true,"networks":[0]}]}""";
        const string secondary = """{"enabled":false,"primary_ip":"192.0.2.1","primary_port":53}""";

        var created = await _client.Put($"/v1/zones/{zone}",
            $$"""{"zone":"{{zone}}","meta":{{meta}},"primary":{{primary}},"secondary":{{secondary}},"primary_master":"ns0.example.net","hostmaster":"dns-admin@example.net"}""");

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Contains("\"meta\":" + meta, created.Body);
        Assert.Contains("\"primary\":" + primary, created.Body);
        Assert.Contains("\"secondary\":" + secondary, created.Body);
        Assert.Equal("ns0.example.net", created.Json.GetProperty("primary_master").GetString());
        Assert.Equal("dns-admin@example.net", created.Json.GetProperty("hostmaster").GetString());
        Assert.Equal(created.Body, (await _client.Get($"/v1/zones/{zone}")).Body);
    }

    [Theory]
    [InlineData("false", false)]
    [InlineData("False", false)]
    [InlineData("FALSE", false)]
    [InlineData("0", false)]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("1", true)]
    public async Task Records_query_flag_is_case_insensitive(string flag, bool expectRecords)
    {
        var zone = ApiCalls.NewZone();
        await _client.CreateZone(zone);

        var read = await _client.Get($"/v1/zones/{zone}?records={flag}");

        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(expectRecords, read.Json.TryGetProperty("records", out _));
        Assert.Equal(zone, read.Json.GetProperty("zone").GetString());
    }

    [Fact]
    public async Task Post_merges_only_the_members_sent()
    {
        var zone = ApiCalls.NewZone();
        var created = (await _client.CreateZone(zone, $$$"""{"zone":"{{{zone}}}","nx_ttl":60,"meta":{"a":1}}""")).Json;

        var updated = await _client.Post($"/v1/zones/{zone}", """{"refresh":665}""");

        Assert.Equal(HttpStatusCode.OK, updated.Status);
        var u = updated.Json;
        Assert.Equal(665, u.GetProperty("refresh").GetInt32());
        foreach (var member in new[] { "id", "ttl", "nx_ttl", "retry", "expiry", "hostmaster", "dns_servers", "meta", "primary", "records" })
            Assert.Equal(ApiCalls.Compact(created.GetProperty(member)), ApiCalls.Compact(u.GetProperty(member)));
        Assert.True(u.GetProperty("serial").GetUInt32() > created.GetProperty("serial").GetUInt32());
    }

    [Fact]
    public async Task Post_accepts_the_whole_object_read_back_like_the_recorded_client()
    {
        var zone = ApiCalls.NewZone();
        await _client.CreateZone(zone);
        var read = (await _client.Get($"/v1/zones/{zone}")).Body;
        var sent = read.Replace("\"refresh\":43200", "\"refresh\":665", StringComparison.Ordinal);

        var updated = await _client.Post($"/v1/zones/{zone}", sent);

        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal(665, updated.Json.GetProperty("refresh").GetInt32());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Json_body_is_read_whatever_the_content_type(string? contentType)
    {
        var zone = ApiCalls.NewZone();

        var created = await _client.Send(HttpMethod.Put, $"/v1/zones/{zone}", $$"""{"zone":"{{zone}}","ttl":1234}""", contentType);

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal(1234, created.Json.GetProperty("ttl").GetInt32());
    }

    [Fact]
    public async Task Create_with_an_empty_body_uses_the_defaults()
    {
        var zone = ApiCalls.NewZone();

        var created = await _client.Send(HttpMethod.Put, $"/v1/zones/{zone}", body: null, contentType: null);

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal(3600, created.Json.GetProperty("ttl").GetInt32());
    }

    [Fact]
    public async Task Zone_names_are_case_insensitive()
    {
        var zone = ApiCalls.NewZone();
        await _client.CreateZone(zone.ToUpperInvariant());

        var read = await _client.Get($"/v1/zones/{zone}");

        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(zone, read.Json.GetProperty("zone").GetString());
    }

    [Fact]
    public async Task Creating_an_existing_zone_is_refused()
    {
        var zone = ApiCalls.NewZone();
        var first = await _client.CreateZone(zone);

        var second = await _client.Put($"/v1/zones/{zone}", """{"ttl":5}""");

        Assert.Equal(HttpStatusCode.BadRequest, second.Status);
        Assert.Equal("""{"message":"zone already exists"}""", second.Body);
        Assert.Equal(first.Body, (await _client.Get($"/v1/zones/{zone}")).Body);
    }

    [Fact]
    public async Task Delete_answers_an_empty_object_and_the_zone_is_gone()
    {
        var zone = ApiCalls.NewZone();
        await _client.CreateZone(zone);

        var deleted = await _client.Delete($"/v1/zones/{zone}");

        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal("{}", deleted.Body);
        var read = await _client.Get($"/v1/zones/{zone}");
        Assert.Equal(HttpStatusCode.NotFound, read.Status);
        Assert.Equal("""{"message":"zone not found"}""", read.Body);
        Assert.DoesNotContain(zone, (await _client.Get("/v1/zones")).Body);
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("POST", "{\"ttl\":60}")]
    [InlineData("DELETE", "")]
    public async Task Missing_zone_is_404_zone_not_found(string method, string body)
    {
        var response = await _client.Send(new HttpMethod(method), $"/v1/zones/{ApiCalls.NewZone("missing")}", body);

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal(Messages.ZoneNotFound, response.Message);
    }

    [Fact]
    public async Task List_holds_zones_without_records_sorted_by_name()
    {
        var b = ApiCalls.NewZone("b");
        var a = ApiCalls.NewZone("a");
        await _client.CreateZone(b);
        await _client.CreateZone(a);

        var list = await _client.Get("/v1/zones");

        Assert.Equal(HttpStatusCode.OK, list.Status);
        var zones = list.Json.EnumerateArray().ToList();
        var names = zones.Select(z => z.GetProperty("zone").GetString()!).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Contains(a, names);
        Assert.Contains(b, names);
        Assert.All(zones, z => Assert.False(z.TryGetProperty("records", out _)));
        var readA = (await _client.Get($"/v1/zones/{a}?records=false")).Body;
        Assert.Equal(ApiCalls.Compact(readA), ApiCalls.Compact(zones.Single(z => z.GetProperty("zone").GetString() == a)));
    }
}
