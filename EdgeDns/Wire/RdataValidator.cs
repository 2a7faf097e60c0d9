using System.Collections.Immutable;

namespace Vantage.EdgeDns.Wire;

/// <summary>
/// Checks RDATA given in RFC 3597 generic form (<c>\# length hex</c>) against the format of its own type, when
/// the type is one the edge knows: a wrong length or a malformed name inside is rejected when the zone version
/// is compiled, so nothing the cluster sends can make the compiler or a query (CNAME chase, glue, compression)
/// throw. Names are located so they can be pointed at like the presentation form's.
/// </summary>
public static class RdataValidator
{
    public static EncodedRdata? Check(ushort type, byte[] rdata)
    {
        ReadOnlySpan<byte> r = rdata;
        switch (type)
        {
            case DnsType.A:
                return r.Length == 4 ? Plain(rdata) : null;
            case DnsType.AAAA:
                return r.Length == 16 ? Plain(rdata) : null;
            case DnsType.NS or DnsType.CNAME or DnsType.PTR:
                return NameLength(r) == r.Length ? Named(rdata, 0) : null;
            case DnsType.MX:
                return r.Length > 2 && 2 + NameLength(r[2..]) == r.Length ? Named(rdata, 2) : null;
            case DnsType.SRV:
                return r.Length > 6 && 6 + NameLength(r[6..]) == r.Length ? Named(rdata, 6) : null;
            case DnsType.SOA:
            {
                var m = NameLength(r);
                if (m <= 0) return null;
                var n = NameLength(r[m..]);
                return n > 0 && m + n + 20 == r.Length ? Named(rdata, 0, (ushort)m) : null;
            }
            case DnsType.TXT or DnsType.SPF:
                return r.Length > 0 && StringsEnd(r, 0, int.MaxValue) == r.Length ? Plain(rdata) : null;
            case DnsType.CAA:
                return r.Length >= 2 && r[1] > 0 && 2 + r[1] <= r.Length ? Plain(rdata) : null;
            case DnsType.DS:
                return r.Length > 4 ? Plain(rdata) : null;
            case DnsType.NAPTR:
            {
                if (r.Length < 4) return null;
                var end = StringsEnd(r, 4, 3);
                return end > 0 && end + NameLength(r[end..]) == r.Length && NameLength(r[end..]) > 0 ? Named(rdata, (ushort)end) : null;
            }
            default:
                return Plain(rdata);
        }
    }

    /// <summary>Length of the uncompressed wire name at the start of <paramref name="wire"/>; -1 when malformed.</summary>
    public static int NameLength(ReadOnlySpan<byte> wire)
    {
        var at = 0;
        while (true)
        {
            if (at >= wire.Length || at >= DnsLimits.MaxNameLength) return -1;
            int len = wire[at];
            if (len == 0) return at + 1;
            if (len > DnsLimits.MaxLabelLength) return -1;
            at += len + 1;
        }
    }

    /// <summary>Where <paramref name="count"/> character-strings from <paramref name="from"/> end; -1 when one overruns.</summary>
    private static int StringsEnd(ReadOnlySpan<byte> r, int from, int count)
    {
        var at = from;
        for (var i = 0; i < count && at < r.Length; i++)
        {
            at += 1 + r[at];
            if (at > r.Length) return -1;
        }
        return at;
    }

    private static EncodedRdata Plain(byte[] rdata) => new(rdata, ImmutableArray<ushort>.Empty);

    private static EncodedRdata Named(byte[] rdata, params ushort[] offsets) => new(rdata, ImmutableArray.Create(offsets));
}
