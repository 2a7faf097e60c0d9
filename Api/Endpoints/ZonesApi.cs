using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Vantage.Api.Hosting;
using Vantage.Api.Json;
using Vantage.Api.Swagger;
using Vantage.Events;
using Vantage.Model;
using Vantage.Validation;
using Vantage.Zones;

namespace Vantage.Api.Endpoints;

/// <summary><c>/v1/zones</c>: list, create (PUT), read, merge (POST) and delete zones.</summary>
public static class ZonesApi
{
    public static RouteGroupBuilder MapZonesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/zones").WithTags("Zones");

        group.MapGet("", ListZones).WithName("ListZones")
            .WithSummary("List zones (without records), sorted by name; more pages are announced in a Link rel=\"next\" header.")
            .Produces<ZoneDoc[]>().ProducesErrors();
        group.MapPut("/{zone}", CreateZone).WithName("CreateZone").WithSummary("Create a zone.")
            .DocumentsBody<ZoneDoc>().Produces<ZoneDoc>().ProducesErrors(400);
        group.MapGet("/{zone}", GetZone).WithName("GetZone").WithSummary("Read a zone; ?records=false leaves out its records; long record lists are paged with a Link rel=\"next\" header.")
            .Produces<ZoneDoc>().ProducesErrors(400, 404);
        group.MapPost("/{zone}", UpdateZone).WithName("UpdateZone").WithSummary("Update a zone: the members sent are merged.")
            .DocumentsBody<ZoneDoc>().Produces<ZoneDoc>().ProducesErrors(400, 404);
        group.MapDelete("/{zone}", DeleteZone).WithName("DeleteZone").WithSummary("Delete a zone and all of its records.")
            .Produces<EmptyDoc>().ProducesErrors(400, 404);
        return group;
    }

    private static async Task<IResult> ListZones(HttpRequest request, IGrainFactory grains, IOptions<ApiOptions> options,
        [FromQuery] string? after)
    {
        var names = await ZoneDirectory.List(grains);
        var remaining = names
            .Where(n => after is null || string.CompareOrdinal(n, after) > 0)
            .Order(StringComparer.Ordinal)
            .ToList();
        var page = remaining.Take(options.Value.PageSize).ToList();
        var zones = await Task.WhenAll(page.Select(n => grains.GetGrain<IZoneGrain>(n).GetSettings()));

        if (remaining.Count > page.Count)
        {
            var next = $"{request.Scheme}://{request.Host}{request.PathBase}/v1/zones?after={Uri.EscapeDataString(page[^1])}";
            request.HttpContext.Response.Headers.Link = $"<{next}>; rel=\"next\"";
        }

        return new JsonWriterResult(StatusCodes.Status200OK, w =>
        {
            w.WriteStartArray();
            // A zone deleted between the listing and the read is simply not shown.
            foreach (var zone in zones.Where(z => z.Ok)) ZoneJson.Write(w, zone.Value!, records: null);
            w.WriteEndArray();
        });
    }

    private static async Task<IResult> CreateZone(string zone, HttpRequest request, IGrainFactory grains, CancellationToken ct)
    {
        var name = ZoneName(zone);
        using var body = await JsonBody.ReadObjectAsync(request, ct);
        var patch = ZoneRequest.Parse(body.RootElement, name);
        // A new zone holds at most its apex NS: the answer carries it whole.
        return Zone(GrainOutcome.Value(await grains.GetGrain<IZoneGrain>(name).Create(patch)), withRecords: true);
    }

    private static async Task<IResult> GetZone(string zone, HttpRequest request, IGrainFactory grains, IOptions<ApiOptions> options,
        [FromQuery] string? records, [FromQuery(Name = "records_after")] string? recordsAfter, CancellationToken ct)
    {
        var withRecords = QueryFlags.Parse(records, "records", whenAbsent: true);
        var name = ZoneName(zone);
        if (!withRecords)
        {
            var settings = GrainOutcome.Value(await grains.GetGrain<IZoneGrain>(name).GetSettings());
            return new JsonWriterResult(StatusCodes.Status200OK, w => ZoneJson.Write(w, settings, records: null));
        }
        return await PagedZone(request, grains, options.Value, name, ZonePages.GrainKeyOf(recordsAfter), ct);
    }

    /// <summary>
    /// The zone with one page of its record summaries (NS1 clients concatenate the pages' "records" by following
    /// Link rel="next"), read from the grain by pages at one version and written as it is read.
    /// </summary>
    internal static async Task<IResult> PagedZone(HttpRequest request, IGrainFactory grains, ApiOptions options, string name,
        string? afterKey, CancellationToken ct, int statusCode = StatusCodes.Status200OK)
    {
        var page = await ZonePages.Read(grains.GetGrain<IZoneGrain>(name), afterKey, options.RecordPageSize, ct);
        if (page.More)
        {
            var next = $"{request.Scheme}://{request.Host}{request.PathBase}/v1/zones/{Uri.EscapeDataString(name)}?records_after={Uri.EscapeDataString(ZonePages.CursorOf(page.Last!))}";
            request.HttpContext.Response.Headers.Link = $"<{next}>; rel=\"next\"";
        }
        return ZonePages.ZoneResult(page, withRecords: true, statusCode);
    }

    private static async Task<IResult> UpdateZone(string zone, HttpRequest request, IGrainFactory grains, IOptions<ApiOptions> options,
        CancellationToken ct)
    {
        var name = ZoneName(zone);
        using var body = await JsonBody.ReadObjectAsync(request, ct);
        var patch = ZoneRequest.Parse(body.RootElement, name);
        GrainOutcome.Value(await grains.GetGrain<IZoneGrain>(name).Update(patch));
        // The answer is the zone as GET shows it: the first page of its records, read by pages.
        return await PagedZone(request, grains, options.Value, name, afterKey: null, ct);
    }

    private static async Task<IResult> DeleteZone(string zone, IGrainFactory grains)
    {
        GrainOutcome.Value(await grains.GetGrain<IZoneGrain>(ZoneName(zone)).Delete());
        return ApiResults.EmptyObject();
    }

    /// <summary>The zone named in the URL: no leading/trailing dot, valid syntax, lower-cased.</summary>
    internal static string ZoneName(string zone)
    {
        var name = RecordAddress.UrlName("zone", zone);
        if (RecordValidator.ValidateZoneName(name) is { } problem) throw ApiRequestException.BadRequest(problem);
        return name;
    }

    private static IResult Zone(ZoneSnapshot snapshot, bool withRecords) =>
        new JsonWriterResult(StatusCodes.Status200OK, w => ZoneJson.Write(w, snapshot.Settings,
            withRecords ? snapshot.Records.OrderBy(r => RecordKey.Of(r.Domain, r.Type), RecordKeyOrder.Instance) : null));
}
