using System.Net;
using System.Text.Json;
using Vantage.Model;
using Xunit;

namespace Vantage.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class RecordsApiTests(ApiFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    /// <summary>Members of NS1's recorded record-create answer (ns1_record.js).</summary>
    private static readonly string[] RecordedRecordMembers =
        ["domain", "zone", "use_client_subnet", "answers", "id", "regions", "meta", "link", "filters", "ttl", "tier", "type", "networks"];

    private async Task<string> NewZone()
    {
        var zone = ApiCalls.NewZone("r");
        await _client.CreateZone(zone, $$"""{"zone":"{{zone}}","ttl":3600,"nx_ttl":60}""");
        return zone;
    }

    [Fact]
    public async Task Create_like_the_recorded_client_answers_NS1s_record_object()
    {
        var zone = await NewZone();

        var created = await _client.Put($"/v1/zones/{zone}/www.{zone}/A",
            $$"""{"zone":"{{zone}}","domain":"www.{{zone}}","type":"A","answers":[{"answer":["1.1.1.1"]}]}""");

        Assert.Equal(HttpStatusCode.OK, created.Status);
        var r = created.Json;
        Assert.Equal(
            ["id", "zone", "domain", "type", "ttl", "answers", "meta", "regions", "filters", "use_client_subnet", "link", "tier", "networks", "feeds"],
            r.Names());
        Assert.Subset(r.Names().ToHashSet(), RecordedRecordMembers.ToHashSet());
        Assert.Matches("^[0-9a-f]{24}$", r.GetProperty("id").GetString());
        Assert.Equal(zone, r.GetProperty("zone").GetString());
        Assert.Equal($"www.{zone}", r.GetProperty("domain").GetString());
        Assert.Equal("A", r.GetProperty("type").GetString());
        Assert.Equal(60, r.GetProperty("ttl").GetInt32());
        var answer = Assert.Single(r.GetProperty("answers").EnumerateArray());
        Assert.Equal(["id", "answer"], answer.Names());
        Assert.Matches("^[0-9a-f]{24}$", answer.GetProperty("id").GetString());
        Assert.Equal("""["1.1.1.1"]""", ApiCalls.Compact(answer.GetProperty("answer")));
        Assert.Equal("{}", ApiCalls.Compact(r.GetProperty("meta")));
        Assert.Equal("{}", ApiCalls.Compact(r.GetProperty("regions")));
        Assert.Equal("[]", ApiCalls.Compact(r.GetProperty("filters")));
        Assert.True(r.GetProperty("use_client_subnet").GetBoolean());
        Assert.Equal(JsonValueKind.Null, r.GetProperty("link").ValueKind);
        Assert.Equal(1, r.GetProperty("tier").GetInt32());
        Assert.Equal("[0]", ApiCalls.Compact(r.GetProperty("networks")));
        Assert.Equal("[]", ApiCalls.Compact(r.GetProperty("feeds")));

        var read = await _client.Get($"/v1/zones/{zone}/www.{zone}/A");
        Assert.Equal(created.Body, read.Body);

        var inZone = (await _client.Get($"/v1/zones/{zone}")).Json.GetProperty("records").EnumerateArray()
            .Single(x => x.GetProperty("type").GetString() == "A");
        Assert.Equal(r.GetProperty("id").GetString(), inZone.GetProperty("id").GetString());
        Assert.Equal("""["1.1.1.1"]""", ApiCalls.Compact(inZone.GetProperty("short_answers")));
    }

    [Fact]
    public async Task Every_member_is_stored_and_echoed_as_sent()
    {
        var zone = await NewZone();
        const string answers = """[{"answer":[10,"mx1.example.net"],"meta":{"up":{"feed":"abc123"},"weight":10.50,"country":["US","CA"]},"region":"us-east"},{"answer":["20","mx2.example.net"],"region":"eu"}]""";
        const string meta = """{"priority":1,"note":"x <y> & z"}""";
        const string regions = """{"us-east":{"meta":{"georegion":["US-EAST"]}},"eu":{"meta":{"georegion":["EUROPE"]}}}""";
        const string filters = """[{"filter":"up","config":{}},{"filter":"geofence_regional","config":{"remove_no_georegion":true}},{"filter":"select_first_n","config":{"N":1},"disabled":false}]""";
        const string feeds = """[{"feed":"abc123","source":"src1"}]""";

        var created = await _client.Put($"/v1/zones/{zone}/{zone}/MX",
            $$$"""{"ttl":300,"answers":{{{answers}}},"meta":{{{meta}}},"regions":{{{regions}}},"filters":{{{filters}}},"use_client_subnet":false,"override_ttl":true,"networks":[0,1],"feeds":{{{feeds}}},"unknown_member":{"ignored":true}}""");

        Assert.Equal(HttpStatusCode.OK, created.Status);
        var body = created.Body;
        Assert.Contains("\"meta\":" + meta, body);
        Assert.Contains("\"regions\":" + regions, body);
        Assert.Contains("\"filters\":" + filters, body);
        Assert.Contains("\"feeds\":" + feeds, body);
        Assert.Contains("\"answer\":[10,\"mx1.example.net\"],\"meta\":{\"up\":{\"feed\":\"abc123\"},\"weight\":10.50,\"country\":[\"US\",\"CA\"]},\"region\":\"us-east\"", body);
        Assert.Contains("\"answer\":[\"20\",\"mx2.example.net\"],\"region\":\"eu\"}", body);
        Assert.DoesNotContain("unknown_member", body);
        var r = created.Json;
        Assert.Equal(300, r.GetProperty("ttl").GetInt32());
        Assert.False(r.GetProperty("use_client_subnet").GetBoolean());
        Assert.True(r.GetProperty("override_ttl").GetBoolean());
        Assert.Equal("[0,1]", ApiCalls.Compact(r.GetProperty("networks")));
        Assert.Equal(3, r.GetProperty("tier").GetInt32());
        Assert.Equal(created.Body, (await _client.Get($"/v1/zones/{zone}/{zone}/MX")).Body);

        var inZone = (await _client.Get($"/v1/zones/{zone}")).Json.GetProperty("records").EnumerateArray()
            .Single(x => x.GetProperty("type").GetString() == "MX");
        Assert.Equal("""["10 mx1.example.net","20 mx2.example.net"]""", ApiCalls.Compact(inZone.GetProperty("short_answers")));
        Assert.Equal(3, inZone.GetProperty("tier").GetInt32());
    }

    [Fact]
    public async Task Post_with_only_ttl_keeps_everything_else()
    {
        var zone = await NewZone();
        var created = (await _client.Put($"/v1/zones/{zone}/www.{zone}/A",
            """{"answers":[{"answer":["192.0.2.1"],"meta":{"up":true}},{"answer":["192.0.2.2"]}],"meta":{"note":"n"},"filters":[{"filter":"up","config":{}}]}""")).Json;

        var updated = await _client.Post($"/v1/zones/{zone}/www.{zone}/A", """{"ttl":665}""");

        Assert.Equal(HttpStatusCode.OK, updated.Status);
        var u = updated.Json;
        Assert.Equal(665, u.GetProperty("ttl").GetInt32());
        foreach (var member in u.Names().Where(n => n != "ttl"))
            Assert.Equal(ApiCalls.Compact(created.GetProperty(member)), ApiCalls.Compact(u.GetProperty(member)));
        Assert.Equal(updated.Body, (await _client.Get($"/v1/zones/{zone}/www.{zone}/A")).Body);
    }

    [Fact]
    public async Task Post_with_empty_filters_clears_the_chain()
    {
        var zone = await NewZone();
        var created = (await _client.Put($"/v1/zones/{zone}/www.{zone}/A",
            """{"answers":[{"answer":["192.0.2.1"]}],"filters":[{"filter":"up","config":{}},{"filter":"shuffle","config":{}}]}""")).Json;
        Assert.Equal(2, created.GetProperty("tier").GetInt32());

        var updated = await _client.Post($"/v1/zones/{zone}/www.{zone}/A", """{"filters":[]}""");

        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal("[]", ApiCalls.Compact(updated.Json.GetProperty("filters")));
        Assert.Equal(1, updated.Json.GetProperty("tier").GetInt32());
        Assert.Equal(ApiCalls.Compact(created.GetProperty("answers")), ApiCalls.Compact(updated.Json.GetProperty("answers")));
    }

    [Fact]
    public async Task Post_with_answers_replaces_the_list_and_keeps_sent_answer_ids()
    {
        var zone = await NewZone();
        var created = (await _client.Put($"/v1/zones/{zone}/www.{zone}/A", """{"answers":[{"answer":["192.0.2.1"]}]}""")).Json;
        var id = created.GetProperty("answers")[0].GetProperty("id").GetString();

        var updated = await _client.Post($"/v1/zones/{zone}/www.{zone}/A",
            $$"""{"answers":[{"id":"{{id}}","answer":["192.0.2.9"]},{"answer":["192.0.2.10"]}]}""");

        Assert.Equal(HttpStatusCode.OK, updated.Status);
        var answers = updated.Json.GetProperty("answers").EnumerateArray().ToList();
        Assert.Equal(2, answers.Count);
        Assert.Equal(id, answers[0].GetProperty("id").GetString());
        Assert.Equal("""["192.0.2.9"]""", ApiCalls.Compact(answers[0].GetProperty("answer")));
        Assert.NotEqual(id, answers[1].GetProperty("id").GetString());
    }

    public static TheoryData<string, string, string> AnswerForms => new()
    {
        // type, answers as sent, the canonical answer arrays expected back
        { "A", """["192.0.2.1","192.0.2.2"]""", """[["192.0.2.1"],["192.0.2.2"]]""" },
        { "A", "\"192.0.2.1\"", """[["192.0.2.1"]]""" },
        { "MX", """[["10","mx.example.net"],[20,"mx2.example.net"]]""", """[["10","mx.example.net"],[20,"mx2.example.net"]]""" },
        { "MX", """["10 mx.example.net"]""", """[["10","mx.example.net"]]""" },
        { "TXT", """["hello world"]""", """[["hello world"]]""" },
        { "CAA", """["0 issue \"letsencrypt.org\""]""", """[["0","issue","letsencrypt.org"]]""" },
        { "A", """[{"answer":"192.0.2.7"}]""", """[["192.0.2.7"]]""" },
    };

    [Theory]
    [MemberData(nameof(AnswerForms))]
    public async Task Answers_are_accepted_in_every_ns1_python_form(string type, string answers, string expected)
    {
        var zone = await NewZone();

        var created = await _client.Put($"/v1/zones/{zone}/host.{zone}/{type}", $$"""{"answers":{{answers}}}""");

        Assert.Equal(HttpStatusCode.OK, created.Status);
        var arrays = created.Json.GetProperty("answers").EnumerateArray().Select(a => ApiCalls.Compact(a.GetProperty("answer")));
        Assert.Equal(ApiCalls.Compact(expected), "[" + string.Join(",", arrays) + "]");
    }

    [Fact]
    public async Task Filter_shorthand_is_stored_in_canonical_form()
    {
        var zone = await NewZone();

        var created = await _client.Put($"/v1/zones/{zone}/www.{zone}/A",
            """{"answers":[{"answer":["192.0.2.1"]}],"filters":[{"up":{}},{"filter":"geotarget_country","config":{},"disabled":false},{"select_first_n":{"N":1}}]}""");

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Contains("""
            "filters":[{"filter":"up","config":{}},{"filter":"geotarget_country","config":{},"disabled":false},{"filter":"select_first_n","config":{"N":1}}]
            """.Trim(), created.Body);
        Assert.Equal(3, created.Json.GetProperty("tier").GetInt32());
    }

    [Fact]
    public async Task Names_in_the_URL_are_normalised_and_the_type_upper_cased()
    {
        var zone = await NewZone();

        var created = await _client.Put($"/v1/zones/{zone.ToUpperInvariant()}/WWW.{zone.ToUpperInvariant()}/aaaa",
            """{"answers":[{"answer":["2001:db8::1"]}]}""");

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal($"www.{zone}", created.Json.GetProperty("domain").GetString());
        Assert.Equal("AAAA", created.Json.GetProperty("type").GetString());
        Assert.Equal(created.Body, (await _client.Get($"/v1/zones/{zone}/Www.{zone}/AaAa")).Body);
    }

    [Fact]
    public async Task Json_body_is_read_without_a_content_type()
    {
        var zone = await NewZone();

        var created = await _client.Send(HttpMethod.Put, $"/v1/zones/{zone}/www.{zone}/A",
            """{"answers":[{"answer":["192.0.2.1"]}]}""", contentType: null);

        Assert.Equal(HttpStatusCode.OK, created.Status);
        var updated = await _client.Send(HttpMethod.Post, $"/v1/zones/{zone}/www.{zone}/A", """{"ttl":99}""", contentType: null);
        Assert.Equal(99, updated.Json.GetProperty("ttl").GetInt32());
    }

    [Fact]
    public async Task Creating_an_existing_record_is_refused_and_leaves_it_unchanged()
    {
        var zone = await NewZone();
        var first = await _client.Put($"/v1/zones/{zone}/www.{zone}/A", """{"answers":[{"answer":["192.0.2.1"]}]}""");

        var second = await _client.Put($"/v1/zones/{zone}/www.{zone}/A", """{"answers":[{"answer":["192.0.2.2"]}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, second.Status);
        Assert.Equal("""{"message":"record already exists"}""", second.Body);
        Assert.Equal(first.Body, (await _client.Get($"/v1/zones/{zone}/www.{zone}/A")).Body);
    }

    [Fact]
    public async Task Delete_answers_an_empty_object_and_the_record_is_gone()
    {
        var zone = await NewZone();
        await _client.Put($"/v1/zones/{zone}/www.{zone}/A", """{"answers":[{"answer":["192.0.2.1"]}]}""");

        var deleted = await _client.Delete($"/v1/zones/{zone}/www.{zone}/A");

        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal("{}", deleted.Body);
        var read = await _client.Get($"/v1/zones/{zone}/www.{zone}/A");
        Assert.Equal(HttpStatusCode.NotFound, read.Status);
        Assert.Equal("""{"message":"record not found"}""", read.Body);
        Assert.DoesNotContain((await _client.Get($"/v1/zones/{zone}")).Json.GetProperty("records").EnumerateArray(),
            r => r.GetProperty("type").GetString() == "A");
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("POST", "{\"ttl\":60}")]
    [InlineData("DELETE", "")]
    public async Task Missing_record_is_404_record_not_found(string method, string body)
    {
        var zone = await NewZone();

        var response = await _client.Send(new HttpMethod(method), $"/v1/zones/{zone}/nothing.{zone}/A", body);

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal(Messages.RecordNotFound, response.Message);
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("PUT", "{\"answers\":[{\"answer\":[\"192.0.2.1\"]}]}")]
    [InlineData("POST", "{\"ttl\":60}")]
    [InlineData("DELETE", "")]
    public async Task Record_in_a_missing_zone_is_404_zone_not_found(string method, string body)
    {
        var zone = ApiCalls.NewZone("missing");

        var response = await _client.Send(new HttpMethod(method), $"/v1/zones/{zone}/www.{zone}/A", body);

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal(Messages.ZoneNotFound, response.Message);
    }
}
