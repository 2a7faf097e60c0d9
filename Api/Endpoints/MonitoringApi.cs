using Vantage.Api.Json;
using Vantage.Api.Swagger;
using Vantage.Monitoring;

namespace Vantage.Api.Endpoints;

/// <summary><c>/v1/monitoring/…</c>: jobs, job types, regions, history and metrics.</summary>
public static class MonitoringApi
{
    public static RouteGroupBuilder MapMonitoringApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/monitoring").WithTags("Monitoring");
        group.MapGet("/jobs", ListJobs).WithName("ListJobs").WithSummary("List monitoring jobs with their status.")
            .Produces<MonitorJobDoc[]>().ProducesErrors();
        group.MapPut("/jobs", CreateJob).WithName("CreateJob")
            .WithSummary("Create a job: http, tcp, ping or dns; probes run from each region every frequency seconds.")
            .DocumentsBody<MonitorJobDoc>().Produces<MonitorJobDoc>().ProducesErrors(400);
        group.MapGet("/jobs/{id}", GetJob).WithName("GetJob").WithSummary("Read a job and its status.")
            .Produces<MonitorJobDoc>().ProducesErrors(404);
        group.MapPost("/jobs/{id}", UpdateJob).WithName("UpdateJob").WithSummary("Update a job: the members sent are merged.")
            .DocumentsBody<MonitorJobDoc>().Produces<MonitorJobDoc>().ProducesErrors(400, 404);
        group.MapDelete("/jobs/{id}", DeleteJob).WithName("DeleteJob").WithSummary("Delete a job; its probes stop.")
            .Produces<EmptyDoc>().ProducesErrors(404);
        group.MapGet("/jobtypes", JobTypes).WithName("ListJobTypes").WithSummary("Job types, their config and the results rules may test.").Produces(StatusCodes.Status200OK).ProducesErrors();
        group.MapGet("/regions", Regions).WithName("ListMonitoringRegions").WithSummary("Regions probes run from.").Produces(StatusCodes.Status200OK).ProducesErrors();
        group.MapGet("/history/{id}", History).WithName("JobHistory")
            .WithSummary("Status periods per region and global; start/end are unix seconds, period like 24h.").Produces(StatusCodes.Status200OK).ProducesErrors(400, 404);
        group.MapGet("/metrics/{id}", Metrics).WithName("JobMetrics").WithSummary("Check counts and the last measurements per region.")
            .Produces(StatusCodes.Status200OK).ProducesErrors(404);
        return group;
    }

    private static IMonitorJobsGrain Jobs(IGrainFactory grains) => grains.GetGrain<IMonitorJobsGrain>(GrainKeys.Directory);

    private static async Task<IResult> ListJobs(IGrainFactory grains)
    {
        var jobs = await Jobs(grains).List();
        var statuses = await Task.WhenAll(jobs.Select(j => grains.GetGrain<IMonitorJobGrain>(j.Id).GetStatus()));
        return new JsonWriterResult(StatusCodes.Status200OK, w =>
        {
            w.WriteStartArray();
            for (var i = 0; i < jobs.Length; i++) MonitoringJson.WriteJob(w, jobs[i], statuses[i]);
            w.WriteEndArray();
        });
    }

    private static async Task<IResult> CreateJob(HttpRequest request, IGrainFactory grains, CancellationToken ct)
    {
        using var body = await JsonBody.ReadObjectAsync(request, ct);
        var job = MonitoringJson.ParseJob(body.RootElement, new MonitorJob { Id = "", Name = "", JobType = "" });
        var created = GrainOutcome.Value(await Jobs(grains).Create(job));
        return Job(created, new JobStatus());
    }

    private static async Task<IResult> GetJob(string id, IGrainFactory grains)
    {
        var job = GrainOutcome.Value(await Jobs(grains).Get(id));
        return Job(job, await grains.GetGrain<IMonitorJobGrain>(id).GetStatus());
    }

    private static async Task<IResult> UpdateJob(string id, HttpRequest request, IGrainFactory grains, CancellationToken ct)
    {
        var current = GrainOutcome.Value(await Jobs(grains).Get(id));
        using var body = await JsonBody.ReadObjectAsync(request, ct);
        var updated = GrainOutcome.Value(await Jobs(grains).Update(MonitoringJson.ParseJob(body.RootElement, current)));
        return Job(updated, await grains.GetGrain<IMonitorJobGrain>(id).GetStatus());
    }

    private static async Task<IResult> DeleteJob(string id, IGrainFactory grains)
    {
        GrainOutcome.Value(await Jobs(grains).Delete(id));
        return ApiResults.EmptyObject();
    }

    private static IResult JobTypes() => new JsonWriterResult(StatusCodes.Status200OK, w =>
    {
        w.WriteStartObject();
        foreach (var type in MonitorCatalog.JobTypes)
        {
            w.WriteStartObject(type.Name);
            w.WriteString("shortdesc", type.Description);
            CatalogJson.WriteFields(w, "config", type.Config);
            w.WriteStartObject("results");
            foreach (var result in type.Results)
            {
                w.WriteStartObject(result.Name);
                w.WriteString("shortdesc", result.Description);
                w.WriteStartArray("comparators");
                foreach (var c in result.Numeric ? MonitorCatalog.NumericComparisons : MonitorCatalog.TextComparisons) w.WriteStringValue(c);
                w.WriteEndArray();
                w.WriteString("validator", result.Numeric ? "number" : "text");
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndObject();
    });

    private static IResult Regions() => new JsonWriterResult(StatusCodes.Status200OK, w =>
    {
        w.WriteStartArray();
        foreach (var region in MonitorCatalog.Regions)
        {
            w.WriteStartObject();
            w.WriteString("code", region.Code);
            w.WriteString("name", region.Name);
            w.WriteStartArray("subnets");
            foreach (var s in region.Subnets) w.WriteStringValue(s);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    private static async Task<IResult> History(string id, HttpRequest request, IGrainFactory grains, TimeProvider time)
    {
        GrainOutcome.Value(await Jobs(grains).Get(id));
        var end = Seconds(request, "end");
        var start = Seconds(request, "start");
        if (MonitoringJson.Period(request.Query["period"]) is { } period && start is null) start = (end ?? time.GetUtcNow()) - period;
        var history = await grains.GetGrain<IMonitorJobGrain>(id).History(start, end);
        return new JsonWriterResult(StatusCodes.Status200OK, w =>
        {
            w.WriteStartArray();
            foreach (var h in history)
            {
                w.WriteStartObject();
                w.WriteString("job", id);
                w.WriteString("region", h.Region);
                w.WriteString("status", h.Status);
                w.WriteNumber("since", h.Since.ToUnixTimeSeconds());
                if (h.Until is { } until) w.WriteNumber("until", until.ToUnixTimeSeconds());
                else w.WriteNull("until");
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
    }

    private static async Task<IResult> Metrics(string id, IGrainFactory grains)
    {
        var job = GrainOutcome.Value(await Jobs(grains).Get(id));
        var status = await grains.GetGrain<IMonitorJobGrain>(id).GetStatus();
        return new JsonWriterResult(StatusCodes.Status200OK, w =>
        {
            w.WriteStartArray();
            foreach (var region in job.Regions)
            {
                w.WriteStartObject();
                w.WriteString("job", id);
                w.WriteString("region", region);
                w.WriteNumber("checks", status.ChecksByRegion.GetValueOrDefault(region));
                if (status.LastResults.TryGetValue(region, out var last))
                {
                    w.WriteStartObject("last");
                    w.WriteNumber("at", last.At.ToUnixTimeSeconds());
                    if (last.Error is { } e) w.WriteString("error", e);
                    if (last.Rtt is { } rtt) w.WriteNumber("rtt", Math.Round(rtt, 2));
                    if (last.Connect is { } connect) w.WriteNumber("connect", Math.Round(connect, 2));
                    if (last.Loss is { } loss) w.WriteNumber("loss", loss);
                    if (last.StatusCode is { } code) w.WriteNumber("status_code", code);
                    if (last.NumRecords is { } n) w.WriteNumber("num_records", n);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
    }

    private static DateTimeOffset? Seconds(HttpRequest request, string name)
    {
        var text = request.Query[name].ToString();
        if (string.IsNullOrEmpty(text)) return null;
        return long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var s)
            ? DateTimeOffset.FromUnixTimeSeconds(s)
            : throw ApiRequestException.BadRequest($"{name} must be unix seconds");
    }

    private static JsonWriterResult Job(MonitorJob job, JobStatus status) =>
        new(StatusCodes.Status200OK, w => MonitoringJson.WriteJob(w, job, status));
}
