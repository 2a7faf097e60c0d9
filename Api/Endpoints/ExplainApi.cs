using System.Net;
using Vantage.Api.Json;
using Vantage.Api.Swagger;
using Vantage.Model;
using Vantage.Steering.Engine;
using Vantage.Steering.Explain;
using Vantage.Steering.Geo;
using Vantage.Traffic;

namespace Vantage.Api.Endpoints;

/// <summary>
/// <c>/v1/zones/{zone}/{domain}/{type}/explain</c> (beyond NS1): how the record's filter chain answers one
/// client, computed by the same steering engine the edges run.
/// </summary>
public static class ExplainApi
{
    public static RouteGroupBuilder MapExplainApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/zones/{zone}/{domain}/{type}/explain").WithTags("Records");
        group.MapGet("", Explain).WithName("ExplainRecord")
            .WithSummary("Explain the answers a client gets: ?ip=<resolver address> and/or ?ecs=<client subnet, e.g. 198.51.100.0/24>; "
                + "optional ?name=<query name> for wildcard records and ?seed=<n> to reproduce a random draw. Shows what is known of "
                + "the client (country, subdivision, georegion, lat/long, ASN), each filter's kept and removed answers with the reason, "
                + "the final answers and the ECS scope the edge returns.")
            .Produces<ExplainResult>().ProducesErrors(400, 404);
        return group;
    }

    private static async Task<IResult> Explain(string zone, string domain, string type, string? ip, string? ecs, string? name,
        int? seed, IGrainFactory grains, GeoLookupService geo, CancellationToken ct)
    {
        var address = RecordAddress.FromUrl(zone, domain, type);
        address = address with { Zone = ZonesApi.ZoneName(address.Zone) };
        IPAddress? resolver = null;
        if (ip is not null && (!IPAddress.TryParse(ip, out resolver)
            || (resolver.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && resolver.ScopeId != 0)))
        {
            throw ApiRequestException.BadRequest($"ip \"{ip}\" is not an IP address");
        }
        IpPrefix? subnet = null;
        if (ecs is not null)
        {
            if (!IpPrefix.TryParse(ecs, out var parsed, out var problem))
            {
                throw ApiRequestException.BadRequest($"ecs \"{ecs}\" {problem}");
            }
            // A bare address stands for its network as a resolver would send it: /24 (IPv4) or /56 (IPv6).
            if (!ecs.Contains('/'))
            {
                var length = parsed.IsV6 ? 56 : 24;
                parsed = parsed with { Length = length, Network = parsed.Network & IpPrefix.Mask(length, parsed.MaxLength) };
            }
            subnet = parsed;
        }
        if (resolver is null && subnet is null) throw ApiRequestException.BadRequest("give the client as ?ip=<address> or ?ecs=<subnet>");
        if (name is not null && !DnsNames.IsInZone(DnsNames.Normalize(name), address.Zone))
        {
            throw ApiRequestException.BadRequest($"name {name} is not in zone {address.Zone}");
        }

        // The API loads the geo data in the background; the first explain after a start waits for it.
        var located = await geo.WhenLoaded(GeoLookupService.StartupWait, ct);
        var record = GrainOutcome.Value(await grains.GetGrain<IZoneGrain>(address.Zone).GetRecord(address.Domain, address.Type));
        ISteeringRandom random = seed is { } s ? new SeededRandom(s) : SharedRandom.Instance;
        var result = SteeringExplainer.Explain(record, geo, resolver, subnet, random, name is null ? null : DnsNames.Normalize(name));
        if (!located) result = result with { Notes = [.. result.Notes, "the API has no geo data loaded: the client's location and AS are unknown here (the edge may know them)"] };
        return Results.Json(result);
    }
}
