namespace Vantage.Stats;

/// <summary>DNS response code mnemonics (RFC 1035, RFC 6891) as the stats and the metrics name them.</summary>
public static class RcodeNames
{
    private static readonly string[] Names = ["NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"];

    public static string Of(int rcode) => rcode < 0 ? "OTHER" : rcode < Names.Length ? Names[rcode] : rcode == 16 ? "BADVERS" : "RCODE" + rcode;
}
