using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Vantage.Zones;
using Xunit;

namespace Vantage.Tests.Api;

/// <summary>
/// Zones bigger than a page: GET pages through them in key order, export streams all of them and imports back, and an
/// import that takes longer than the import wait is answered 202 with a status URL that ends at "succeeded".
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class ZoneScaleApiTests(ApiFixture fixture)
{
    /// <summary>More record sets than one grain page (<see cref="ZoneReader.MaxPageSize"/>).</summary>
    private const int BigZoneSets = ZoneReader.MaxPageSize + 1500;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>A zone file of <paramref name="sets"/> single-answer record sets besides the apex NS, in no particular order.</summary>
    private static string ZoneFile(string zone, int sets, string? badLine = null)
    {
        var text = new StringBuilder(64 * sets);
        text.Append(CultureInfo.InvariantCulture, $"$ORIGIN {zone}.\n$TTL 300\n@ IN SOA ns1.{zone}. admin.{zone}. ( 1 7200 3600 1209600 60 )\n@ IN NS ns1.{zone}.\n");
        for (var i = sets - 1; i >= 0; i--)
        {
            if (i % 3 == 0) text.Append(CultureInfo.InvariantCulture, $"h{i} 600 IN AAAA 2001:db8::{i:x}\n");
            else text.Append(CultureInfo.InvariantCulture, $"h{i} IN A 10.{i / 65536}.{i / 256 % 256}.{i % 256}\n");
        }
        if (badLine is not null) text.Append(badLine).Append('\n');
        return text.ToString();
    }

    /// <summary>What GET must list for <see cref="ZoneFile"/>, in the API's order (domain, then type).</summary>
    private static List<string> Expected(string zone, int sets)
    {
        var keys = new List<string> { $"{zone}/NS" };
        keys.AddRange(Enumerable.Range(0, sets).Select(i => i % 3 == 0 ? $"h{i}.{zone}/AAAA" : $"h{i}.{zone}/A"));
        keys.Sort(RecordKeyOrder.Instance);
        return keys;
    }

    private static async Task<ApiResponse> Import(HttpClient client, string zone, string text)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "zonefile", "zone.txt");
        using var response = await client.PutAsync($"/v1/import/zonefile/{zone}", form);
        return new ApiResponse(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers, response.Content.Headers);
    }

    /// <summary>Every record of the zone as "domain/TYPE ttl answers", following Link rel="next"; also counts the pages.</summary>
    private static async Task<(List<string> Records, int Pages)> ReadAllPages(HttpClient client, string zone)
    {
        var records = new List<string>();
        var pages = 0;
        string? url = $"/v1/zones/{zone}";
        while (url is not null)
        {
            var page = await client.Get(url);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal(zone, page.Json.GetProperty("zone").GetString());
            records.AddRange(page.Json.GetProperty("records").EnumerateArray().Select(r =>
                $"{r.GetProperty("domain").GetString()}/{r.GetProperty("type").GetString()} {r.GetProperty("ttl").GetInt32()} " +
                string.Join("|", r.GetProperty("short_answers").EnumerateArray().Select(a => a.GetString()))));
            pages++;
            url = page.HasHeader("Link") ? page.NextLink() : null;
        }
        return (records, pages);
    }

    [Fact]
    public async Task A_zone_bigger_than_a_grain_page_reads_back_whole_and_in_order_through_Link_pages()
    {
        using var factory = fixture.CreateFactory(new Dictionary<string, string?>
        {
            ["Vantage:Api:RecordPageSize"] = (ZoneReader.MaxPageSize + 1000).ToString(CultureInfo.InvariantCulture),
            ["Vantage:Api:ImportChunkSize"] = "700",
        });
        using var client = factory.CreateApiClient();
        var zone = ApiCalls.NewZone("big");
        Assert.Equal(HttpStatusCode.OK, (await Import(client, zone, ZoneFile(zone, BigZoneSets))).Status);

        var (records, pages) = await ReadAllPages(client, zone);

        Assert.Equal(2, pages);
        Assert.Equal(Expected(zone, BigZoneSets), records.Select(r => r[..r.IndexOf(' ', StringComparison.Ordinal)]).ToList());
        Assert.Contains($"h3.{zone}/AAAA 600 2001:db8::3", records);
        Assert.Contains($"h259.{zone}/A 300 10.0.1.3", records);
    }

    [Fact]
    public async Task Export_of_a_multi_page_zone_imports_back_to_the_same_records()
    {
        using var client = fixture.Factory.CreateApiClient();
        var zone = ApiCalls.NewZone("exp");
        Assert.Equal(HttpStatusCode.OK, (await Import(client, zone, ZoneFile(zone, BigZoneSets))).Status);
        var (before, _) = await ReadAllPages(client, zone);

        var export = await client.Get($"/v1/zones/{zone}/export");
        Assert.Equal(HttpStatusCode.OK, export.Status);
        Assert.StartsWith("text/plain", export.Header("Content-Type"));
        Assert.Equal(BigZoneSets + 4, export.Body.Split('\n').Length); // $ORIGIN, SOA, NS, the sets, and after the last newline ""
        Assert.Equal(HttpStatusCode.OK, (await client.Delete($"/v1/zones/{zone}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Import(client, zone, export.Body)).Status);

        var (after, _) = await ReadAllPages(client, zone);
        Assert.Equal(BigZoneSets + 1, after.Count);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task An_import_not_finished_within_the_wait_is_202_with_a_status_URL_that_ends_at_succeeded()
    {
        using var factory = fixture.CreateFactory(new Dictionary<string, string?>
        {
            ["Vantage:Api:ImportWaitMilliseconds"] = "0",
            ["Vantage:Api:ImportChunkSize"] = "500",
        });
        using var client = factory.CreateApiClient();
        var zone = ApiCalls.NewZone("async");

        var accepted = await Import(client, zone, ZoneFile(zone, 3000));

        Assert.Equal(HttpStatusCode.Accepted, accepted.Status);
        var id = accepted.Json.GetProperty("id").GetString()!;
        Assert.Equal($"http://localhost/v1/import/zonefile/{zone}/{id}", accepted.Header("Location"));
        Assert.Equal(zone, accepted.Json.GetProperty("zone").GetString());
        Assert.Contains(accepted.Json.GetProperty("status").GetString(), new[] { "staging", "running", "succeeded" });
        Assert.Equal(["id", "zone", "status", "received", "changed", "version", "message", "started_at", "finished_at"], accepted.Json.Names());

        ApiResponse? status = null;
        await Poll.Require(async () =>
        {
            status = await client.Get(accepted.Header("Location"));
            return status.Status == HttpStatusCode.OK && status.Json.GetProperty("status").GetString() is "succeeded" or "failed";
        }, Deadline, () => $"import status: {status?.Body}");
        Assert.Equal("succeeded", status!.Json.GetProperty("status").GetString());
        Assert.Equal(3001, status.Json.GetProperty("received").GetInt32());
        Assert.True(status.Json.GetProperty("version").GetInt64() >= 1);
        Assert.True(status.Json.GetProperty("finished_at").GetInt64() >= status.Json.GetProperty("started_at").GetInt64());

        var (records, _) = await ReadAllPages(client, zone);
        Assert.Equal(Expected(zone, 3000), records.Select(r => r[..r.IndexOf(' ', StringComparison.Ordinal)]).ToList());
    }

    [Fact]
    public async Task An_import_finished_within_the_wait_is_200_with_the_zone_as_GET_shows_it()
    {
        using var client = fixture.Factory.CreateApiClient();
        var zone = ApiCalls.NewZone("sync");

        var imported = await Import(client, zone, ZoneFile(zone, 50));

        Assert.Equal(HttpStatusCode.OK, imported.Status);
        Assert.False(imported.HasHeader("Location"));
        Assert.Equal((await client.Get($"/v1/zones/{zone}")).Body, imported.Body);
        Assert.Equal(51, imported.Json.GetProperty("records").GetArrayLength());
    }

    [Fact]
    public async Task Re_importing_the_same_file_stores_no_new_version_and_keeps_every_id()
    {
        using var client = fixture.Factory.CreateApiClient();
        var zone = ApiCalls.NewZone("again");
        var text = ZoneFile(zone, 30);
        Assert.Equal(HttpStatusCode.OK, (await Import(client, zone, text)).Status);
        var before = await client.Get($"/v1/zones/{zone}/h1.{zone}/A");
        var serial = (await client.Get($"/v1/zones/{zone}")).Json.GetProperty("serial").GetInt64();

        Assert.Equal(HttpStatusCode.OK, (await Import(client, zone, text)).Status);

        var after = await client.Get($"/v1/zones/{zone}/h1.{zone}/A");
        Assert.Equal(before.Json.GetProperty("id").GetString(), after.Json.GetProperty("id").GetString());
        Assert.Equal(
            before.Json.GetProperty("answers").EnumerateArray().Select(a => a.GetProperty("id").GetString()),
            after.Json.GetProperty("answers").EnumerateArray().Select(a => a.GetProperty("id").GetString()));
        Assert.Equal(serial, (await client.Get($"/v1/zones/{zone}")).Json.GetProperty("serial").GetInt64());
    }

    [Fact]
    public async Task An_unknown_import_id_is_404()
    {
        var zone = ApiCalls.NewZone("noimport");
        await fixture.Client.CreateZone(zone);

        foreach (var path in new[] { $"/v1/import/zonefile/{zone}/0123456789abcdef01234567", $"/v1/import/zonefile/{ApiCalls.NewZone("nozone")}/x" })
        {
            var response = await fixture.Client.Get(path);
            Assert.Equal(HttpStatusCode.NotFound, response.Status);
            Assert.Equal("""{"message":"import not found"}""", response.Body);
        }
    }

    [Fact]
    public async Task A_bad_line_deep_in_a_big_file_is_400_with_its_line_and_changes_nothing()
    {
        using var factory = fixture.CreateFactory(new Dictionary<string, string?> { ["Vantage:Api:ImportChunkSize"] = "100" });
        using var client = factory.CreateApiClient();
        var zone = ApiCalls.NewZone("badbig");
        Assert.Equal(HttpStatusCode.OK, (await Import(client, zone, ZoneFile(zone, 20))).Status);
        var (before, _) = await ReadAllPages(client, zone);

        var refused = await Import(client, zone, ZoneFile(zone, 3000, badLine: "broken IN A 10.0.0.300"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.StartsWith("line 3005: ", refused.Message);
        Assert.Equal(before, (await ReadAllPages(client, zone)).Records);
    }

    [Fact]
    public async Task A_records_after_value_that_is_not_domain_and_type_is_400()
    {
        var zone = ApiCalls.NewZone("cursor");
        await fixture.Client.CreateZone(zone);

        var response = await fixture.Client.Get($"/v1/zones/{zone}?records_after=nospace");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("records_after must be \"domain TYPE\", as in the Link header", response.Message);
    }

}
