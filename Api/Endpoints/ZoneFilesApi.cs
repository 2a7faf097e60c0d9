using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Vantage.Api.Hosting;
using Vantage.Api.Json;
using Vantage.Api.Swagger;
using Vantage.ZoneFiles;

namespace Vantage.Api.Endpoints;

/// <summary>BIND zone files: import (create or replace a whole zone atomically) and export.</summary>
public static class ZoneFilesApi
{
    public const string FormField = "zonefile";

    public static RouteGroupBuilder MapZoneFilesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").WithTags("Zone files");

        group.MapPut("/import/zonefile/{zone}", Import).WithName("ImportZoneFile")
            .WithSummary("Create the zone, or replace all of its records, from a BIND master file (multipart field \"zonefile\"). A bad line rejects the whole file.")
            .DocumentsBody<ZoneFileUploadDoc>("multipart/form-data").Produces<ZoneDoc>().ProducesErrors(400, 413)
            .WithMetadata(new ZoneFileBodyMetadata());
        group.MapGet("/zones/{zone}/export", Export).WithName("ExportZoneFile")
            .WithSummary("The zone as a BIND master file.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain").ProducesErrors(400, 404);
        return group;
    }

    private static async Task<IResult> Import(string zone, HttpRequest request, IGrainFactory grains,
        IOptions<ApiOptions> options, CancellationToken ct)
    {
        var name = ZonesApi.ZoneName(zone);
        var text = await ReadZoneFile(request, options.Value.MaxZoneFileBytes, ct);
        var parsed = ZoneFileParser.Parse(text, name);
        if (parsed.Error is not null) throw ApiRequestException.BadRequest(parsed.Error);

        var snapshot = GrainOutcome.Value(await grains.GetGrain<IZoneGrain>(name).Import(parsed.Settings, parsed.Records));
        return ZonesApi.Zone(snapshot, withRecords: true);
    }

    private static async Task<IResult> Export(string zone, IGrainFactory grains)
    {
        var name = ZonesApi.ZoneName(zone);
        var snapshot = GrainOutcome.Value(await grains.GetGrain<IZoneGrain>(name).Get());
        return Results.Text(ZoneFileWriter.Write(snapshot), "text/plain; charset=utf-8", Encoding.UTF8);
    }

    /// <summary>The file from the multipart form: an uploaded file named <c>zonefile</c>, or a plain form field of that name.</summary>
    private static async Task<string> ReadZoneFile(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (!request.HasFormContentType)
            throw ApiRequestException.BadRequest($"expected a multipart form with the zone file in field \"{FormField}\"");
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions
            {
                MultipartBodyLengthLimit = maxBytes,
                ValueLengthLimit = (int)Math.Min(int.MaxValue, maxBytes),
                BufferBodyLengthLimit = maxBytes,
            }, ct);
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiRequestException(StatusCodes.Status413PayloadTooLarge, new RequestBodyBudget(maxBytes).TooLargeMessage);
        }
        catch (Exception e) when (e is InvalidDataException or IOException && !ct.IsCancellationRequested)
        {
            throw ApiRequestException.BadRequest("invalid multipart form: " + e.Message);
        }

        if (form.Files.GetFile(FormField) is { } file)
        {
            using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
            return await reader.ReadToEndAsync(ct);
        }
        if (form.TryGetValue(FormField, out var value) && value.Count == 1) return value.ToString();
        throw ApiRequestException.BadRequest($"the zone file is missing: send it in multipart field \"{FormField}\"");
    }
}
