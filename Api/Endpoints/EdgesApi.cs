using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Vantage.Api.Swagger;
using Vantage.Zones;

namespace Vantage.Api.Endpoints;

/// <summary>
/// <c>/v1/edges</c>: every edge DNS server that reported recently, the zone versions it serves, and
/// which zones it lags on — by how many versions and since when — compared with the cluster's versions.
/// </summary>
public static class EdgesApi
{
    /// <summary>An edge that has not reported for this long is shown as stale (it reports every few seconds).</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(60);

    public static RouteGroupBuilder MapEdgesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/edges").WithTags("Edges");
        group.MapGet("", ListEdges).WithName("ListEdges")
            .WithSummary("Edges with the zone versions they serve and the zones on which they lag behind the cluster.")
            .Produces<EdgeStatus[]>().ProducesErrors();
        return group;
    }

    private static async Task<IResult> ListEdges(IGrainFactory grains, TimeProvider time)
    {
        var reports = await grains.GetGrain<IEdgeRegistryGrain>(GrainKeys.Directory).List();
        var current = await ZoneDirectory.Versions(grains);
        var now = time.GetUtcNow();
        var pendingSince = new Dictionary<(string Zone, long Version), DateTimeOffset?>();
        var edges = new List<EdgeStatus>(reports.Length);
        foreach (var report in reports)
        {
            var lagging = new List<EdgeZoneLag>();
            foreach (var (zone, version) in current.OrderBy(z => z.Key, StringComparer.Ordinal))
            {
                var served = report.Zones.GetValueOrDefault(zone);
                if (served >= version) continue;
                if (!pendingSince.TryGetValue((zone, served), out var since))
                {
                    since = await FirstUnappliedChangeAt(grains, zone, served);
                    pendingSince[(zone, served)] = since;
                }
                // A change accepted after the edge's last report is not lag yet: the edge has not had to show it.
                if (since is { } accepted && accepted > report.ReportedAt) continue;
                lagging.Add(new EdgeZoneLag(zone, served, version, version - served,
                    since is { } s ? Math.Max(0, (now - s).TotalSeconds) : null));
            }
            var extra = report.Zones.Keys.Where(z => !current.ContainsKey(z)).Order(StringComparer.Ordinal).ToImmutableArray();
            edges.Add(new EdgeStatus(
                report.EdgeId, report.Endpoint, report.StartedAt, report.ReportedAt,
                Math.Max(0, (now - report.ReportedAt).TotalSeconds), now - report.ReportedAt > StaleAfter,
                report.Zones.Count, report.Zones.OrderBy(z => z.Key, StringComparer.Ordinal).ToImmutableDictionary(),
                [.. lagging], extra,
                new EdgeApplyLag(report.LagP50Ms, report.LagP99Ms, report.LagMaxMs),
                report.ChangesApplied, report.SnapshotsFetched, report.QueriesAnswered));
        }
        return Results.Json(edges);
    }

    /// <summary>When the oldest change the edge has not applied was accepted, from the zone's journal.</summary>
    private static async Task<DateTimeOffset?> FirstUnappliedChangeAt(IGrainFactory grains, string zone, long servedVersion)
    {
        var changes = await grains.GetGrain<IZoneGrain>(zone).GetChangesSince(servedVersion);
        return changes.Changes.IsDefaultOrEmpty ? null : changes.Changes[0].At;
    }
}

/// <summary>One edge as <c>GET /v1/edges</c> shows it.</summary>
public sealed record EdgeStatus(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("endpoint")] string Endpoint,
    [property: JsonPropertyName("started_at")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("reported_at")] DateTimeOffset ReportedAt,
    [property: JsonPropertyName("seconds_since_report")] double SecondsSinceReport,
    [property: JsonPropertyName("stale")] bool Stale,
    [property: JsonPropertyName("zones_served")] int ZonesServed,
    [property: JsonPropertyName("versions")] ImmutableDictionary<string, long> Versions,
    [property: JsonPropertyName("lagging")] ImmutableArray<EdgeZoneLag> Lagging,
    [property: JsonPropertyName("unknown_zones")] ImmutableArray<string> UnknownZones,
    [property: JsonPropertyName("apply_lag_ms")] EdgeApplyLag ApplyLag,
    [property: JsonPropertyName("changes_applied")] long ChangesApplied,
    [property: JsonPropertyName("snapshots_fetched")] long SnapshotsFetched,
    [property: JsonPropertyName("queries_answered")] long QueriesAnswered);

/// <summary>A zone on which an edge is behind: its version, the cluster's, and how long the oldest missing change has waited.</summary>
public sealed record EdgeZoneLag(
    [property: JsonPropertyName("zone")] string Zone,
    [property: JsonPropertyName("edge_version")] long EdgeVersion,
    [property: JsonPropertyName("cluster_version")] long ClusterVersion,
    [property: JsonPropertyName("versions_behind")] long VersionsBehind,
    [property: JsonPropertyName("behind_for_seconds")] double? BehindForSeconds);

/// <summary>Publish → applied lag of the changes the edge applied since its previous report.</summary>
public sealed record EdgeApplyLag(
    [property: JsonPropertyName("p50")] double P50,
    [property: JsonPropertyName("p99")] double P99,
    [property: JsonPropertyName("max")] double Max);
