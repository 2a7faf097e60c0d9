using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;

namespace Vantage.Tests.Dns;

/// <summary>EDNS parameters of a test query.</summary>
public sealed record EdnsSpec(ushort PayloadSize = 1232, byte Version = 0, bool DnssecOk = false, ushort ExtraFlags = 0, byte[]? Options = null);

/// <summary>An independent, minimal DNS message builder for tests (does not use the server's wire code).</summary>
public static class TestQuery
{
    public const ushort RD = 0x0100;

    public static byte[] Build(string name, ushort type, ushort id = 0x1234, ushort flags = RD, ushort qclass = 1, EdnsSpec? edns = null)
    {
        var m = new List<byte>();
        U16(m, id);
        U16(m, flags);
        U16(m, 1);
        U16(m, 0);
        U16(m, 0);
        U16(m, (ushort)(edns is null ? 0 : 1));
        m.AddRange(EncodeName(name));
        U16(m, type);
        U16(m, qclass);
        if (edns is not null) m.AddRange(Opt(edns));
        return m.ToArray();
    }

    public static byte[] Opt(EdnsSpec edns)
    {
        var m = new List<byte> { 0 };
        U16(m, 41);
        U16(m, edns.PayloadSize);
        m.Add(0);
        m.Add(edns.Version);
        U16(m, (ushort)((edns.DnssecOk ? 0x8000 : 0) | edns.ExtraFlags));
        var options = edns.Options ?? [];
        U16(m, (ushort)options.Length);
        m.AddRange(options);
        return m.ToArray();
    }

    /// <summary>An EDNS Client Subnet option (RFC 7871) for <paramref name="subnet"/>, e.g. "198.51.100.0/24".</summary>
    public static byte[] ClientSubnet(string subnet, int scope = 0)
    {
        var slash = subnet.IndexOf('/');
        var address = System.Net.IPAddress.Parse(subnet[..slash]).GetAddressBytes();
        var source = int.Parse(subnet[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        return ClientSubnetRaw(address.Length == 4 ? 1 : 2, source, scope, address[..((source + 7) / 8)]);
    }

    /// <summary>An ECS option with exactly the given fields (for malformed cases).</summary>
    public static byte[] ClientSubnetRaw(int family, int source, int scope, byte[] address)
    {
        var m = new List<byte>();
        U16(m, 8);
        U16(m, (ushort)(4 + address.Length));
        U16(m, (ushort)family);
        m.Add((byte)source);
        m.Add((byte)scope);
        m.AddRange(address);
        return m.ToArray();
    }

    /// <summary>Wire name preserving case; "." or "" is the root.</summary>
    /// <summary>A COOKIE option (RFC 7873): the client cookie, then the server cookie when given.</summary>
    public static byte[] Cookie(byte[] clientCookie, byte[]? serverCookie = null)
    {
        var m = new List<byte>();
        U16(m, 10);
        U16(m, (ushort)(clientCookie.Length + (serverCookie?.Length ?? 0)));
        m.AddRange(clientCookie);
        if (serverCookie is not null) m.AddRange(serverCookie);
        return m.ToArray();
    }

    public static byte[] EncodeName(string name)
    {
        var m = new List<byte>();
        foreach (var label in name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bytes = Encoding.ASCII.GetBytes(label);
            m.Add((byte)bytes.Length);
            m.AddRange(bytes);
        }
        m.Add(0);
        return m.ToArray();
    }

    public static void U16(List<byte> m, ushort v)
    {
        m.Add((byte)(v >> 8));
        m.Add((byte)v);
    }
}

public sealed record DnsRr(string Name, ushort Type, ushort Class, uint Ttl, string Data)
{
    public override string ToString() => $"{Name} {Ttl} {TestResponse.TypeName(Type)} {Data}";
}

/// <summary>A parsed response. Parsing throws <see cref="FormatException"/> on anything malformed.</summary>
public sealed class TestResponse
{
    public ushort Id { get; private init; }
    public ushort Flags { get; private init; }
    public int Rcode => Flags & 0xF;
    public int Opcode => (Flags >> 11) & 0xF;
    public bool QR => (Flags & 0x8000) != 0;
    public bool AA => (Flags & 0x0400) != 0;
    public bool TC => (Flags & 0x0200) != 0;
    public bool RD => (Flags & 0x0100) != 0;
    public int QdCount { get; private init; }
    public string? QuestionName { get; private init; }
    public byte[]? QuestionNameBytes { get; private init; }
    public ushort QuestionType { get; private init; }
    public List<DnsRr> Answers { get; } = [];
    public List<DnsRr> Authority { get; } = [];
    /// <summary>Additional records except OPT.</summary>
    public List<DnsRr> Additional { get; } = [];
    public bool HasOpt { get; private set; }
    public ushort OptPayload { get; private set; }
    public int OptExtendedRcode { get; private set; }
    public int OptVersion { get; private set; }
    public ushort OptFlags { get; private set; }
    public int OptRdataLength { get; private set; }
    /// <summary>The OPT record's options (RDATA), raw.</summary>
    public byte[] OptOptions { get; private set; } = [];

    /// <summary>The EDNS Client Subnet option of the response: family, source, scope and address bytes; null when absent.</summary>
    public (int Family, int Source, int Scope, byte[] Address)? ClientSubnet
    {
        get
        {
            var o = OptOptions;
            for (var i = 0; i + 4 <= o.Length;)
            {
                var code = (o[i] << 8) | o[i + 1];
                var len = (o[i + 2] << 8) | o[i + 3];
                if (code == 8 && len >= 4) return (((o[i + 4] << 8) | o[i + 5]), o[i + 6], o[i + 7], o[(i + 8)..(i + 4 + len)]);
                i += 4 + len;
            }
            return null;
        }
    }
    /// <summary>The data of the response's EDNS option <paramref name="code"/>; null when absent.</summary>
    public byte[]? Option(int code)
    {
        var o = OptOptions;
        for (var i = 0; i + 4 <= o.Length;)
        {
            var len = (o[i + 2] << 8) | o[i + 3];
            if (((o[i] << 8) | o[i + 1]) == code) return o[(i + 4)..(i + 4 + len)];
            i += 4 + len;
        }
        return null;
    }

    public int OptCount { get; private set; }
    public int Length { get; private init; }

    public int ExtendedRcode => (OptExtendedRcode << 4) | Rcode;

    public static TestResponse Parse(ReadOnlySpan<byte> m)
    {
        if (m.Length < 12) throw new FormatException("short header");
        var qd = BinaryPrimitives.ReadUInt16BigEndian(m[4..]);
        var an = BinaryPrimitives.ReadUInt16BigEndian(m[6..]);
        var ns = BinaryPrimitives.ReadUInt16BigEndian(m[8..]);
        var ar = BinaryPrimitives.ReadUInt16BigEndian(m[10..]);
        var pos = 12;
        string? qname = null;
        byte[]? qbytes = null;
        ushort qtype = 0;
        for (var i = 0; i < qd; i++)
        {
            var start = pos;
            qname = ReadName(m, ref pos);
            qbytes = m[start..pos].ToArray();
            Need(m, pos, 4);
            qtype = BinaryPrimitives.ReadUInt16BigEndian(m[pos..]);
            pos += 4;
        }
        var r = new TestResponse
        {
            Id = BinaryPrimitives.ReadUInt16BigEndian(m),
            Flags = BinaryPrimitives.ReadUInt16BigEndian(m[2..]),
            QdCount = qd,
            QuestionName = qname,
            QuestionNameBytes = qbytes,
            QuestionType = qtype,
            Length = m.Length,
        };
        for (var i = 0; i < an; i++) r.Answers.Add(ReadRr(m, ref pos, r));
        for (var i = 0; i < ns; i++) r.Authority.Add(ReadRr(m, ref pos, r));
        for (var i = 0; i < ar; i++)
        {
            var rr = ReadRr(m, ref pos, r);
            if (rr.Type != 41) r.Additional.Add(rr);
        }
        if (pos != m.Length) throw new FormatException("trailing bytes");
        return r;
    }

    private static DnsRr ReadRr(ReadOnlySpan<byte> m, ref int pos, TestResponse r)
    {
        var name = ReadName(m, ref pos);
        Need(m, pos, 10);
        var type = BinaryPrimitives.ReadUInt16BigEndian(m[pos..]);
        var cls = BinaryPrimitives.ReadUInt16BigEndian(m[(pos + 2)..]);
        var ttl = BinaryPrimitives.ReadUInt32BigEndian(m[(pos + 4)..]);
        var len = BinaryPrimitives.ReadUInt16BigEndian(m[(pos + 8)..]);
        pos += 10;
        Need(m, pos, len);
        var end = pos + len;
        string data;
        if (type == 41)
        {
            if (name != ".") throw new FormatException("OPT owner not root");
            r.HasOpt = true;
            r.OptCount++;
            r.OptPayload = cls;
            r.OptExtendedRcode = (int)(ttl >> 24);
            r.OptVersion = (int)((ttl >> 16) & 0xFF);
            r.OptFlags = (ushort)ttl;
            r.OptRdataLength = len;
            r.OptOptions = m.Slice(pos, len).ToArray();
            data = "";
        }
        else
        {
            data = ReadRdata(m, pos, end, type);
        }
        pos = end;
        return new DnsRr(name, type, cls, ttl, data);
    }

    private static string ReadRdata(ReadOnlySpan<byte> m, int pos, int end, ushort type)
    {
        var p = pos;
        string result;
        switch (type)
        {
            case 1:
                if (end - pos != 4) throw new FormatException("A length");
                result = new IPAddress(m[pos..end]).ToString();
                p = end;
                break;
            case 28:
                if (end - pos != 16) throw new FormatException("AAAA length");
                result = new IPAddress(m[pos..end]).ToString();
                p = end;
                break;
            case 2 or 5 or 12:
                result = ReadName(m, ref p);
                break;
            case 15:
                Need(m, p, 2);
                var pref = BinaryPrimitives.ReadUInt16BigEndian(m[p..]);
                p += 2;
                result = pref.ToString(CultureInfo.InvariantCulture) + " " + ReadName(m, ref p);
                break;
            case 6:
                var mname = ReadName(m, ref p);
                var rname = ReadName(m, ref p);
                Need(m, p, 20);
                var nums = new string[5];
                for (var i = 0; i < 5; i++) nums[i] = BinaryPrimitives.ReadUInt32BigEndian(m[(p + 4 * i)..]).ToString(CultureInfo.InvariantCulture);
                p += 20;
                result = mname + " " + rname + " " + string.Join(' ', nums);
                break;
            case 16 or 99:
                var strings = new List<string>();
                while (p < end)
                {
                    var l = m[p];
                    Need(m, p + 1, l);
                    strings.Add("\"" + Encoding.UTF8.GetString(m.Slice(p + 1, l)) + "\"");
                    p += 1 + l;
                }
                result = string.Join(' ', strings);
                break;
            case 33:
                Need(m, p, 6);
                var srv = $"{BinaryPrimitives.ReadUInt16BigEndian(m[p..])} {BinaryPrimitives.ReadUInt16BigEndian(m[(p + 2)..])} {BinaryPrimitives.ReadUInt16BigEndian(m[(p + 4)..])}";
                p += 6;
                result = srv + " " + ReadName(m, ref p);
                break;
            case 257:
                Need(m, p, 2);
                var flags = m[p];
                var tagLen = m[p + 1];
                Need(m, p + 2, tagLen);
                var tag = Encoding.ASCII.GetString(m.Slice(p + 2, tagLen));
                var value = Encoding.UTF8.GetString(m[(p + 2 + tagLen)..end]);
                result = $"{flags} {tag} \"{value}\"";
                p = end;
                break;
            case 35:
                Need(m, p, 4);
                var parts = new List<string>
                {
                    BinaryPrimitives.ReadUInt16BigEndian(m[p..]).ToString(CultureInfo.InvariantCulture),
                    BinaryPrimitives.ReadUInt16BigEndian(m[(p + 2)..]).ToString(CultureInfo.InvariantCulture),
                };
                p += 4;
                for (var i = 0; i < 3; i++)
                {
                    var l = m[p];
                    Need(m, p + 1, l);
                    parts.Add("\"" + Encoding.UTF8.GetString(m.Slice(p + 1, l)) + "\"");
                    p += 1 + l;
                }
                parts.Add(ReadName(m, ref p));
                result = string.Join(' ', parts);
                break;
            case 43:
                Need(m, p, 4);
                result = $"{BinaryPrimitives.ReadUInt16BigEndian(m[p..])} {m[p + 2]} {m[p + 3]} {Convert.ToHexString(m[(p + 4)..end])}";
                p = end;
                break;
            default:
                result = "\\# " + (end - pos).ToString(CultureInfo.InvariantCulture) + " " + Convert.ToHexString(m[pos..end]).ToLowerInvariant();
                p = end;
                break;
        }
        if (p != end) throw new FormatException($"RDATA length mismatch for type {type}");
        return result;
    }

    /// <summary>Reads a possibly compressed name; pointers must point strictly backwards.</summary>
    public static string ReadName(ReadOnlySpan<byte> m, ref int pos)
    {
        var sb = new StringBuilder();
        var p = pos;
        var jumped = false;
        var total = 0;
        var limit = pos;
        while (true)
        {
            Need(m, p, 1);
            int len = m[p];
            if ((len & 0xC0) == 0xC0)
            {
                Need(m, p, 2);
                var target = ((len & 0x3F) << 8) | m[p + 1];
                if (target >= limit) throw new FormatException("forward or self pointer");
                if (!jumped) pos = p + 2;
                jumped = true;
                limit = target;
                p = target;
                continue;
            }
            if ((len & 0xC0) != 0) throw new FormatException("bad label type");
            if (len == 0)
            {
                if (!jumped) pos = p + 1;
                break;
            }
            Need(m, p + 1, len);
            total += len + 1;
            if (total > 254) throw new FormatException("name too long");
            sb.Append(Encoding.ASCII.GetString(m.Slice(p + 1, len))).Append('.');
            p += len + 1;
        }
        return sb.Length == 0 ? "." : sb.ToString();
    }

    public static string TypeName(ushort type) => type switch
    {
        1 => "A", 2 => "NS", 5 => "CNAME", 6 => "SOA", 12 => "PTR", 15 => "MX", 16 => "TXT", 28 => "AAAA",
        33 => "SRV", 35 => "NAPTR", 41 => "OPT", 43 => "DS", 99 => "SPF", 257 => "CAA",
        _ => "TYPE" + type.ToString(CultureInfo.InvariantCulture),
    };

    private static void Need(ReadOnlySpan<byte> m, int pos, int count)
    {
        if (pos < 0 || pos + count > m.Length) throw new FormatException("truncated message");
    }
}
