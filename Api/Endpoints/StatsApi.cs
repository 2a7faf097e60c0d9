using System.Text.Json;
using Vantage.Api.Json;
using Vantage.Stats;
using Vantage.Zones;

namespace Vantage.Api.Endpoints;

/// <summary>
/// <c>/v1/stats</c> in NS1's shapes: <c>qps</c> (<c>{"qps": n}</c>, over the stats grains' sliding window) and
/// <c>usage</c> (an array of usage objects with <c>queries</c> and a <c>graph</c> of <c>[timestamp, count]</c>) for
/// the account, a zone or a record. The account's figures come from the account layer (<see cref="IAccountStatsGrain"/>,
/// fed by the zones' stats grains); <c>expand=true</c> lists each zone's own.
/// </summary>
public static class StatsApi
{
    public static RouteGroupBuilder MapStatsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/stats").WithTags("Stats");
        group.MapGet("/qps", AccountQps).WithName("AccountQps").WithSummary("Queries per second of the account.")
            .Produces<QpsDoc>().ProducesErrors();
        group.MapGet("/qps/{zone}", ZoneQps).WithName("ZoneQps").WithSummary("Queries per second of a zone.")
            .Produces<QpsDoc>().ProducesErrors(400, 404);
        group.MapGet("/qps/{zone}/{domain}/{type}", RecordQps).WithName("RecordQps").WithSummary("Queries per second of a record.")
            .Produces<QpsDoc>().ProducesErrors(400, 404);
        group.MapGet("/usage", AccountUsage).WithName("AccountUsage")
            .WithSummary("Queries of the account in the period (1h, 24h or 30d); expand=true lists each zone.")
            .Produces<UsageDoc[]>().ProducesErrors(400);
        group.MapGet("/usage/{zone}", ZoneUsage).WithName("ZoneUsage")
            .WithSummary("Queries of a zone in the period (1h, 24h or 30d); expand=true lists each record.")
            .Produces<UsageDoc[]>().ProducesErrors(400, 404);
        group.MapGet("/usage/{zone}/{domain}/{type}", RecordUsage).WithName("RecordUsage")
            .WithSummary("Queries of a record in the period (1h, 24h or 30d).")
            .Produces<UsageDoc[]>().ProducesErrors(400, 404);
        return group;
    }

    private static async Task<IResult> AccountQps(IGrainFactory grains) =>
        Qps(await grains.GetGrain<IAccountStatsGrain>(GrainKeys.Directory).Qps());

    private static async Task<IResult> ZoneQps(string zone, IGrainFactory grains)
    {
        var name = await ExistingZone(grains, zone);
        return Qps(await grains.GetGrain<IZoneStatsGrain>(name).Qps());
    }

    private static async Task<IResult> RecordQps(string zone, string domain, string type, IGrainFactory grains)
    {
        var address = await ExistingRecord(grains, zone, domain, type);
        return Qps(await grains.GetGrain<IZoneStatsGrain>(address.Zone).Qps(address.Domain, address.Type));
    }

    private static async Task<IResult> AccountUsage(IGrainFactory grains, string? period, string? expand, string? aggregate)
    {
        var p = Period(period);
        var names = await ZoneDirectory.List(grains);
        if (Flag(expand, "expand") && !Flag(aggregate, "aggregate"))
        {
            var each = await Task.WhenAll(names.Select(async z => (Zone: z, Records: await RecordCount(grains, z),
                Usage: (await grains.GetGrain<IZoneStatsGrain>(z).Usage(p)).Usage)));
            return Array(w => { foreach (var z in each) WriteZone(w, z.Zone, z.Records, z.Usage, PeriodText(p)); });
        }
        // The account's own layer (its buckets, pushed by the zones), not a sum at read time.
        var total = await grains.GetGrain<IAccountStatsGrain>(GrainKeys.Directory).Usage(p);
        var zones = await Task.WhenAll(names.Select(async z => (Zone: z, Records: await RecordCount(grains, z))));
        return Array(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("jobs", 0);
            WriteGraph(w, total);
            w.WriteString("period", PeriodText(p));
            w.WriteNumber("zones", zones.Length);
            w.WriteNumber("records", zones.Sum(z => z.Records));
            w.WriteNumber("queries", total.Queries);
            w.WriteNumber("feeds", 0);
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> ZoneUsage(string zone, IGrainFactory grains, string? period, string? expand, string? aggregate)
    {
        var p = Period(period);
        var name = ZonesApi.ZoneName(zone);
        var records = await RecordCount(grains, name, required: true);
        var usage = await grains.GetGrain<IZoneStatsGrain>(name).Usage(p);
        if (Flag(expand, "expand") && !Flag(aggregate, "aggregate"))
            return Array(w => { foreach (var r in usage.Records) WriteRecord(w, name, r.Domain, r.Type, r.Usage, PeriodText(p)); });
        return Array(w => WriteZone(w, name, records, usage.Usage, PeriodText(p)));
    }

    private static async Task<IResult> RecordUsage(string zone, string domain, string type, IGrainFactory grains, string? period)
    {
        var p = Period(period);
        var address = await ExistingRecord(grains, zone, domain, type);
        var usage = await grains.GetGrain<IZoneStatsGrain>(address.Zone).Usage(p, address.Domain, address.Type);
        return Array(w => WriteRecord(w, address.Zone, address.Domain, address.Type, usage.Usage, PeriodText(p)));
    }

    private static async Task<string> ExistingZone(IGrainFactory grains, string zone)
    {
        var name = ZonesApi.ZoneName(zone);
        GrainOutcome.Value(await grains.GetGrain<IZoneGrain>(name).GetSettings());
        return name;
    }

    private static async Task<RecordAddress> ExistingRecord(IGrainFactory grains, string zone, string domain, string type)
    {
        var address = RecordAddress.FromUrl(zone, domain, type);
        address = address with { Zone = ZonesApi.ZoneName(address.Zone) };
        GrainOutcome.Value(await grains.GetGrain<IZoneGrain>(address.Zone).GetRecord(address.Domain, address.Type));
        return address;
    }

    private static async Task<int> RecordCount(IGrainFactory grains, string zone, bool required = false)
    {
        // One record of one page carries the zone's record count; the zone itself is never read whole.
        var page = await grains.GetGrain<IZoneGrain>(zone).GetRecordsPage(0, null, 1);
        if (required) return GrainOutcome.Value(page).Total;
        return page.Ok ? page.Value!.Total : 0;
    }

    private static UsagePeriod Period(string? period) => period switch
    {
        null or "" or "24h" => UsagePeriod.Day,
        "1h" => UsagePeriod.Hour,
        "30d" => UsagePeriod.Month,
        _ => throw ApiRequestException.BadRequest("period must be 1h, 24h or 30d"),
    };

    private static string PeriodText(UsagePeriod period) => period switch
    {
        UsagePeriod.Hour => "1h",
        UsagePeriod.Day => "24h",
        _ => "30d",
    };

    private static bool Flag(string? value, string name) => value?.ToLowerInvariant() switch
    {
        null or "" or "false" or "0" => false,
        "true" or "1" => true,
        _ => throw ApiRequestException.BadRequest($"{name} must be true or false"),
    };

    private static void WriteZone(Utf8JsonWriter w, string zone, int records, UsageSeries usage, string period)
    {
        w.WriteStartObject();
        w.WriteString("zone", zone);
        w.WriteNumber("records", records);
        WriteGraph(w, usage);
        w.WriteString("period", period);
        w.WriteNumber("queries", usage.Queries);
        w.WriteEndObject();
    }

    private static void WriteRecord(Utf8JsonWriter w, string zone, string domain, string type, UsageSeries usage, string period)
    {
        w.WriteStartObject();
        w.WriteString("zone", zone);
        w.WriteString("domain", domain);
        w.WriteString("rectype", type);
        WriteGraph(w, usage);
        w.WriteString("period", period);
        w.WriteNumber("queries", usage.Queries);
        w.WriteEndObject();
    }

    private static void WriteGraph(Utf8JsonWriter w, UsageSeries usage)
    {
        w.WriteStartArray("graph");
        foreach (var p in usage.Graph)
        {
            w.WriteStartArray();
            w.WriteNumberValue(p.Timestamp);
            w.WriteNumberValue(p.Count);
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    private static JsonWriterResult Qps(double qps) => new(StatusCodes.Status200OK, w =>
    {
        w.WriteStartObject();
        w.WriteNumber("qps", qps);
        w.WriteEndObject();
    });

    private static JsonWriterResult Array(Action<Utf8JsonWriter> items) => new(StatusCodes.Status200OK, w =>
    {
        w.WriteStartArray();
        items(w);
        w.WriteEndArray();
    });
}

/// <summary>Swagger shape of <c>/v1/stats/qps</c>.</summary>
public sealed record QpsDoc(double Qps);

/// <summary>Swagger shape of one <c>/v1/stats/usage</c> item (zone and record fields are present on those levels).</summary>
public sealed record UsageDoc(string? Zone, string? Domain, string? Rectype, int? Records, int? Zones, long[][] Graph, string Period, long Queries);
