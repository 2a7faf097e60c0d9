using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Xunit;

namespace Vantage.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class ZoneFilesApiTests(ApiFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    private static string GoodFile(string zone) => $"""
        $ORIGIN {zone}.
        $TTL 300
        @       IN SOA ns1.{zone}. admin.{zone}. ( 2024010101 7200 3600 1209600 60 )
        @       IN NS  ns1.{zone}.
        @       IN NS  ns2.{zone}.
        www     IN A   192.0.2.1
        www     IN A   192.0.2.2
        mail 600 IN MX 10 mx.{zone}.
        txt     IN TXT "hello world"
        ; a comment line
        v6      IN AAAA 2001:db8::1
        """;

    private async Task<ApiResponse> Import(string zone, string text, string field = "zonefile")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, field, "zone.txt");
        using var response = await _client.PutAsync($"/v1/import/zonefile/{zone}", form);
        return new ApiResponse(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers, response.Content.Headers);
    }

    private static List<string> RecordSummary(ApiResponse zone) =>
        [.. zone.Json.GetProperty("records").EnumerateArray()
            .Select(r => $"{r.GetProperty("domain").GetString()} {r.GetProperty("type").GetString()} {r.GetProperty("ttl").GetInt32()} " +
                         string.Join("|", r.GetProperty("short_answers").EnumerateArray().Select(a => a.GetString()).Order(StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Importing_a_good_file_creates_the_zone_with_its_records()
    {
        var zone = ApiCalls.NewZone("zf");

        var imported = await Import(zone, GoodFile(zone));

        Assert.Equal(HttpStatusCode.OK, imported.Status);
        var z = imported.Json;
        Assert.Equal(zone, z.GetProperty("zone").GetString());
        Assert.Equal(60, z.GetProperty("nx_ttl").GetInt32());
        Assert.Equal(7200, z.GetProperty("refresh").GetInt32());
        Assert.Equal(3600, z.GetProperty("retry").GetInt32());
        Assert.Equal(1209600, z.GetProperty("expiry").GetInt32());
        Assert.True(z.GetProperty("serial").GetUInt32() >= 2024010101u);
        Assert.Equal(
            new[]
            {
                $"{zone} NS 300 ns1.{zone}|ns2.{zone}",
                $"mail.{zone} MX 600 10 mx.{zone}",
                $"txt.{zone} TXT 300 hello world",
                $"v6.{zone} AAAA 300 2001:db8::1",
                $"www.{zone} A 300 192.0.2.1|192.0.2.2",
            }.Order(StringComparer.Ordinal),
            RecordSummary(imported));
        Assert.Equal(imported.Body, (await _client.Get($"/v1/zones/{zone}")).Body);
    }

    [Fact]
    public async Task Importing_replaces_all_records_of_an_existing_zone()
    {
        var zone = ApiCalls.NewZone("zf");
        await _client.CreateZone(zone);
        await _client.Put($"/v1/zones/{zone}/old.{zone}/A", """{"answers":[{"answer":["192.0.2.99"]}]}""");

        var imported = await Import(zone, GoodFile(zone));

        Assert.Equal(HttpStatusCode.OK, imported.Status);
        Assert.DoesNotContain(RecordSummary(imported), r => r.StartsWith($"old.{zone}", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.Get($"/v1/zones/{zone}/old.{zone}/A")).Status);
    }

    [Fact]
    public async Task A_bad_line_rejects_the_whole_file_with_its_line_number_and_changes_nothing()
    {
        var zone = ApiCalls.NewZone("zf");
        Assert.Equal(HttpStatusCode.OK, (await Import(zone, GoodFile(zone))).Status);
        var before = (await _client.Get($"/v1/zones/{zone}")).Body;
        var bad = GoodFile(zone).Replace("www     IN A   192.0.2.2", "www     IN A   192.0.2.2.7", StringComparison.Ordinal);

        var refused = await Import(zone, bad);

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.StartsWith("line 7", refused.Message);
        Assert.Equal(before, (await _client.Get($"/v1/zones/{zone}")).Body);
    }

    [Fact]
    public async Task A_bad_file_for_a_new_zone_creates_nothing()
    {
        var zone = ApiCalls.NewZone("zf");
        var bad = GoodFile(zone) + "\nbroken IN NOSUCHTYPE x\n";

        var refused = await Import(zone, bad);

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("line ", refused.Message);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.Get($"/v1/zones/{zone}")).Status);
    }

    [Theory]
    [InlineData("other")]
    public async Task A_missing_zonefile_field_is_400(string field)
    {
        var zone = ApiCalls.NewZone("zf");

        var refused = await Import(zone, GoodFile(zone), field);

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("the zone file is missing: send it in multipart field \"zonefile\"", refused.Message);
    }

    [Fact]
    public async Task A_body_that_is_not_a_form_is_400()
    {
        var zone = ApiCalls.NewZone("zf");

        var refused = await _client.Put($"/v1/import/zonefile/{zone}", GoodFile(zone));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("expected a multipart form with the zone file in field \"zonefile\"", refused.Message);
    }

    [Fact]
    public async Task Import_export_import_gives_the_same_records()
    {
        var zone = ApiCalls.NewZone("zf");
        var first = await Import(zone, GoodFile(zone));
        Assert.Equal(HttpStatusCode.OK, first.Status);

        var export = await _client.Get($"/v1/zones/{zone}/export");
        Assert.Equal(HttpStatusCode.OK, export.Status);
        Assert.StartsWith("text/plain", export.Header("Content-Type"));
        Assert.Contains("SOA", export.Body);
        Assert.Equal(HttpStatusCode.OK, (await _client.Delete($"/v1/zones/{zone}")).Status);

        var second = await Import(zone, export.Body);

        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(RecordSummary(first), RecordSummary(second));
        foreach (var member in new[] { "ttl", "nx_ttl", "refresh", "retry", "expiry", "hostmaster" })
            Assert.Equal(ApiCalls.Compact(first.Json.GetProperty(member)), ApiCalls.Compact(second.Json.GetProperty(member)));
    }

    [Fact]
    public async Task Exporting_a_missing_zone_is_404()
    {
        var response = await _client.Get($"/v1/zones/{ApiCalls.NewZone("none")}/export");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("""{"message":"zone not found"}""", response.Body);
    }
}
