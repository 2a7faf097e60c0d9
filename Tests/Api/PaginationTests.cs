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
            url = page.HasHeader("Link") ? NextLink(page.Header("Link")) : null;
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

    private static string NextLink(string header)
    {
        var match = LinkNext().Match(header);
        Assert.True(match.Success, header);
        return match.Groups[1].Value;
    }

    [GeneratedRegex("^<([^>]+)>; rel=\"next\"$")]
    private static partial Regex LinkNext();
}
