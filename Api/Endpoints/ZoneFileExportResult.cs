using System.Text;
using Vantage.ZoneFiles;
using Vantage.Zones;

namespace Vantage.Api.Endpoints;

/// <summary>
/// Streams a zone as a BIND master file: the SOA, then the record sets page by page (all pages at the version of the
/// first), each page encoded and flushed before the next is read. A failure once the answer has started (the version
/// expired under a very busy zone, the cluster went away) aborts the connection, so the client never takes a cut file
/// for a whole one.
/// </summary>
internal sealed class ZoneFileExportResult(IZoneGrain zone, RecordPage first) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => StatusCodes.Status200OK;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var ct = httpContext.RequestAborted;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/plain; charset=utf-8";
        var text = new StringBuilder();
        ZoneFileWriter.WriteHeader(text, first.Settings);
        try
        {
            var page = first;
            while (true)
            {
                foreach (var record in page.Records) ZoneFileWriter.WriteRecord(text, record);
                await Send(response, text, ct);
                if (page.Next is null) break;
                var next = await zone.GetRecordsPage(first.Version, page.Next, ZoneReader.DefaultPageSize);
                if (!next.Ok) throw new InvalidOperationException(next.Message ?? "the zone could not be read to its end");
                page = next.Value!;
            }
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            if (!response.HasStarted) throw;
            httpContext.Abort();
        }
    }

    private static async Task Send(HttpResponse response, StringBuilder text, CancellationToken ct)
    {
        foreach (var chunk in text.GetChunks())
        {
            var span = chunk.Span;
            var bytes = response.BodyWriter.GetSpan(Encoding.UTF8.GetMaxByteCount(span.Length));
            response.BodyWriter.Advance(Encoding.UTF8.GetBytes(span, bytes));
        }
        text.Clear();
        await response.BodyWriter.FlushAsync(ct);
    }
}
