using Microsoft.Extensions.Options;
using Vantage.Api.Hosting;
using Vantage.Api.Json;
using Vantage.Api.Swagger;
using Vantage.Model;
using Vantage.ZoneFiles;
using Vantage.Zones;

namespace Vantage.Api.Endpoints;

/// <summary>
/// BIND zone files: import (create or replace a whole zone atomically, staged to the zone grain in chunks; answered 200
/// when it finishes within <see cref="ApiOptions.ImportWaitMilliseconds"/>, else 202 with a status URL) and export
/// (streamed page by page).
/// </summary>
public static partial class ZoneFilesApi
{
    public const string FormField = "zonefile";

    public const string ImportNotFoundMessage = "import not found";

    public static RouteGroupBuilder MapZoneFilesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").WithTags("Zone files");

        group.MapPut("/import/zonefile/{zone}", Import).WithName("ImportZoneFile")
            .WithSummary("Create the zone, or replace all of its records, from a BIND master file (multipart field \"zonefile\"). " +
                         "A bad line rejects the whole file (400, nothing stored). Finished within the import wait: 200 with the zone " +
                         "as GET /v1/zones/{zone} shows it (first page of records, Link rel=\"next\" for more). Still running: " +
                         "202 Accepted with a Location header to the import's status.")
            .DocumentsBody<ZoneFileUploadDoc>("multipart/form-data").Produces<ZoneDoc>().Produces<ImportStatusDoc>(StatusCodes.Status202Accepted)
            .ProducesErrors(400, 413)
            .WithMetadata(new ZoneFileBodyMetadata());
        group.MapGet("/import/zonefile/{zone}/{importId}", GetImportStatus).WithName("GetZoneFileImport")
            .WithSummary("Status of a zone-file import (staging, running, succeeded or failed). Imports are remembered for a while " +
                         "after they finish; an unknown id is 404.")
            .Produces<ImportStatusDoc>().ProducesErrors(400, 404);
        group.MapGet("/zones/{zone}/export", Export).WithName("ExportZoneFile")
            .WithSummary("The zone as a BIND master file (SOA first, then the record sets in page order), streamed as it is read.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain").ProducesErrors(400, 404);
        return group;
    }

    private static async Task<IResult> Import(string zone, HttpRequest request, IGrainFactory grains,
        IOptions<ApiOptions> options, ILoggerFactory loggers, CancellationToken ct)
    {
        var settings = options.Value;
        var logger = loggers.CreateLogger(typeof(ZoneFilesApi));
        var name = ZonesApi.ZoneName(zone);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var text = await ZoneFileUpload.ReadAsync(request, settings.MaxZoneFileBytes, ct);
        var received = clock.Elapsed;
        var parsed = ZoneFileParser.Parse(text, name);
        text = null;
        var parsedAt = clock.Elapsed;
        if (parsed.Error is not null) throw ApiRequestException.BadRequest(parsed.Error);

        var grain = grains.GetGrain<IZoneGrain>(name);
        var importId = Ids.New();
        var zoneSettings = parsed.Settings;
        var records = parsed.Records;
        parsed = null;
        // Chunks of a few thousand record sets: no grain message carries the whole file. An empty file still starts the import.
        var offset = 0;
        do
        {
            var count = Math.Min(settings.ImportChunkSize, records.Length - offset);
            GrainOutcome.Value(await grain.StageImport(importId, records.Slice(offset, count)));
            offset += count;
        }
        while (offset < records.Length);
        var sets = records.Length;
        records = default;
        var stagedAt = clock.Elapsed;
        LogStaged(logger, name, importId, sets, received.TotalMilliseconds, (parsedAt - received).TotalMilliseconds,
            (stagedAt - parsedAt).TotalMilliseconds);

        var status = await WaitForCommit(grain, importId, grain.CommitImport(importId, zoneSettings),
            TimeSpan.FromMilliseconds(settings.ImportWaitMilliseconds), logger, ct);
        LogCommitWait(logger, name, importId, (clock.Elapsed - stagedAt).TotalMilliseconds, ImportStatusJson.StateText(status.State));
        if (status is { State: ImportState.Succeeded })
            return await ZonesApi.PagedZone(request, grains, settings, name, afterKey: null, ct);
        if (status is { State: ImportState.Failed })
            throw new ApiRequestException(GrainOutcome.StatusOf(status.Error), status.Message ?? "the import failed");

        request.HttpContext.Response.Headers.Location = StatusUrl(request, name, importId);
        return new JsonWriterResult(StatusCodes.Status202Accepted, w => ImportStatusJson.Write(w, status!));
    }

    /// <summary>
    /// The import's status once it finished, or when <paramref name="wait"/> (counted from the commit) is over. A commit
    /// still unanswered then goes on in the grain (so does one whose call timed out: the grain did not answer in time,
    /// which says nothing about the work); the caller answers 202 and the client polls the status.
    /// </summary>
    private static async Task<ImportStatus> WaitForCommit(IZoneGrain grain, string importId, Task<OpResult<ImportStatus>> commit,
        TimeSpan wait, ILogger logger, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (wait > TimeSpan.Zero && !commit.IsCompleted)
        {
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var delay = Task.Delay(wait, timer.Token);
            if (await Task.WhenAny(commit, delay) == commit) await timer.CancelAsync();
        }

        ImportStatus? status = null;
        if (commit.IsCompletedSuccessfully) status = GrainOutcome.Value(commit.Result);
        else if (commit.IsFaulted && commit.Exception.InnerException is not TimeoutException) await commit; // the cluster refused it: 503/504
        else if (!commit.IsCompleted) Observe(commit, logger, importId);
        else LogCommitFailed(logger, importId, commit.Exception);

        status ??= await TryGetImport(grain, importId) ?? Pending(grain, importId);
        var pause = TimeSpan.FromMilliseconds(20);
        while (!status.Finished && clock.Elapsed < wait)
        {
            var left = wait - clock.Elapsed;
            await Task.Delay(left < pause ? left : pause, ct);
            status = await TryGetImport(grain, importId) ?? status;
            pause = TimeSpan.FromMilliseconds(Math.Min(250, pause.TotalMilliseconds * 2));
        }
        return status;
    }

    /// <summary>The grain's status of the import; null when it does not know it, or is too busy with it to answer in time.</summary>
    private static async Task<ImportStatus?> TryGetImport(IZoneGrain grain, string importId)
    {
        try
        {
            return await grain.GetImport(importId);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <summary>What to report of an import the grain has not heard the commit of yet.</summary>
    private static ImportStatus Pending(IZoneGrain grain, string importId) => new()
    {
        Id = importId,
        Zone = grain.GetPrimaryKeyString(),
        State = ImportState.Running,
        StartedAt = DateTimeOffset.UtcNow,
    };

    private static void Observe(Task commit, ILogger logger, string importId) =>
        _ = commit.ContinueWith(t => LogCommitFailed(logger, importId, t.Exception), CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    private static string StatusUrl(HttpRequest request, string zone, string importId) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}/v1/import/zonefile/{Uri.EscapeDataString(zone)}/{Uri.EscapeDataString(importId)}";

    [LoggerMessage(Level = LogLevel.Information, Message = "zone-file import {Zone} {ImportId}: {Sets} record sets; upload read in {ReadMs:F0} ms, parsed in {ParseMs:F0} ms, staged in {StageMs:F0} ms")]
    private static partial void LogStaged(ILogger logger, string zone, string importId, int sets, double readMs, double parseMs, double stageMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "zone-file import {Zone} {ImportId}: {CommitMs:F0} ms waiting for the commit, then {State}")]
    private static partial void LogCommitWait(ILogger logger, string zone, string importId, double commitMs, string state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "zone-file import {ImportId}: the commit call failed after the answer; its status tells the outcome")]
    private static partial void LogCommitFailed(ILogger logger, string importId, Exception? exception);

    private static async Task<IResult> GetImportStatus(string zone, string importId, IGrainFactory grains)
    {
        var name = ZonesApi.ZoneName(zone);
        var status = await grains.GetGrain<IZoneGrain>(name).GetImport(importId);
        if (status is null) throw new ApiRequestException(StatusCodes.Status404NotFound, ImportNotFoundMessage);
        return new JsonWriterResult(StatusCodes.Status200OK, w => ImportStatusJson.Write(w, status));
    }

    private static async Task<IResult> Export(string zone, IGrainFactory grains, CancellationToken ct)
    {
        var name = ZonesApi.ZoneName(zone);
        var grain = grains.GetGrain<IZoneGrain>(name);
        // The first page before the answer starts: a missing zone is still a clean 404.
        var first = GrainOutcome.Value(await grain.GetRecordsPage(0, null, ZoneReader.DefaultPageSize));
        return new ZoneFileExportResult(grain, first);
    }
}
