using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Vantage.Api.Hosting;
using Vantage.Api.Json;

namespace Vantage.Api.Endpoints;

/// <summary>
/// Reads the zone file of an import request: a multipart form is read section by section straight from the request
/// body (the form is never buffered whole, so a file of tens of megabytes is held once, as the text the parser reads);
/// a URL-encoded form is read the ordinary way.
/// </summary>
internal static class ZoneFileUpload
{
    public static async Task<string> ReadAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (!request.HasFormContentType)
            throw ApiRequestException.BadRequest($"expected a multipart form with the zone file in field \"{ZoneFilesApi.FormField}\"");
        try
        {
            return MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.MediaType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase)
                ? await ReadMultipart(request, type, maxBytes, ct)
                : await ReadUrlEncoded(request, maxBytes, ct);
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            throw TooLarge(maxBytes);
        }
        catch (Exception e) when (e is InvalidDataException or IOException && e is not BadHttpRequestException && !ct.IsCancellationRequested)
        {
            throw ApiRequestException.BadRequest("invalid multipart form: " + e.Message);
        }
    }

    private static async Task<string> ReadMultipart(HttpRequest request, MediaTypeHeaderValue type, long maxBytes, CancellationToken ct)
    {
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary)) throw ApiRequestException.BadRequest("invalid multipart form: the Content-Type has no boundary");
        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = maxBytes };
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !string.Equals(HeaderUtilities.RemoveQuotes(disposition.Name).Value, ZoneFilesApi.FormField, StringComparison.Ordinal))
            {
                continue; // the reader skips the rest of this section
            }
            using var text = new StreamReader(section.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
            return await text.ReadToEndAsync(ct);
        }
        throw Missing();
    }

    private static async Task<string> ReadUrlEncoded(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        var form = await request.ReadFormAsync(new FormOptions
        {
            ValueLengthLimit = (int)Math.Min(int.MaxValue, maxBytes),
            BufferBodyLengthLimit = maxBytes,
        }, ct);
        if (form.TryGetValue(ZoneFilesApi.FormField, out var value) && value.Count == 1) return value.ToString();
        throw Missing();
    }

    private static ApiRequestException Missing() =>
        ApiRequestException.BadRequest($"the zone file is missing: send it in multipart field \"{ZoneFilesApi.FormField}\"");

    private static ApiRequestException TooLarge(long maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, new RequestBodyBudget(maxBytes).TooLargeMessage);
}
