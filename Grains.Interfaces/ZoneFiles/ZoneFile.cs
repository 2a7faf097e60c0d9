using System.Collections.Immutable;
using Vantage.Model;
using Vantage.Validation;

namespace Vantage.ZoneFiles;

/// <summary>Result of parsing a BIND master file: the zone settings from its SOA and the record sets, or the first error.</summary>
public sealed record ZoneFileParseResult
{
    /// <summary>Settings taken from the SOA (ttl, nx_ttl from MINIMUM, refresh, retry, expiry, serial, hostmaster) and apex NS.</summary>
    public ZonePatch Settings { get; init; } = new();
    /// <summary>Record sets grouped by owner and type (SOA excluded), names lower-cased, ids assigned.</summary>
    public ImmutableArray<DnsRecord> Records { get; init; } = ImmutableArray<DnsRecord>.Empty;
    /// <summary>First error, as "line N: what is wrong"; null when the file parsed.</summary>
    public string? Error { get; init; }
    public int? ErrorLine { get; init; }
}

public static class ZoneFileParser
{
    /// <summary>
    /// Parses RFC 1035 master-file text for <paramref name="zone"/>: $ORIGIN, $TTL, $INCLUDE refused,
    /// parentheses, relative names, @, comments, quoted strings with escapes, omitted owner/TTL/class.
    /// Any bad line rejects the whole file.
    /// </summary>
    /// <remarks>
    /// Without an explicit TTL a record takes $TTL, else the SOA MINIMUM (RFC 2308 §4), else the last
    /// explicit TTL. The SOA becomes <see cref="ZoneFileParseResult.Settings"/> (its TTL, MINIMUM as nx_ttl,
    /// timers, serial, RNAME as an e-mail); the apex NS targets become the dns servers, SOA MNAME first.
    /// A record set takes the smallest TTL of its RRs. TXT/SPF fields hold the unescaped text; a string of
    /// exactly 255 octets followed by another string of the same RR is joined with it (the wire form of one
    /// longer field). An invalid <paramref name="zone"/> gives an error without a line.
    /// </remarks>
    public static ZoneFileParseResult Parse(string text, string zone)
    {
        var name = DnsNames.Normalize(zone ?? string.Empty);
        var zoneProblem = RecordValidator.ValidateZoneName(name);
        if (zoneProblem is not null) return new ZoneFileParseResult { Error = zoneProblem };
        return ZoneFileReader.Read(text ?? string.Empty, name);
    }
}
