using System.Collections.Immutable;
using System.Net;

namespace Vantage.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class EdgesApiTests(ApiFixture fixture)
{
    [Fact]
    public async Task Edges_show_served_versions_and_the_zones_they_lag_on()
    {
        var (fresh, behind) = (ApiCalls.NewZone("edge"), ApiCalls.NewZone("edge"));
        await fixture.Client.CreateZone(fresh);
        await fixture.Client.CreateZone(behind);
        for (var i = 0; i < 3; i++)
        {
            var put = await fixture.Client.Put($"/v1/zones/{behind}/h{i}.{behind}/A", """{"answers":[{"answer":["192.0.2.1"]}]}""");
            Assert.Equal(HttpStatusCode.OK, put.Status);
        }
        var edgeId = "edge-" + Guid.NewGuid().ToString("N")[..6];
        var reportedAt = DateTimeOffset.UtcNow;
        await fixture.Cluster.Client.GetGrain<IEdgeRegistryGrain>(GrainKeys.Directory).Report(new EdgeReport
        {
            EdgeId = edgeId,
            Endpoint = "127.0.0.1:8053",
            StartedAt = reportedAt.AddMinutes(-1),
            ReportedAt = reportedAt,
            Zones = ImmutableDictionary<string, long>.Empty.Add(fresh, 1).Add(behind, 2),
            LagP50Ms = 11,
            LagP99Ms = 40,
            LagMaxMs = 52,
            ChangesApplied = 7,
        });

        var response = await fixture.Client.Get("/v1/edges");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var edge = response.Json.EnumerateArray().Single(e => e.GetProperty("id").GetString() == edgeId);
        Assert.Equal("127.0.0.1:8053", edge.GetProperty("endpoint").GetString());
        Assert.False(edge.GetProperty("stale").GetBoolean());
        Assert.Equal(2, edge.GetProperty("zones_served").GetInt32());
        Assert.Equal(2, edge.GetProperty("versions").GetProperty(behind).GetInt64());
        var lagging = edge.GetProperty("lagging").EnumerateArray().ToList();
        var lag = lagging.Single(l => l.GetProperty("zone").GetString() == behind);
        Assert.Equal((2L, 4L, 2L), (lag.GetProperty("edge_version").GetInt64(), lag.GetProperty("cluster_version").GetInt64(), lag.GetProperty("versions_behind").GetInt64()));
        Assert.True(lag.GetProperty("behind_for_seconds").GetDouble() >= 0);
        Assert.DoesNotContain(lagging, l => l.GetProperty("zone").GetString() == fresh);
        Assert.Equal((11d, 40d, 52d), (edge.GetProperty("apply_lag_ms").GetProperty("p50").GetDouble(),
            edge.GetProperty("apply_lag_ms").GetProperty("p99").GetDouble(), edge.GetProperty("apply_lag_ms").GetProperty("max").GetDouble()));
        Assert.Equal(7, edge.GetProperty("changes_applied").GetInt64());
    }

    [Fact]
    public async Task Changes_made_after_an_edge_reported_do_not_count_as_lag_yet()
    {
        var zone = ApiCalls.NewZone("edge");
        await fixture.Client.CreateZone(zone);
        var edgeId = "edge-" + Guid.NewGuid().ToString("N")[..6];
        await fixture.Cluster.Client.GetGrain<IEdgeRegistryGrain>(GrainKeys.Directory).Report(new EdgeReport
        {
            EdgeId = edgeId,
            ReportedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            Zones = ImmutableDictionary<string, long>.Empty.Add(zone, 1),
        });
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.Put($"/v1/zones/{zone}/a.{zone}/A", """{"answers":[{"answer":["192.0.2.1"]}]}""")).Status);

        var edge = (await fixture.Client.Get("/v1/edges")).Json.EnumerateArray().Single(e => e.GetProperty("id").GetString() == edgeId);

        Assert.DoesNotContain(edge.GetProperty("lagging").EnumerateArray(), l => l.GetProperty("zone").GetString() == zone);
        Assert.True(edge.GetProperty("stale").GetBoolean());
    }

    [Fact]
    public async Task Edges_need_the_api_key()
    {
        using var anonymous = fixture.Factory.CreateClient();
        var response = await anonymous.GetAsync("/v1/edges");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
