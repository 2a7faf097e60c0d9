using System.Text.Json;
using Vantage.Model;

namespace Vantage.Api.Json;

/// <summary>
/// Turns an NS1 zone body into a <see cref="ZonePatch"/>. Read-only members (<c>id</c>, <c>dns_servers</c>,
/// <c>network_pools</c>, <c>records</c>, <c>serial</c>) and unknown members are ignored, so a client may
/// send back the object it read. <c>"link": null</c> removes a link.
/// </summary>
public static class ZoneRequest
{
    public static ZonePatch Parse(JsonElement body, string zone)
    {
        JsonFields.MustMatchName(body, "zone", zone);
        return new ZonePatch
        {
            Ttl = JsonFields.Int(body, "ttl"),
            NxTtl = JsonFields.Int(body, "nx_ttl"),
            Refresh = JsonFields.Int(body, "refresh"),
            Retry = JsonFields.Int(body, "retry"),
            Expiry = JsonFields.Int(body, "expiry"),
            Hostmaster = JsonFields.String(body, "hostmaster"),
            PrimaryJson = JsonFields.Raw(body, "primary", JsonValueKind.Object, ZoneDefaults.PrimaryJson),
            SecondaryJson = JsonFields.Raw(body, "secondary", JsonValueKind.Object, whenNull: null),
            MetaJson = JsonFields.Raw(body, "meta", JsonValueKind.Object, "{}"),
            Networks = JsonFields.IntArray(body, "networks"),
            Link = JsonFields.String(body, "link", whenNull: "") is { } link ? (link.Length == 0 ? "" : DnsNames.Normalize(link)) : null,
            PrimaryMaster = JsonFields.String(body, "primary_master"),
        };
    }
}
