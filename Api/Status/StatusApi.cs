using System.Reflection;
using System.Text.Json;
using Vantage.Api.Endpoints;
using Vantage.Api.Json;
using Vantage.Monitoring;
using Vantage.Stats;

namespace Vantage.Api.Status;

/// <summary>
/// The live status page: <c>/status</c> serves the page and its script (shipped in this assembly, no CDN); the page
/// polls <c>/v1/status</c> (API key) every few seconds for QPS per zone and per edge, edges with their apply lag and
/// answer latency (p50/p99 as each edge reports them), the monitoring jobs' statuses per region and global, and
/// anomalies (an edge stale or lagging, a SERVFAIL or REFUSED share out of bounds, a monitor down).
/// </summary>
public static class StatusApi
{
    /// <summary>A SERVFAIL or REFUSED share of a zone's queries above this is an anomaly.</summary>
    public const double ErrorShareBound = 0.05;

    /// <summary>An edge whose changes took longer than this (p99) to apply, or that has not reported for this long, is lagging.</summary>
    public static readonly TimeSpan LagBound = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapStatusPage(this IEndpointRouteBuilder app)
    {
        // The page and its script hold no data (they read /v1/status with the key), so they are served without it.
        app.MapGet("/status", () => Asset("status.html", "text/html; charset=utf-8")).ExcludeFromDescription().AllowAnonymous();
        app.MapGet("/status/status.js", () => Asset("status.js", "text/javascript; charset=utf-8")).ExcludeFromDescription().AllowAnonymous();
        app.MapGet("/v1/status", Snapshot).WithTags("Stats").WithName("Status")
            .WithSummary("What the /status page shows: QPS per zone and edge, edges with their lag and answer latency, monitors, anomalies.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json").ProducesErrors();
        return app;
    }

    private static IResult Asset(string name, string type)
    {
        using var stream = typeof(StatusApi).Assembly.GetManifestResourceStream("Vantage.Api.Status." + name)
            ?? throw new InvalidOperationException($"missing resource {name}");
        using var reader = new StreamReader(stream);
        return Results.Text(reader.ReadToEnd(), type);
    }

    private static async Task<IResult> Snapshot(IGrainFactory grains, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var zones = await grains.GetGrain<IAccountStatsGrain>(GrainKeys.Directory).Zones();
        var live = await Task.WhenAll(zones.Select(async z => (Zone: z, Live: await grains.GetGrain<IZoneStatsGrain>(z).Live())));
        var edges = await grains.GetGrain<IEdgeRegistryGrain>(GrainKeys.Directory).List();
        var jobs = await grains.GetGrain<IMonitorJobsGrain>(GrainKeys.Directory).List();
        var monitors = await Task.WhenAll(jobs.Select(async j => (Job: j, Status: await grains.GetGrain<IMonitorJobGrain>(j.Id).GetStatus())));
        var byEdge = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (_, l) in live)
            foreach (var (edge, qps) in l.QpsByEdge) byEdge[edge] = byEdge.GetValueOrDefault(edge) + qps;

        var anomalies = new List<(string Kind, string Subject, string Text)>();
        foreach (var (zone, l) in live)
        {
            foreach (var rcode in (string[])["SERVFAIL", "REFUSED"])
            {
                var share = l.Qps > 0 ? l.QpsByRcode.GetValueOrDefault(rcode) / l.Qps : 0;
                if (share > ErrorShareBound) anomalies.Add(("rcode", zone, $"{rcode} {share:P0} of {zone}'s queries"));
            }
        }
        foreach (var e in edges)
        {
            var silent = now - e.ReportedAt;
            if (silent > Endpoints.EdgesApi.StaleAfter) anomalies.Add(("edge", e.EdgeId, $"{e.EdgeId} silent for {silent.TotalSeconds:0} s"));
            else if (e.LagP99Ms > LagBound.TotalMilliseconds) anomalies.Add(("edge", e.EdgeId, $"{e.EdgeId} applies changes {e.LagP99Ms:0} ms late (p99)"));
        }

        foreach (var (job, status) in monitors)
        {
            if (status.Global.Status == MonitorStatuses.Down) anomalies.Add(("monitor", job.Name, $"monitor {job.Name} is down"));
        }

        return new JsonWriterResult(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("time", now.ToUnixTimeMilliseconds());
            w.WriteNumber("qps", live.Sum(l => l.Live.Qps));
            w.WriteStartArray("zones");
            foreach (var (zone, l) in live.OrderByDescending(l => l.Live.Qps))
            {
                w.WriteStartObject();
                w.WriteString("zone", zone);
                w.WriteNumber("qps", l.Qps);
                WriteMap(w, "rcodes", l.QpsByRcode);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("edges");
            foreach (var e in edges)
            {
                w.WriteStartObject();
                w.WriteString("id", e.EdgeId);
                w.WriteNumber("qps", byEdge.GetValueOrDefault(e.EdgeId));
                w.WriteNumber("lag_p50_ms", e.LagP50Ms);
                w.WriteNumber("lag_p99_ms", e.LagP99Ms);
                w.WriteNumber("seconds_since_report", Math.Max(0, (now - e.ReportedAt).TotalSeconds));
                w.WriteNumber("zones", e.Zones.Count);
                w.WriteNumber("queries_answered", e.QueriesAnswered);
                w.WriteNumber("answer_p50_ms", e.AnswerP50Ms);
                w.WriteNumber("answer_p99_ms", e.AnswerP99Ms);
                w.WriteNumber("answers_timed", e.AnswersTimed);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("monitors");
            foreach (var (job, status) in monitors.OrderBy(m => m.Job.Name, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("id", job.Id);
                w.WriteString("name", job.Name);
                w.WriteString("type", job.JobType);
                w.WriteString("status", status.Global.Status);
                w.WriteStartObject("regions");
                foreach (var region in job.Regions.Order(StringComparer.Ordinal))
                    w.WriteString(region, status.Regions.TryGetValue(region, out var point) ? point.Status : MonitorStatuses.Pending);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("anomalies");
            foreach (var a in anomalies)
            {
                w.WriteStartObject();
                w.WriteString("kind", a.Kind);
                w.WriteString("subject", a.Subject);
                w.WriteString("text", a.Text);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static void WriteMap(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, double> map)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in map.OrderBy(m => m.Key, StringComparer.Ordinal)) w.WriteNumber(k, v);
        w.WriteEndObject();
    }
}
