using System.Net;
using System.Text.Json;
using Vantage.EdgeDns.Query;
using Vantage.EdgeDns.Zones;
using Vantage.Events;
using Vantage.Model;
using Vantage.Steering.Engine;
using Vantage.Tests.Dns;
using Vantage.Tests.Geo;

namespace Vantage.Tests.Api;

/// <summary>
/// <c>GET /v1/zones/{zone}/{domain}/{type}/explain</c>: what is known of the client, each filter's effect with
/// reasons, and answers that match what the edge's query path serves for the same client.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ExplainApiTests(ApiFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    private async Task<string> Zone()
    {
        var zone = ApiCalls.NewZone("explain");
        await _client.CreateZone(zone);
        return zone;
    }

    [Fact]
    public async Task A_static_record_is_explained_with_what_is_known_of_the_client()
    {
        var zone = await Zone();
        Assert.Equal(HttpStatusCode.OK, (await _client.Put($"/v1/zones/{zone}/www.{zone}/A", """{"answers":[{"answer":["192.0.2.1"]}]}""")).Status);

        var r = await _client.Get($"/v1/zones/{zone}/www.{zone}/A/explain?ip=8.8.8.8");

        Assert.Equal(HttpStatusCode.OK, r.Status);
        var client = r.Json.GetProperty("client");
        Assert.Equal("8.8.8.8", client.GetProperty("address").GetString());
        Assert.Equal("resolver", client.GetProperty("source").GetString());
        Assert.Equal("US", client.GetProperty("country").GetString());
        Assert.Equal("US-CENTRAL", client.GetProperty("georegion").GetString());
        Assert.Equal(15169u, client.GetProperty("asn").GetUInt32());
        Assert.Equal(["192.0.2.1"], r.Json.GetProperty("answers").EnumerateArray().Select(a => a.GetProperty("answer").GetString()));
        Assert.Empty(r.Json.GetProperty("filters").EnumerateArray());
        Assert.Equal(0, r.Json.GetProperty("ecs_scope").GetInt32());
    }

    [Fact]
    public async Task Each_filter_shows_what_it_kept_and_removed_and_why()
    {
        var zone = await Zone();
        var body = """
            {"filters":[{"filter":"up","config":{}},{"filter":"geofence_country","config":{}},{"filter":"select_first_n","config":{"N":1},"disabled":true}],
             "answers":[{"answer":["192.0.2.1"],"meta":{"country":["NL"]}},
                        {"answer":["192.0.2.2"],"meta":{"country":["JP"]}},
                        {"answer":["192.0.2.3"],"meta":{"country":["NL"],"up":false}},
                        {"answer":["192.0.2.4"]}]}
            """;
        Assert.Equal(HttpStatusCode.OK, (await _client.Put($"/v1/zones/{zone}/www.{zone}/A", body)).Status);

        var r = await _client.Get($"/v1/zones/{zone}/www.{zone}/A/explain?ecs=193.0.14.0/24");

        Assert.Equal(HttpStatusCode.OK, r.Status);
        Assert.Equal("ecs", r.Json.GetProperty("client").GetProperty("source").GetString());
        Assert.Equal("193.0.14.0/24", r.Json.GetProperty("client").GetProperty("address").GetString());
        Assert.Equal("NL", r.Json.GetProperty("client").GetProperty("country").GetString());
        var steps = r.Json.GetProperty("filters");
        Assert.Equal(3, steps.GetArrayLength());
        Assert.Equal([("192.0.2.3", "up is false")], Removed(steps[0]));
        Assert.Equal(
            [("192.0.2.2", "country JP does not match the client's NL"),
             ("192.0.2.4", "has no location, and another answer matched (geofence_country removes those without it)")],
            Removed(steps[1]));
        Assert.True(steps[2].GetProperty("disabled").GetBoolean());
        Assert.Equal(["192.0.2.1"], r.Json.GetProperty("answers").EnumerateArray().Select(a => a.GetProperty("answer").GetString()));
        Assert.Equal(24, r.Json.GetProperty("ecs_scope").GetInt32());
    }

    [Fact]
    public async Task Sticky_answers_from_explain_are_the_ones_the_edge_serves()
    {
        var zone = await Zone();
        var body = """
            {"filters":[{"filter":"weighted_sticky","config":{"sticky_by_network":"1"}},{"filter":"select_first_n","config":{"N":2}}],
             "answers":[{"answer":["192.0.2.1"],"meta":{"weight":1}},{"answer":["192.0.2.2"],"meta":{"weight":2}},
                        {"answer":["192.0.2.3"],"meta":{"weight":3}},{"answer":["192.0.2.4"],"meta":{"weight":4}}]}
            """;
        Assert.Equal(HttpStatusCode.OK, (await _client.Put($"/v1/zones/{zone}/www.{zone}/A", body)).Status);

        // The edge's query path, fed the record the zone grain stores, with the same geo data.
        var record = (await fixture.Cluster.Client.GetGrain<IZoneGrain>(zone).GetRecord($"www.{zone}", "A")).Value!;
        var catalog = new ZoneCatalog();
        new ZoneStore(catalog).ApplySnapshot(new ZoneSnapshot
        {
            Settings = new ZoneSettings { Id = zone, Name = zone, DnsServers = ["ns1." + zone] },
            Version = 1,
            Records = [record],
        });
        var edge = new QueryProcessor(catalog, GeoData.Database, new SeededRandom(1));

        for (var n = 0; n < 30; n++)
        {
            var subnet = $"10.{n}.{n * 7 % 256}.0/24";
            var explained = await _client.Get($"/v1/zones/{zone}/www.{zone}/A/explain?ecs={subnet}");
            var query = TestQuery.Build($"www.{zone}", 1, edns: new EdnsSpec(Options: TestQuery.ClientSubnet(subnet)));
            var response = new byte[1232];
            var served = TestResponse.Parse(response.AsSpan(0, edge.Process(query, response, DnsTransport.Udp, [192, 0, 2, 53])));
            Assert.Equal(served.Answers.Select(a => a.Data), explained.Json.GetProperty("answers").EnumerateArray().Select(a => a.GetProperty("answer").GetString()));
            Assert.Equal(24, served.ClientSubnet!.Value.Scope);
            Assert.Equal(24, explained.Json.GetProperty("ecs_scope").GetInt32());
        }
    }

    [Theory]
    [InlineData("?ip=999.1.1.1", "ip \"999.1.1.1\" is not an IP address")]
    [InlineData("?ecs=10.0.0.1/8", "ecs \"10.0.0.1/8\" has bits set after the prefix length")]
    [InlineData("?ecs=10.0.0.0/33", "ecs \"10.0.0.0/33\" has an invalid prefix length (0-32)")]
    [InlineData("", "give the client as ?ip=<address> or ?ecs=<subnet>")]
    public async Task Bad_client_input_is_400(string query, string message)
    {
        var zone = await Zone();
        await _client.Put($"/v1/zones/{zone}/www.{zone}/A", """{"answers":[{"answer":["192.0.2.1"]}]}""");
        var r = await _client.Get($"/v1/zones/{zone}/www.{zone}/A/explain{query}");
        Assert.Equal(HttpStatusCode.BadRequest, r.Status);
        Assert.Equal(message, r.Message);
    }

    [Fact]
    public async Task A_missing_record_is_404()
    {
        var zone = await Zone();
        var r = await _client.Get($"/v1/zones/{zone}/nothing.{zone}/A/explain?ip=192.0.2.1");
        Assert.Equal(HttpStatusCode.NotFound, r.Status);
        Assert.Equal("record not found", r.Message);
    }

    private static (string, string)[] Removed(JsonElement step) =>
        [.. step.GetProperty("removed").EnumerateArray().Select(x => (x.GetProperty("answer").GetString()!, x.GetProperty("reason").GetString()!))];
}
