using System.Collections.Immutable;
using System.Text.Json;
using Vantage.Api.Json;
using Vantage.Model;
using Vantage.Zones;

namespace Vantage.Api.Endpoints;

/// <summary>
/// Reads a zone for an HTTP answer without ever asking the zone grain for all of it: record sets come from
/// <see cref="IZoneGrain.GetRecordsPage"/>, every grain page of one answer at the same zone version.
/// </summary>
public static class ZonePages
{
    /// <summary>One HTTP page of a zone: its settings and up to the page size of record sets, and the key after which the next page starts.</summary>
    public sealed record HttpPage(ZoneSettings Settings, long Version, ImmutableArray<RecordPage> Pages, DnsRecord? Last, bool More);

    /// <summary>
    /// Up to <paramref name="size"/> record sets after the grain key <paramref name="after"/> (null: from the start), read in
    /// grain pages of at most <see cref="ZoneReader.MaxPageSize"/> at one version. Throws the grain's refusal (404 for a
    /// missing zone); a version that expired between two grain pages starts the read over (a few times at most).
    /// </summary>
    public static async Task<HttpPage> Read(IZoneGrain zone, string? after, int size, CancellationToken ct)
    {
        size = Math.Max(1, size);
        for (var attempt = 1; ; attempt++)
        {
            var pages = ImmutableArray.CreateBuilder<RecordPage>();
            long version = 0;
            var count = 0;
            var cursor = after;
            RecordPage? page = null;
            OpResult<RecordPage>? refused = null;
            while (count < size)
            {
                ct.ThrowIfCancellationRequested();
                var result = await zone.GetRecordsPage(version, cursor, Math.Min(ZoneReader.MaxPageSize, size - count));
                if (!result.Ok)
                {
                    refused = result;
                    break;
                }
                page = result.Value!;
                version = page.Version;
                if (!page.Records.IsDefaultOrEmpty)
                {
                    pages.Add(page);
                    count += page.Records.Length;
                }
                if (page.Next is null) break;
                cursor = page.Next;
            }
            if (refused is null)
            {
                var last = LastRecord(pages);
                return new HttpPage(page!.Settings, version, pages.ToImmutable(), last, page.Next is not null && last is not null);
            }
            // Only a read that had pinned a version can have lost it to newer changes: start over.
            if (attempt >= 3 || refused.Error != OpError.Invalid || version == 0) GrainOutcome.Value(refused);
        }
    }

    private static DnsRecord? LastRecord(ImmutableArray<RecordPage>.Builder pages) =>
        pages.Count == 0 ? null : pages[^1].Records[^1];

    /// <summary>
    /// Writes NS1's zone object with the records of <paramref name="page"/> (null: without <c>records</c>), flushing the
    /// response after every grain page so that a long page goes out as it is written.
    /// </summary>
    public static IResult ZoneResult(HttpPage page, bool withRecords, int statusCode = StatusCodes.Status200OK) =>
        new StreamingJsonResult(statusCode, async (w, flush) =>
        {
            ZoneJson.WriteStart(w, page.Settings);
            if (withRecords)
            {
                w.WriteStartArray("records");
                foreach (var grainPage in page.Pages)
                {
                    foreach (var record in grainPage.Records) RecordJson.WriteShort(w, record);
                    await flush();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        });

    /// <summary>The <c>records_after</c> value that continues after <paramref name="record"/> (NS1-style, "domain TYPE").</summary>
    public static string CursorOf(DnsRecord record) => record.Domain + " " + record.Type;

    /// <summary>
    /// The grain key of a <c>records_after</c> value: "domain TYPE" (what our Link headers carry) or the grain's own
    /// "domain/TYPE". Null for an absent value; 400 for one of neither form.
    /// </summary>
    public static string? GrainKeyOf(string? recordsAfter)
    {
        if (string.IsNullOrEmpty(recordsAfter)) return null;
        var split = recordsAfter.LastIndexOf(' ');
        if (split < 0) split = recordsAfter.LastIndexOf('/');
        if (split <= 0 || split == recordsAfter.Length - 1)
            throw ApiRequestException.BadRequest("records_after must be \"domain TYPE\", as in the Link header");
        return RecordKey.Of(DnsNames.Normalize(recordsAfter[..split]), recordsAfter[(split + 1)..].ToUpperInvariant());
    }
}

/// <summary>
/// An <see cref="IResult"/> that writes JSON by hand and asynchronously: the writer's <c>flush</c> callback pushes what is
/// written so far to the client, so a long answer never sits whole in memory. A failure after the answer has started
/// aborts the connection (the client sees a cut answer, never a well-formed partial one).
/// </summary>
public sealed class StreamingJsonResult(int statusCode, Func<Utf8JsonWriter, Func<Task>, Task> write) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => statusCode;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        var ct = httpContext.RequestAborted;
        var writer = new Utf8JsonWriter(response.BodyWriter, JsonWriterResult.WriterOptions);
        var aborted = false;
        try
        {
            await write(writer, async () =>
            {
                await writer.FlushAsync(ct);
                await response.BodyWriter.FlushAsync(ct);
            });
            await writer.FlushAsync(ct);
            await response.BodyWriter.FlushAsync(ct);
        }
        catch (Exception) when (response.HasStarted && !ct.IsCancellationRequested)
        {
            aborted = true;
            httpContext.Abort();
        }
        finally
        {
            // After an abort the response pipe takes no more bytes: drop what the writer still holds.
            if (!aborted) await writer.DisposeAsync();
        }
    }
}
