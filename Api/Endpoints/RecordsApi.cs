using Vantage.Api.Json;
using Vantage.Api.Swagger;
using Vantage.Model;

namespace Vantage.Api.Endpoints;

/// <summary><c>/v1/zones/{zone}/{domain}/{type}</c>: create (PUT), read, merge (POST) and delete record sets.</summary>
public static class RecordsApi
{
    public static RouteGroupBuilder MapRecordsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/zones/{zone}/{domain}/{type}").WithTags("Records");

        group.MapPut("", CreateRecord).WithName("CreateRecord")
            .WithSummary("Create a record set; domain is the FQDN (no leading or trailing dot).")
            .DocumentsBody<RecordDoc>().Produces<RecordDoc>().ProducesErrors(400, 404);
        group.MapGet("", GetRecord).WithName("GetRecord").WithSummary("Read a record set.")
            .Produces<RecordDoc>().ProducesErrors(400, 404);
        group.MapPost("", UpdateRecord).WithName("UpdateRecord")
            .WithSummary("Update a record set: the members sent are merged; answers replace the answer list; \"filters\":[] clears the chain.")
            .DocumentsBody<RecordDoc>().Produces<RecordDoc>().ProducesErrors(400, 404);
        group.MapDelete("", DeleteRecord).WithName("DeleteRecord").WithSummary("Delete a record set.")
            .Produces<EmptyDoc>().ProducesErrors(400, 404);
        return group;
    }

    private static async Task<IResult> CreateRecord(string zone, string domain, string type, HttpRequest request,
        IGrainFactory grains, CancellationToken ct)
    {
        var address = Address(zone, domain, type);
        using var body = await JsonBody.ReadObjectAsync(request, ct);
        var patch = RecordRequest.Parse(body.RootElement, address);
        var record = GrainOutcome.Value(await Grain(grains, address).CreateRecord(address.Domain, address.Type, patch));
        return Record(record);
    }

    private static async Task<IResult> GetRecord(string zone, string domain, string type, IGrainFactory grains)
    {
        var address = Address(zone, domain, type);
        return Record(GrainOutcome.Value(await Grain(grains, address).GetRecord(address.Domain, address.Type)));
    }

    private static async Task<IResult> UpdateRecord(string zone, string domain, string type, HttpRequest request,
        IGrainFactory grains, CancellationToken ct)
    {
        var address = Address(zone, domain, type);
        using var body = await JsonBody.ReadObjectAsync(request, ct);
        var patch = RecordRequest.Parse(body.RootElement, address);
        var record = GrainOutcome.Value(await Grain(grains, address).UpdateRecord(address.Domain, address.Type, patch));
        return Record(record);
    }

    private static async Task<IResult> DeleteRecord(string zone, string domain, string type, IGrainFactory grains)
    {
        var address = Address(zone, domain, type);
        GrainOutcome.Value(await Grain(grains, address).DeleteRecord(address.Domain, address.Type));
        return ApiResults.EmptyObject();
    }

    private static RecordAddress Address(string zone, string domain, string type)
    {
        var address = RecordAddress.FromUrl(zone, domain, type);
        return address with { Zone = ZonesApi.ZoneName(address.Zone) };
    }

    private static IZoneGrain Grain(IGrainFactory grains, RecordAddress address) => grains.GetGrain<IZoneGrain>(address.Zone);

    private static JsonWriterResult Record(DnsRecord record) =>
        new(StatusCodes.Status200OK, w => RecordJson.Write(w, record));
}
