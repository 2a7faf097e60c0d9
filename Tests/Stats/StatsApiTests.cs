using System.Net;
using System.Text.Json;
using DnsClient;
using Vantage.Tests.Api;

namespace Vantage.Tests.Stats;

/// <summary>
/// Queries sent with a real DNS client to a real edge are read back, exactly, from <c>/v1/stats</c> in NS1's shapes,
/// also when the edge is restarted in between.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class StatsApiTests(ApiFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private HttpClient Api => fixture.Client;

    private async Task<string> ZoneWithRecordAsync()
    {
        var zone = ApiCalls.NewZone("stats");
        Assert.Equal(HttpStatusCode.OK, (await Api.CreateZone(zone)).Status);
        var record = $$"""{"answers":[{"answer":["192.0.2.7"]}]}""";
        Assert.Equal(HttpStatusCode.OK, (await Api.Put($"/v1/zones/{zone}/www.{zone}/A", record)).Status);
        return zone;
    }

    private async Task<long> QueriesAsync(string path) =>
        (await Api.Get(path)).Json[0].GetProperty("queries").GetInt64();

    [Fact]
    public async Task Queries_sent_are_read_back_exactly_across_an_edge_restart()
    {
        var zone = await ZoneWithRecordAsync();
        var edge = await StatsEdge.StartAsync(fixture.Cluster, "stats-edge-" + zone);
        try
        {
            // Until the zone reaches the edge its queries are REFUSED and no zone's; the one that is answered counts.
            await Poll.Require(async () => (await edge.Dns().QueryAsync($"www.{zone}", QueryType.A)).Answers.Count > 0,
                Deadline, () => $"{zone} not served");
            var udp = edge.Dns();
            var tcp = edge.Dns(tcp: true);
            for (var i = 0; i < 150; i++) Assert.False((await udp.QueryAsync($"www.{zone}", QueryType.A)).HasError);
            for (var i = 0; i < 50; i++) Assert.False((await tcp.QueryAsync($"www.{zone}", QueryType.A)).HasError);
            for (var i = 0; i < 30; i++)
                Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, (await udp.QueryAsync($"nx{i}.{zone}", QueryType.A)).Header.ResponseCode);
        }
        finally
        {
            await edge.StopAsync();
        }

        // The graceful stop sent everything: no polling needed for the first edge's counts.
        Assert.Equal(201, await QueriesAsync($"/v1/stats/usage/{zone}/www.{zone}/A"));
        Assert.Equal(231, await QueriesAsync($"/v1/stats/usage/{zone}"));

        await using var again = await StatsEdge.StartAsync(fixture.Cluster, "stats-edge-" + zone);
        await Poll.Require(async () => (await again.Dns().QueryAsync($"www.{zone}", QueryType.A)).Answers.Count > 0,
            Deadline, () => $"{zone} not served after the restart");
        for (var i = 0; i < 70; i++) await again.Dns().QueryAsync($"www.{zone}", QueryType.A);

        const long expected = 201 + 1 + 70;
        await Poll.Require(async () => await QueriesAsync($"/v1/stats/usage/{zone}/www.{zone}/A") == expected, Deadline,
            () => $"expected {expected} queries");
        Assert.Equal(expected + 30, await QueriesAsync($"/v1/stats/usage/{zone}"));

        var record = (await Api.Get($"/v1/stats/usage/{zone}/www.{zone}/A?period=1h")).Json;
        var item = Assert.Single(record.EnumerateArray().ToList());
        Assert.Equal(["zone", "domain", "rectype", "graph", "period", "queries"], item.Names());
        Assert.Equal("1h", item.GetProperty("period").GetString());
        Assert.Equal("A", item.GetProperty("rectype").GetString());
        var graph = item.GetProperty("graph").EnumerateArray().ToList();
        Assert.NotEmpty(graph);
        Assert.All(graph, p => Assert.Equal(0, p[0].GetInt64() % 60));
        Assert.Equal(expected, graph.Sum(p => p[1].GetInt64()));

        var qps = (await Api.Get($"/v1/stats/qps/{zone}")).Json;
        Assert.Equal(["qps"], qps.Names());
        Assert.True(qps.GetProperty("qps").GetDouble() > 0);
    }

    [Fact]
    public async Task Usage_has_NS1_shapes_for_the_account_a_zone_and_its_records()
    {
        var zone = await ZoneWithRecordAsync();
        var account = (await Api.Get("/v1/stats/usage")).Json;
        var total = Assert.Single(account.EnumerateArray().ToList());
        Assert.Equal(["jobs", "graph", "period", "zones", "records", "queries", "feeds"], total.Names());
        Assert.Equal("24h", total.GetProperty("period").GetString());
        Assert.True(total.GetProperty("zones").GetInt32() >= 1);

        var z = Assert.Single((await Api.Get($"/v1/stats/usage/{zone}?period=30d")).Json.EnumerateArray().ToList());
        Assert.Equal(["zone", "records", "graph", "period", "queries"], z.Names());
        Assert.Equal(0, z.GetProperty("queries").GetInt64());
        Assert.Equal(JsonValueKind.Array, z.GetProperty("graph").ValueKind);

        Assert.Equal(0, (await Api.Get($"/v1/stats/qps/{zone}/www.{zone}/A")).Json.GetProperty("qps").GetDouble());
        Assert.Equal(HttpStatusCode.BadRequest, (await Api.Get($"/v1/stats/usage/{zone}?period=7d")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Get($"/v1/stats/usage/{zone}/nope.{zone}/A")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Get("/v1/stats/qps/missing-zone.test")).Status);
    }
}
