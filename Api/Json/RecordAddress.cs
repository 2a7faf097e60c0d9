using Vantage.Model;

namespace Vantage.Api.Json;

/// <summary>The zone, owner name and type a record URL names, normalised (lower-case names, upper-case type).</summary>
public sealed record RecordAddress(string Zone, string Domain, string Type)
{
    /// <summary>Normalises the URL parts; names with a leading or trailing dot are refused with 400.</summary>
    public static RecordAddress FromUrl(string zone, string domain, string type) =>
        new(UrlName("zone", zone), UrlName("domain", domain), type.Trim().ToUpperInvariant());

    /// <summary>A zone or domain from the URL: no leading or trailing dot (NS1's FQDN format), lower-cased.</summary>
    public static string UrlName(string what, string name)
    {
        var trimmed = name.Trim();
        if (trimmed.Length == 0) throw Json.ApiRequestException.BadRequest($"{what} is required");
        if (trimmed.StartsWith('.') || trimmed.EndsWith('.'))
            throw Json.ApiRequestException.BadRequest($"{what} \"{name}\" must not start or end with a dot");
        return DnsNames.Normalize(trimmed);
    }
}
