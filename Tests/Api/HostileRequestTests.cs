using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Xunit;

namespace Vantage.Tests.Api;

/// <summary>
/// Requests an attacker (or a broken client) sends: each is answered with the right status and an NS1-style
/// <c>{"message": ...}</c>, and the zone under attack is byte-for-byte what it was before.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HostileRequestTests(ApiFixture fixture)
{
    private const string Record = "www.{z}";

    /// <summary>A hostile request: method, path ({z} = the zone), body, expected status, and text the message must contain.</summary>
    public sealed record Hostile(string Method, string Path, Func<HttpContent?> Body, HttpStatusCode Status, string Message);

    private static readonly Dictionary<string, Hostile> Table = new()
    {
        ["record PUT of 20 MB (one meta.note of 20 million characters)"] = new("PUT", "/v1/zones/{z}/new.{z}/A",
            () => Json("{\"answers\":[{\"answer\":[\"192.0.2.9\"]}],\"meta\":{\"note\":\"" + new string('n', 20_000_000) + "\"}}"),
            HttpStatusCode.RequestEntityTooLarge, "request body too large: the limit is 1048576 bytes"),
        ["record POST of 2 MB sent chunked (no Content-Length)"] = new("POST", "/v1/zones/{z}/" + Record + "/A",
            () => Chunked("{\"ttl\":60,\"meta\":{\"note\":\"" + new string('c', 2_000_000) + "\"}}"),
            HttpStatusCode.RequestEntityTooLarge, "request body too large: the limit is 1048576 bytes"),
        ["zone PUT of 5 MB"] = new("PUT", "/v1/zones/big-{z}", () => Json("{\"meta\":{\"x\":\"" + new string('z', 5_000_000) + "\"}}"),
            HttpStatusCode.RequestEntityTooLarge, "request body too large"),
        ["JSON nested 10,000 deep"] = new("POST", "/v1/zones/{z}/" + Record + "/A",
            () => Json("{\"meta\":" + new string('[', 10_000) + new string(']', 10_000) + "}"),
            HttpStatusCode.BadRequest, "invalid json"),
        ["1,001 answers"] = new("PUT", "/v1/zones/{z}/new.{z}/A",
            () => Json("{\"answers\":[" + string.Join(',', Enumerable.Range(0, 1001).Select(i => $"{{\"answer\":[\"10.0.{i / 250}.{i % 250}\"]}}")) + "]}"),
            HttpStatusCode.BadRequest, "a record can have at most 1000 answers"),
        ["note of 257 characters"] = new("POST", "/v1/zones/{z}/" + Record + "/A",
            () => Json("{\"meta\":{\"note\":\"" + new string('n', 257) + "\"}}"),
            HttpStatusCode.BadRequest, "meta note must be at most 256 characters"),
        ["1,001 ip_prefixes in an answer"] = new("POST", "/v1/zones/{z}/" + Record + "/A",
            () => Json("{\"answers\":[{\"answer\":[\"192.0.2.1\"],\"meta\":{\"ip_prefixes\":["
                + string.Join(',', Enumerable.Range(0, 1001).Select(i => $"\"10.{i / 250}.{i % 250}.0/24\"")) + "]}}]}"),
            HttpStatusCode.BadRequest, "meta ip_prefixes must have at most 1000 entries"),
        ["1,001 ASNs in an answer"] = new("POST", "/v1/zones/{z}/" + Record + "/A",
            () => Json("{\"answers\":[{\"answer\":[\"192.0.2.1\"],\"meta\":{\"asn\":[" + string.Join(',', Enumerable.Range(1, 1001)) + "]}}]}"),
            HttpStatusCode.BadRequest, "meta asn must have at most 1000 entries"),
        ["300 KiB of meta on one record"] = new("POST", "/v1/zones/{z}/" + Record + "/A",
            () => Json("{\"answers\":[" + string.Join(',', Enumerable.Range(0, 30).Select(a => $"{{\"answer\":[\"10.1.0.{a}\"],\"meta\":{{\"ip_prefixes\":["
                + string.Join(',', Enumerable.Range(0, 700).Select(i => $"\"10.{i / 250}.{i % 250}.0/24\"")) + "]}}")) + "]}"),
            HttpStatusCode.BadRequest, "can be at most 262144 bytes"),
        ["made-up method"] = new("FOO", "/v1/zones/{z}", () => null, HttpStatusCode.MethodNotAllowed, "method not allowed"),
        ["PATCH"] = new("PATCH", "/v1/zones/{z}/" + Record + "/A", () => Json("{\"ttl\":5}"), HttpStatusCode.MethodNotAllowed, "method not allowed"),
        ["header injection in a zone name"] = new("PUT", "/v1/zones/evil%0D%0ASet-Cookie:%20a=b.{z}", () => Json("{}"),
            HttpStatusCode.BadRequest, "invalid zone name"),
        ["header injection in a record name"] = new("PUT", "/v1/zones/{z}/x%0D%0ALocation:%20http:%2F%2Fevil.{z}/A",
            () => Json("{\"answers\":[{\"answer\":[\"192.0.2.9\"]}]}"), HttpStatusCode.BadRequest, "invalid"),
        ["path traversal with encoded slashes"] = new("DELETE", "/v1/zones/..%2F..%2F{z}", () => null, HttpStatusCode.BadRequest, "zone \"..%2F..%2F"),
        ["path traversal to the zone from a record path"] = new("DELETE", "/v1/zones/{z}/..%2F{z}/A", () => null, HttpStatusCode.BadRequest, "domain \"..%2F"),
        // Dot segments are resolved before routing (by the client here, by Kestrel for raw requests): /v1/zones/../ is /v1/.
        ["path traversal with dot segments"] = new("DELETE", "/v1/zones/../", () => null, HttpStatusCode.NotFound, "resource not found"),
    };

    public static TheoryData<string> Cases => [.. Table.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Is_refused_with_its_status_and_nothing_is_stored(string name)
    {
        var hostile = Table[name];
        var zone = ApiCalls.NewZone("hostile");
        await fixture.Client.CreateZone(zone);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.Put($"/v1/zones/{zone}/www.{zone}/A", """{"answers":[{"answer":["192.0.2.1"]}]}""")).Status);
        var before = (await fixture.Client.Get($"/v1/zones/{zone}")).Body;
        var zonesBefore = (await fixture.Client.Get("/v1/zones")).Body;

        using var request = new HttpRequestMessage(new HttpMethod(hostile.Method), hostile.Path.Replace("{z}", zone, StringComparison.Ordinal));
        request.Content = hostile.Body();
        using var response = await fixture.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(hostile.Status, response.StatusCode);
        var answer = new ApiResponse(response.StatusCode, body, response.Headers, response.Content.Headers);
        Assert.Contains(hostile.Message, answer.Message, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie") || response.Headers.Contains("Location"), "a header was injected");
        Assert.Equal(before, (await fixture.Client.Get($"/v1/zones/{zone}")).Body);
        Assert.Equal(zonesBefore, (await fixture.Client.Get("/v1/zones")).Body);
    }

    [Theory]
    [InlineData("GET", "/v1/zones")]
    [InlineData("GET", "/v1/no/such/path")]
    [InlineData("GET", "/no/such/path")]
    [InlineData("GET", "/v1/zones/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("PUT", "/v1/zones/x.test")]
    [InlineData("DELETE", "/v1/stats/qps")]
    [InlineData("GET", "/swagger")]
    [InlineData("GET", "/swagger/v1/swagger.json")]
    public async Task Without_a_key_every_path_but_health_metrics_and_the_status_page_is_401_in_production(string method, string path)
    {
        using var factory = fixture.CreateFactory(environment: "Production");
        using var anonymous = factory.CreateClient();

        var response = await anonymous.Send(new HttpMethod(method), path, method == "PUT" ? "{}" : null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("""{"message":"Authentication required"}""", response.Body);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.Get("/health")).Status);
    }

    [Fact]
    public async Task A_zone_file_over_MaxZoneFileBytes_is_413_and_creates_no_zone()
    {
        using var factory = fixture.CreateFactory(new Dictionary<string, string?> { ["Vantage:Api:MaxZoneFileBytes"] = "4096" });
        using var client = factory.CreateApiClient();
        var zone = ApiCalls.NewZone("bigfile");
        var text = new StringBuilder($"$ORIGIN {zone}.\n$TTL 300\n");
        for (var i = 0; text.Length < 10_000; i++) text.Append(CultureInfo($"h{i} IN A 10.0.{i / 250}.{i % 250}\n"));
        using var form = new MultipartFormDataContent { { new StringContent(text.ToString()), "zonefile", "zone.txt" } };

        using var response = await client.PutAsync($"/v1/import/zonefile/{zone}", form);
        var answer = new ApiResponse(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers, response.Content.Headers);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.Status);
        Assert.Equal("request body too large: the limit is 4096 bytes", answer.Message);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Get($"/v1/zones/{zone}")).Status);
    }

    private static string CultureInfo(FormattableString text) => text.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static ByteArrayContent Json(string json) => new(Encoding.UTF8.GetBytes(json));

    /// <summary>A body without Content-Length: the client sends it chunked.</summary>
    private static StreamContent Chunked(string json) => new(new UnknownLengthStream(Encoding.UTF8.GetBytes(json)));

    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
