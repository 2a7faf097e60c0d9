using System.Net;
using System.Text.RegularExpressions;
using Xunit;

namespace Vantage.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed partial class PaginationTests(ApiFixture fixture)
{
    [Fact]
    public async Task Zone_list_pages_follow_the_Link_next_header_through_every_zone()
    {
        using var factory = fixture.CreateFactory(new Dictionary<string, string?> { ["Vantage:Api:PageSize"] = "2" });
        using var client = factory.CreateApiClient();
        var mine = Enumerable.Range(0, 5).Select(_ => ApiCalls.NewZone("p")).ToList();
        foreach (var zone in mine) await client.CreateZone(zone);

        var seen = new List<string>();
        string? url = "/v1/zones";
        var pages = 0;
        while (url is not null)
        {
            var page = await client.Get(url);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            var names = page.Json.EnumerateArray().Select(z => z.GetProperty("zone").GetString()!).ToList();
            Assert.InRange(names.Count, 1, 2);
            seen.AddRange(names);
            pages++;
            url = page.HasHeader("Link") ? page.NextLink() : null;
            if (url is not null)
            {
                Assert.StartsWith("http://localhost/v1/zones?after=", url);
                Assert.Equal(2, names.Count);
            }
        }

        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Subset(seen.ToHashSet(), mine.ToHashSet());
        Assert.Equal((seen.Count + 1) / 2, pages);
        var all = (await fixture.Client.Get("/v1/zones")).Json.EnumerateArray().Select(z => z.GetProperty("zone").GetString()!);
        Assert.Subset(all.ToHashSet(), seen.ToHashSet());
    }

    [Fact]
    public async Task A_single_page_has_no_Link_header()
    {
        var response = await fixture.Client.Get("/v1/zones");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.False(response.HasHeader("Link"));
    }


    [Fact]
    public async Task Zone_records_page_through_Link_next_and_concatenate_to_every_record()
    {
        using var factory = fixture.CreateFactory(new Dictionary<string, string?> { ["Vantage:Api:RecordPageSize"] = "3" });
        using var client = factory.CreateApiClient();
        var zone = ApiCalls.NewZone("rp");
        await client.CreateZone(zone);
        for (var i = 0; i < 7; i++)
            Assert.Equal(System.Net.HttpStatusCode.OK, (await client.Put($"/v1/zones/{zone}/h{i}.{zone}/A", """{"answers":[{"answer":["192.0.2.1"]}]}""")).Status);

        var seen = new List<string>();
        string? url = $"/v1/zones/{zone}";
        var pages = 0;
        while (url is not null)
        {
            var page = await client.Get(url);
            Assert.Equal(System.Net.HttpStatusCode.OK, page.Status);
            Assert.Equal(zone, page.Json.GetProperty("zone").GetString());
            var records = page.Json.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("domain").GetString() + "/" + r.GetProperty("type").GetString()).ToList();
            Assert.InRange(records.Count, 1, 3);
            seen.AddRange(records);
            pages++;
            url = page.HasHeader("Link") ? page.NextLink() : null;
        }

        Assert.Equal(3, pages);
        Assert.Equal(8, seen.Count);
        Assert.Equal(8, seen.Distinct().Count());
        Assert.Contains($"{zone}/NS", seen);
        var unpaged = await client.Get($"/v1/zones/{zone}?records=false");
        Assert.False(unpaged.HasHeader("Link"));
        Assert.False(unpaged.Json.TryGetProperty("records", out _));
    }
}
