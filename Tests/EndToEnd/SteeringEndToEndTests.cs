using System.Net;
using System.Text.Json;

namespace Vantage.Tests.EndToEnd;

/// <summary>
/// Traffic steering through the real processes: an octoDNS-style dynamic record written over HTTP, asked with
/// <c>dig +subnet</c> from networks in different countries (real GeoLite2 data at the edge), and the explain
/// endpoint agreeing with what dig got.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SteeringEndToEndTests(PlatformFixture platform)
{
    // octoDNS's chain: up → geofence_country → select_first_region → priority{eliminate} → weighted_shuffle → select_first_n.
    private const string Chain = """
        [{"filter":"up","config":{}},
         {"filter":"geofence_country","config":{"remove_no_location":"1"}},
         {"filter":"select_first_region","config":{}},
         {"filter":"priority","config":{"eliminate":"1"}},
         {"filter":"weighted_shuffle","config":{}},
         {"filter":"select_first_n","config":{"N":"1"}}]
        """;

    private const string Regions = """
        {"eu":{"meta":{"country":["NL","DE"],"note":"rule 1"}},
         "jp":{"meta":{"country":["JP"]}},
         "us":{"meta":{"country":["US"]}},
         "default":{"meta":{}}}
        """;

    // The first US answer is down, so US clients get the second one (priority 2 is the lowest left).
    private const string Answers = """
        [{"answer":["192.0.2.10"],"region":"eu","meta":{"priority":1,"weight":1}},
         {"answer":["192.0.2.20"],"region":"jp","meta":{"priority":1,"weight":1}},
         {"answer":["192.0.2.30"],"region":"us","meta":{"priority":1,"weight":1,"up":false}},
         {"answer":["192.0.2.31"],"region":"us","meta":{"priority":2,"weight":1,"up":"1"}},
         {"answer":["192.0.2.99"],"region":"default","meta":{"priority":1,"weight":1}}]
        """;

    [Theory]
    [InlineData("193.0.14.0/24", "192.0.2.10")]   // RIPE NCC (k.root), NL
    [InlineData("202.12.27.0/24", "192.0.2.20")]  // WIDE (m.root), JP
    [InlineData("128.32.0.0/16", "192.0.2.31")]   // UC Berkeley, US-CA
    [InlineData("200.160.0.0/24", "192.0.2.99")]  // registro.br, BR: no region lists it, so the default
    public async Task Dig_with_a_client_subnet_gets_its_countrys_answer_and_explain_agrees(string subnet, string expected)
    {
        var zone = "steer" + Guid.NewGuid().ToString("N")[..8] + ".test";
        Assert.Equal(HttpStatusCode.OK, (await platform.Send(HttpMethod.Put, $"/v1/zones/{zone}", "{}")).StatusCode);
        var put = await platform.Send(HttpMethod.Put, $"/v1/zones/{zone}/www.{zone}/A",
            $$"""{"ttl":60,"use_client_subnet":true,"filters":{{Chain}},"regions":{{Regions}},"answers":{{Answers}}}""");
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        Dig.Result? dig = null;
        var answered = await Poll.Until(async () =>
        {
            dig = await Dig.Query(platform.DnsPort, $"www.{zone}", "A", "+subnet=" + subnet);
            return dig.Answers.Count == 1 && Address(dig.Answers[0]) == expected;
        }, TimeSpan.FromSeconds(20));
        Assert.True(answered, $"dig +subnet={subnet} never got {expected}:\n{dig?.Output}\n--- edge:\n{platform.Edge!.Output}");
        // The answer depended on the whole subnet: the echoed ECS has scope = source.
        var prefix = subnet.Split('/')[1];
        Assert.Contains($"CLIENT-SUBNET: {subnet}/{prefix}", dig!.Output, StringComparison.Ordinal);

        var explain = await platform.Send(HttpMethod.Get, $"/v1/zones/{zone}/www.{zone}/A/explain?ecs={Uri.EscapeDataString(subnet)}");
        Assert.Equal(HttpStatusCode.OK, explain.StatusCode);
        using var json = JsonDocument.Parse(await explain.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal([expected], root.GetProperty("answers").EnumerateArray().Select(a => a.GetProperty("answer").GetString()));
        Assert.Equal(int.Parse(prefix, System.Globalization.CultureInfo.InvariantCulture), root.GetProperty("ecs_scope").GetInt32());
        Assert.Equal(["up", "geofence_country", "select_first_region", "priority", "weighted_shuffle", "select_first_n"],
            root.GetProperty("filters").EnumerateArray().Select(f => f.GetProperty("filter").GetString()));
        var up = root.GetProperty("filters")[0];
        Assert.Equal("192.0.2.30", up.GetProperty("removed")[0].GetProperty("answer").GetString());
        Assert.Equal("up is false", up.GetProperty("removed")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_static_record_echoes_the_subnet_with_scope_zero_and_explain_knows_the_client()
    {
        var zone = "static" + Guid.NewGuid().ToString("N")[..8] + ".test";
        Assert.Equal(HttpStatusCode.OK, (await platform.Send(HttpMethod.Put, $"/v1/zones/{zone}", "{}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await platform.Send(HttpMethod.Put, $"/v1/zones/{zone}/www.{zone}/A",
            """{"answers":[{"answer":["192.0.2.1"]}]}""")).StatusCode);
        Dig.Result? dig = null;
        Assert.True(await Poll.Until(async () =>
        {
            dig = await Dig.Query(platform.DnsPort, $"www.{zone}", "A", "+subnet=8.8.8.0/24");
            return dig.Answers.Count == 1;
        }, TimeSpan.FromSeconds(20)), dig?.Output);
        Assert.Contains("CLIENT-SUBNET: 8.8.8.0/24/0", dig!.Output, StringComparison.Ordinal);

        var explain = await platform.Send(HttpMethod.Get, $"/v1/zones/{zone}/www.{zone}/A/explain?ip=8.8.8.8");
        var body = await explain.Content.ReadAsStringAsync();
        Assert.True(explain.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        Assert.True(json.RootElement.GetProperty("client").TryGetProperty("country", out _), body);
        var client = json.RootElement.GetProperty("client");
        Assert.Equal("US", client.GetProperty("country").GetString());
        Assert.Equal(15169u, client.GetProperty("asn").GetUInt32());
        Assert.Equal("resolver", client.GetProperty("source").GetString());
    }

    private static string Address(string answerLine) => answerLine.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[^1];
}
