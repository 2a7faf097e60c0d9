using System.Collections.Immutable;
using System.Globalization;

namespace Vantage.Model;

/// <summary>The SOA record NS1 generates from a zone's settings.</summary>
public static class Soa
{
    /// <summary>Name of the primary server: the first of <see cref="ZoneSettings.DnsServers"/>, else <c>ns1.&lt;zone&gt;</c>.</summary>
    public static string PrimaryServer(ZoneSettings zone) =>
        zone.DnsServers.IsDefaultOrEmpty ? "ns1." + zone.Name : zone.DnsServers[0];

    /// <summary>Hostmaster e-mail as an SOA RNAME: the local part's dots escaped, '@' becomes '.'.</summary>
    public static string ResponsibleName(ZoneSettings zone)
    {
        var at = zone.Hostmaster.IndexOf('@');
        if (at < 0) return zone.Hostmaster;
        var local = zone.Hostmaster[..at].Replace(".", "\\.", StringComparison.Ordinal);
        return local + "." + zone.Hostmaster[(at + 1)..];
    }

    /// <summary>SOA RDATA fields in presentation order: mname, rname, serial, refresh, retry, expire, minimum (= nx_ttl).</summary>
    public static ImmutableArray<string> Rdata(ZoneSettings zone) => ImmutableArray.Create(
        PrimaryServer(zone),
        ResponsibleName(zone),
        zone.Serial.ToString(CultureInfo.InvariantCulture),
        zone.Refresh.ToString(CultureInfo.InvariantCulture),
        zone.Retry.ToString(CultureInfo.InvariantCulture),
        zone.Expiry.ToString(CultureInfo.InvariantCulture),
        zone.NxTtl.ToString(CultureInfo.InvariantCulture));
}
