namespace Vantage.Model;

/// <summary>DNS record types Vantage stores, with their IANA numbers.</summary>
public static class RecordTypes
{
    public const string A = "A";
    public const string NS = "NS";
    public const string CNAME = "CNAME";
    public const string SOA = "SOA";
    public const string PTR = "PTR";
    public const string MX = "MX";
    public const string TXT = "TXT";
    public const string AAAA = "AAAA";
    public const string SRV = "SRV";
    public const string NAPTR = "NAPTR";
    public const string DS = "DS";
    public const string SPF = "SPF";
    public const string CAA = "CAA";

    /// <summary>Types a client may create through the API or a zone file (SOA is generated from the zone).</summary>
    public static readonly IReadOnlyDictionary<string, ushort> Supported = new Dictionary<string, ushort>(StringComparer.Ordinal)
    {
        [A] = 1, [NS] = 2, [CNAME] = 5, [PTR] = 12, [MX] = 15, [TXT] = 16, [AAAA] = 28,
        [SRV] = 33, [NAPTR] = 35, [DS] = 43, [SPF] = 99, [CAA] = 257,
    };

    public static bool IsSupported(string type) => Supported.ContainsKey(type);

    public static ushort Code(string type) => type == SOA ? (ushort)6 : Supported[type];
}
