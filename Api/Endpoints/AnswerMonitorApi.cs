using System.Text.Json;
using System.Text.Json.Nodes;
using Vantage.Api.Json;
using Vantage.Api.Swagger;
using Vantage.Feeds;
using Vantage.Model;
using Vantage.Monitoring;

namespace Vantage.Api.Endpoints;

/// <summary>
/// Beyond NS1: <c>PUT /v1/zones/{zone}/{domain}/{type}/monitor</c> attaches a health check to one answer in one call,
/// creating or reusing the job, the nsone_monitoring source, the feed and the answer's <c>up</c> pointer (and an
/// <c>up</c> filter at the head of the chain). Deleting the record or the answer removes the feed and the job it made.
/// </summary>
public static class AnswerMonitorApi
{
    public const string SourceName = "vantage answer monitors";

    public static RouteHandlerBuilder MapAnswerMonitorApi(this IEndpointRouteBuilder app) =>
        app.MapPut("/v1/zones/{zone}/{domain}/{type}/monitor", Attach).WithTags("Records").WithName("MonitorAnswer")
            .WithSummary("Attach a health check to one answer: body {\"answer\": id or rdata, \"job_type\", \"config\", \"regions\", \"frequency\", …job fields}. "
                + "Creates or reuses the job, source, feed and up pointer; deleting the answer or the record cleans them up.")
            .DocumentsBody<MonitorJobDoc>().Produces<RecordDoc>().ProducesErrors(400, 404);

    private static async Task<IResult> Attach(string zone, string domain, string type, HttpRequest request, IGrainFactory grains, CancellationToken ct)
    {
        var parsed = RecordAddress.FromUrl(zone, domain, type);
        var address = parsed with { Zone = ZonesApi.ZoneName(parsed.Zone) };
        var zoneGrain = grains.GetGrain<IZoneGrain>(address.Zone);
        var record = GrainOutcome.Value(await zoneGrain.GetRecord(address.Domain, address.Type));
        using var body = await JsonBody.ReadObjectAsync(request, ct);
        var which = JsonFields.String(body.RootElement, "answer") ?? throw ApiRequestException.BadRequest("answer (an answer id or its rdata) is required");
        var index = record.Answers.IndexOf(record.Answers.FirstOrDefault(x => x.Id == which || string.Join(' ', x.Rdata) == which)!);
        if (index < 0) throw ApiRequestException.BadRequest($"the record has no answer {which}");
        var answer = record.Answers[index];

        var createdFor = $"{record.Zone}/{record.Domain}/{record.Type}/{answer.Id}";
        var name = $"{record.Domain} {record.Type} {string.Join(' ', answer.Rdata)}";
        var job = MonitoringJson.ParseJob(body.RootElement, new MonitorJob
        {
            Id = "", Name = name.Length > MonitorValidation.MaxNameLength ? name[..MonitorValidation.MaxNameLength] : name, JobType = "",
            Frequency = 5, CreatedFor = createdFor,
        }) with { CreatedFor = createdFor };

        var jobs = grains.GetGrain<IMonitorJobsGrain>(GrainKeys.Directory);
        var existing = (await jobs.List()).FirstOrDefault(j => j.CreatedFor == createdFor);
        job = existing is null
            ? GrainOutcome.Value(await jobs.Create(job))
            : GrainOutcome.Value(await jobs.Update(job with { Id = existing.Id }));

        var sources = grains.GetGrain<IDataSourcesGrain>(GrainKeys.Directory);
        var source = (await sources.List()).FirstOrDefault(s => s.Name == SourceName && s.SourceType == SourceTypes.NsoneMonitoring)
            ?? GrainOutcome.Value(await sources.Create(SourceName, SourceTypes.NsoneMonitoring, "{}"));
        var feedId = source.Feeds.FirstOrDefault(f => f.JobId == job.Id)?.Id;
        if (feedId is null)
        {
            var config = JsonSerializer.Serialize(new Dictionary<string, string> { ["jobid"] = job.Id, ["created_by"] = "answer_monitor" });
            feedId = GrainOutcome.Value(await sources.CreateFeed(source.Id, job.Name, config)).Id;
        }

        var meta = (answer.MetaJson is { } json ? JsonNode.Parse(json) as JsonObject : null) ?? [];
        meta["up"] = new JsonObject { ["feed"] = feedId };
        var answers = record.Answers.SetItem(index, answer with { MetaJson = meta.ToJsonString() });
        var chain = JsonNode.Parse(record.FiltersJson) as JsonArray ?? [];
        if (chain.Count == 0 || chain[0]?["filter"]?.GetValue<string>() != "up")
        {
            chain.Insert(0, new JsonObject { ["filter"] = "up", ["config"] = new JsonObject() });
        }
        var updated = GrainOutcome.Value(await zoneGrain.UpdateRecord(record.Domain, record.Type,
            new RecordPatch { Answers = answers, FiltersJson = chain.ToJsonString() }));
        var status = await grains.GetGrain<IMonitorJobGrain>(job.Id).GetStatus();
        return new JsonWriterResult(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("job");
            MonitoringJson.WriteJob(w, job, status);
            w.WriteString("source", source.Id);
            w.WriteString("feed", feedId);
            w.WritePropertyName("record");
            RecordJson.Write(w, updated);
            w.WriteEndObject();
        });
    }
}
