using Vantage.Model;

namespace Vantage.Validation;

/// <summary>
/// Validates zones and records. Each method returns null when the input is valid, otherwise one precise,
/// human-readable message (the API returns it as <c>{"message": ...}</c> with status 400).
/// </summary>
public static class RecordValidator
{
    /// <summary>Zone name: syntax, label ≤ 63 octets, name ≤ 255 octets, at least one label.</summary>
    public static string? ValidateZoneName(string zone) => throw new NotImplementedException();

    /// <summary>Zone settings ranges (TTLs, refresh/retry/expiry, hostmaster e-mail, dns servers, JSON members are objects).</summary>
    public static string? ValidateZone(ZoneSettings settings) => throw new NotImplementedException();

    /// <summary>
    /// One complete record (after a merge): owner inside the zone, type supported, TTL range, each answer's
    /// RDATA for its type, JSON members of the right JSON kind, link rules.
    /// </summary>
    public static string? ValidateRecord(DnsRecord record) => throw new NotImplementedException();

    /// <summary>
    /// Zone-wide rules for <paramref name="candidate"/> given the other record sets of the zone
    /// (keyed by <see cref="RecordKey"/>): no CNAME at the apex, no CNAME beside other data at the same name.
    /// </summary>
    public static string? ValidateCoexistence(IReadOnlyDictionary<string, DnsRecord> records, DnsRecord candidate) =>
        throw new NotImplementedException();
}
