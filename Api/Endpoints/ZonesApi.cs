using System.Collections.Immutable;
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
        return Zone(GrainOutcome.Value(await grains.GetGrain<IZoneGrain>(name).Create(patch)), withRecords: true);
    }

    private static async Task<IResult> GetZone(string zone, HttpRequest request, IGrainFactory grains, IOptions<ApiOptions> options,
        [FromQuery] string? records, [FromQuery(Name = "records_after")] string? recordsAfter)
    {
        var withRecords = QueryFlags.Parse(records, "records", whenAbsent: true);
        var name = ZoneName(zone);
        if (!withRecords)
        {
            var settings = GrainOutcome.Value(await grains.GetGrain<IZoneGrain>(name).GetSettings());
            return new JsonWriterResult(StatusCodes.Status200OK, w => ZoneJson.Write(w, settings, records: null));
        }

        // Long record lists come in pages (NS1 clients concatenate the pages' "records" by following Link rel="next").
        var snapshot = GrainOutcome.Value(await grains.GetGrain<IZoneGrain>(name).Get());
        var remaining = Sorted(snapshot.Records).Where(r => recordsAfter is null || string.CompareOrdinal(PageKey(r), recordsAfter) > 0).ToList();
        var page = remaining.Take(options.Value.RecordPageSize).ToList();
        if (remaining.Count > page.Count)
        {
            var next = $"{request.Scheme}://{request.Host}{request.PathBase}/v1/zones/{Uri.EscapeDataString(name)}?records_after={Uri.EscapeDataString(PageKey(page[^1]))}";
            request.HttpContext.Response.Headers.Link = $"<{next}>; rel=\"next\"";
        }
        return new JsonWriterResult(StatusCodes.Status200OK, w => ZoneJson.Write(w, snapshot.Settings, page));
    }

    /// <summary>Position of a record in the page order (domain, then type).</summary>
    private static string PageKey(DnsRecord record) => record.Domain + " " + record.Type;

    private static async Task<IResult> UpdateZone(string zone, HttpRequest request, IGrainFactory grains, CancellationToken ct)
    {
        var name = ZoneName(zone);
        using var body = await JsonBody.ReadObjectAsync(request, ct);
        var patch = ZoneRequest.Parse(body.RootElement, name);
        return Zone(GrainOutcome.Value(await grains.GetGrain<IZoneGrain>(name).Update(patch)), withRecords: true);
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

    internal static IResult Zone(ZoneSnapshot snapshot, bool withRecords) =>
        new JsonWriterResult(StatusCodes.Status200OK, w => ZoneJson.Write(w, snapshot.Settings, withRecords ? Sorted(snapshot.Records) : null));

    private static IEnumerable<DnsRecord> Sorted(ImmutableArray<DnsRecord> records) =>
        records.OrderBy(PageKey, StringComparer.Ordinal);
}
