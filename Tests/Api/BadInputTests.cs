using System.Net;
using System.Text.Json;
using Xunit;

namespace Vantage.Tests.Api;

/// <summary>Every bad input is answered 400 with its exact message, and the stored zone is left exactly as it was.</summary>
[Collection(ApiCollection.Name)]
public sealed class BadInputTests(ApiFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    // {z} is replaced by the zone under test. The zone holds www.{z} A when the case runs.
    public static TheoryData<string, string, string, string> Cases => new()
    {
        // method, path, body, exact message
        { "POST", "/v1/zones/{z}/www.{z}/A", "{", InvalidJson("{") },
        { "POST", "/v1/zones/{z}/www.{z}/A", "{\"ttl\":60,}", InvalidJson("{\"ttl\":60,}") },
        { "POST", "/v1/zones/{z}/www.{z}/A", "[]", "invalid json: the body must be a JSON object" },
        { "POST", "/v1/zones/{z}/www.{z}/A", "\"text\"", "invalid json: the body must be a JSON object" },
        { "POST", "/v1/zones/{z}/www.{z}/A", "{\"ttl\":\"60\"}", "ttl must be an integer" },
        { "POST", "/v1/zones/{z}/www.{z}/A", "{\"ttl\":1.5}", "ttl must be an integer" },
        { "POST", "/v1/zones/{z}/www.{z}/A", "{\"ttl\":99999999999}", "ttl must be an integer" },
        { "POST", "/v1/zones/{z}/www.{z}/A", "{\"meta\":[]}", "meta must be a JSON object" },
        { "POST", "/v1/zones/{z}/www.{z}/A", "{\"regions\":\"x\"}", "regions must be a JSON object" },
        { "POST", "/v1/zones/{z}/www.{z}/A", "{\"filters\":{}}", "filters must be a JSON array" },
        { "POST", "/v1/zones/{z}/www.{z}/A", "{\"filters\":[1]}", "filters[0] must be an object" },
        { "POST", "/v1/zones/{z}/www.{z}/A", "{\"filters\":[{\"filter\":\"up\"},{\"filter\":7}]}", "filters[1].filter must be a string" },
        { "POST", "/v1/zones/{z}/www.{z}/A", "{\"filters\":[{\"config\":{},\"disabled\":false}]}", "filters[0] must name its filter (\"filter\": name)" },
        { "POST", "/v1/zones/{z}/www.{z}/A", "{\"feeds\":{}}", "feeds must be a JSON array" },
        { "POST", "/v1/zones/{z}/www.{z}/A", "{\"answers\":5}", "answers must be an array" },
        { "POST", "/v1/zones/{z}/www.{z}/A", "{\"answers\":[true]}", "answers[0] must be an object, an array or a string" },
        { "POST", "/v1/zones/{z}/www.{z}/A", "{\"answers\":[{\"meta\":{}}]}", "answers[0].answer is required" },
        { "POST", "/v1/zones/{z}/www.{z}/A", "{\"answers\":[{\"answer\":[\"192.0.2.1\"]},{\"answer\":[true]}]}", "answers[1].answer[0] must be a string or a number" },
        { "POST", "/v1/zones/{z}/www.{z}/A", "{\"answers\":[{\"answer\":[\"192.0.2.1\"],\"meta\":[]}]}", "answers[0].meta must be a JSON object" },
        { "POST", "/v1/zones/{z}/www.{z}/A", "{\"answers\":[{\"answer\":[\"192.0.2.1\"],\"region\":1}]}", "answers[0].region must be a string" },
        { "POST", "/v1/zones/{z}/www.{z}/A", "{\"answers\":[{\"answer\":[\"192.0.2.1\"],\"id\":7}]}", "answers[0].id must be a string" },
        { "POST", "/v1/zones/{z}/www.{z}/A", "{\"use_client_subnet\":\"yes\"}", "use_client_subnet must be true or false" },
        { "POST", "/v1/zones/{z}/www.{z}/A", "{\"override_ttl\":1}", "override_ttl must be true or false" },
        { "POST", "/v1/zones/{z}/www.{z}/A", "{\"networks\":[\"a\"]}", "networks must be an array of integers" },
        { "POST", "/v1/zones/{z}/www.{z}/A", "{\"link\":5}", "link must be a string" },
        { "POST", "/v1/zones/{z}/www.{z}/A", "{\"zone\":\"other.test\"}", "zone \"other.test\" in the body does not match \"{z}\" in the URL" },
        { "POST", "/v1/zones/{z}/www.{z}/A", "{\"domain\":\"mail.{z}\"}", "domain \"mail.{z}\" in the body does not match \"www.{z}\" in the URL" },
        { "POST", "/v1/zones/{z}/www.{z}/A", "{\"type\":\"AAAA\"}", "type \"AAAA\" in the body does not match \"A\" in the URL" },
        { "PUT", "/v1/zones/{z}/new.{z}/A", "{\"answers\":[{\"answer\":[\"192.0.2.1\"]}],\"ttl\":\"x\"}", "ttl must be an integer" },
        { "PUT", "/v1/zones/{z}/new.{z}/A", "{\"answers\":[\"0 issue \\\"unterminated\"]}", "answer \"0 issue \"unterminated\" has an unterminated quote" },
        { "PUT", "/v1/zones/{z}/new.{z}./A", "{\"answers\":[{\"answer\":[\"192.0.2.1\"]}]}", "domain \"new.{z}.\" must not start or end with a dot" },
        { "PUT", "/v1/zones/{z}/.new.{z}/A", "{\"answers\":[{\"answer\":[\"192.0.2.1\"]}]}", "domain \".new.{z}\" must not start or end with a dot" },
        { "PUT", "/v1/zones/{z}./new.{z}/A", "{\"answers\":[{\"answer\":[\"192.0.2.1\"]}]}", "zone \"{z}.\" must not start or end with a dot" },
        { "POST", "/v1/zones/{z}", "{\"ttl\":\"x\"}", "ttl must be an integer" },
        { "POST", "/v1/zones/{z}", "{\"nx_ttl\":true}", "nx_ttl must be an integer" },
        { "POST", "/v1/zones/{z}", "{\"primary\":[]}", "primary must be a JSON object" },
        { "POST", "/v1/zones/{z}", "{\"secondary\":1}", "secondary must be a JSON object" },
        { "POST", "/v1/zones/{z}", "{\"meta\":\"m\"}", "meta must be a JSON object" },
        { "POST", "/v1/zones/{z}", "{\"hostmaster\":5}", "hostmaster must be a string" },
        { "POST", "/v1/zones/{z}", "{\"networks\":[0.5]}", "networks must be an array of integers" },
        { "POST", "/v1/zones/{z}", "{\"zone\":\"other.test\"}", "zone \"other.test\" in the body does not match \"{z}\" in the URL" },
        { "POST", "/v1/zones/{z}", "nonsense", InvalidJson("nonsense") },
        { "GET", "/v1/zones/{z}?records=maybe", "", "records must be true or false" },
        { "GET", "/v1/zones/{z}./www.{z}/A", "", "zone \"{z}.\" must not start or end with a dot" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_is_400_with_its_message_and_changes_nothing(string method, string path, string body, string message)
    {
        var zone = ApiCalls.NewZone("bad");
        await _client.CreateZone(zone);
        var record = await _client.Put($"/v1/zones/{zone}/www.{zone}/A", """{"answers":[{"answer":["192.0.2.1"]}],"meta":{"note":"a"}}""");
        Assert.Equal(HttpStatusCode.OK, record.Status);
        var zoneBefore = (await _client.Get($"/v1/zones/{zone}")).Body;

        var response = await _client.Send(new HttpMethod(method), path.Replace("{z}", zone), body.Replace("{z}", zone));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(message.Replace("{z}", zone), response.Message);
        Assert.Equal(["message"], response.Json.Names());
        Assert.Equal(zoneBefore, (await _client.Get($"/v1/zones/{zone}")).Body);
        Assert.Equal(record.Body, (await _client.Get($"/v1/zones/{zone}/www.{zone}/A")).Body);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.Get($"/v1/zones/{zone}/new.{zone}/A")).Status);
    }

    public static TheoryData<string, string, string> ValidatorCases => new()
    {
        // path, body, exact message from the validator (through the zone grain)
        { "/v1/zones/{z}/www.{z}/A", """{"answers":[{"answer":["not-an-ip"]}]}""", "invalid IPv4 address \"not-an-ip\" in answer 1" },
        { "/v1/zones/{z}/www.{z}/A", """{"ttl":-1,"answers":[{"answer":["192.0.2.1"]}]}""", "ttl must be between 0 and 2147483647" },
        { "/v1/zones/{z}/{z}/CNAME", """{"answers":[{"answer":["target.example.net"]}]}""", "CNAME cannot be created at the zone apex" },
        { "/v1/zones/{z}/www.other.test/A", """{"answers":[{"answer":["192.0.2.1"]}]}""", "domain www.other.test is not in zone {z}" },
        { "/v1/zones/{z}/www.{z}/BOGUS", """{"answers":[{"answer":["x"]}]}""", "unsupported record type \"BOGUS\"" },
        { "/v1/zones/{z}/mx.{z}/MX", """{"answers":[{"answer":["mail.example.net"]}]}""", "MX answer needs 2 fields (preference, exchange), got 1 in answer 1" },
        { "/v1/zones/{z}/www.{z}/A", """{"answers":[{"answer":["192.0.2.1"]}],"meta":{"up":{"feed":"f1"}},"link":"bad..name"}""", "invalid link \"bad..name\": empty label (two dots in a row)" },
    };

    [Theory]
    [MemberData(nameof(ValidatorCases))]
    public async Task Invalid_records_are_refused_by_the_validator_and_change_nothing(string path, string body, string message)
    {
        var zone = ApiCalls.NewZone("bad");
        await _client.CreateZone(zone);
        var zoneBefore = (await _client.Get($"/v1/zones/{zone}")).Body;

        var response = await _client.Put(path.Replace("{z}", zone), body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(message.Replace("{z}", zone), response.Message);
        Assert.Equal(zoneBefore, (await _client.Get($"/v1/zones/{zone}")).Body);
    }

    [Theory]
    [InlineData("""{"ttl":-5}""", "ttl must be between 0 and 2147483647")]
    [InlineData("""{"hostmaster":"not an address"}""", "hostmaster must be an e-mail address (local@domain)")]
    public async Task Invalid_zone_settings_are_refused_and_change_nothing(string body, string message)
    {
        var zone = ApiCalls.NewZone("bad");
        await _client.CreateZone(zone);
        var zoneBefore = (await _client.Get($"/v1/zones/{zone}")).Body;

        var response = await _client.Post($"/v1/zones/{zone}", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(message.Replace("{z}", zone), response.Message);
        Assert.Equal(zoneBefore, (await _client.Get($"/v1/zones/{zone}")).Body);
    }

    [Theory]
    [InlineData("bad_zone!.test", "invalid zone name \"bad_zone!.test\": invalid character '!' in label \"bad_zone!\"")]
    [InlineData("a..test", "invalid zone name \"a..test\": empty label (two dots in a row)")]
    public async Task Invalid_zone_names_are_refused(string zone, string message)
    {
        var response = await _client.Put($"/v1/zones/{zone}", "{}");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(message, response.Message);
    }

    private static string InvalidJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            return "invalid json: " + e.Message;
        }
        throw new InvalidOperationException($"{text} parsed");
    }
}
