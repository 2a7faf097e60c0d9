using System.Collections.Immutable;
using Vantage.Events;
using Vantage.Model;

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
    public static ZoneFileParseResult Parse(string text, string zone) => throw new NotImplementedException();
}

public static class ZoneFileWriter
{
    /// <summary>Writes the zone (SOA first, then every record set) as a BIND master file with absolute names.</summary>
    public static string Write(ZoneSnapshot snapshot) => throw new NotImplementedException();
}
