using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Vantage.Model;

namespace Vantage.EdgeDns.Wire;

/// <summary>RDATA in uncompressed wire form, with the offsets of the domain names inside it.</summary>
public sealed record EncodedRdata(byte[] Bytes, ImmutableArray<ushort> NameOffsets);

/// <summary>
/// Turns the presentation fields of an answer (as stored in <see cref="DnsAnswer.Rdata"/>) into wire RDATA.
/// Runs when a zone version is compiled, never per query.
/// </summary>
public static class RdataEncoder
{
    /// <summary>Type code for a mnemonic: the supported types, SOA, or RFC 3597 <c>TYPEnnn</c>; null when unknown.</summary>
    public static ushort? TypeCode(string mnemonic)
    {
        if (mnemonic == RecordTypes.SOA) return DnsType.SOA;
        if (RecordTypes.Supported.TryGetValue(mnemonic, out var code)) return code;
        if (mnemonic.StartsWith("TYPE", StringComparison.OrdinalIgnoreCase)
            && ushort.TryParse(mnemonic.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var generic)
            && generic != 0)
        {
            return generic;
        }
        return null;
    }

    /// <summary>Encodes one answer's fields for <paramref name="type"/>; null with a reason when they are invalid.</summary>
    public static EncodedRdata? Encode(ushort type, IReadOnlyList<string> fields, out string? error)
    {
        error = null;
        try
        {
            if (fields.Count >= 1 && fields[0] == "\\#")
            {
                var generic = Generic(fields, out error);
                if (generic is null) return null;
                var checkedRdata = RdataValidator.Check(type, generic.Bytes);
                if (checkedRdata is null) error = "generic RDATA does not match the format of type " + type.ToString(CultureInfo.InvariantCulture);
                return checkedRdata;
            }
            var result = type switch
            {
                DnsType.A => Address(fields, AddressFamily.InterNetwork),
                DnsType.AAAA => Address(fields, AddressFamily.InterNetworkV6),
                DnsType.NS or DnsType.CNAME or DnsType.PTR => NameOnly(fields),
                DnsType.MX => Mx(fields),
                DnsType.TXT or DnsType.SPF => Txt(fields),
                DnsType.SRV => Srv(fields),
                DnsType.CAA => Caa(fields),
                DnsType.NAPTR => Naptr(fields),
                DnsType.DS => Ds(fields),
                DnsType.SOA => Soa(fields),
                _ => null,
            };
            if (result is null) error = "invalid RDATA for type " + type.ToString(CultureInfo.InvariantCulture);
            else if (result.Bytes.Length > ushort.MaxValue) { error = "RDATA too long"; return null; }
            return result;
        }
        catch (FormatException e)
        {
            error = e.Message;
            return null;
        }
        catch (OverflowException e)
        {
            error = e.Message;
            return null;
        }
    }

    private static EncodedRdata? Address(IReadOnlyList<string> f, AddressFamily family)
    {
        if (f.Count != 1 || !IPAddress.TryParse(f[0], out var ip) || ip.AddressFamily != family) return null;
        return new EncodedRdata(ip.GetAddressBytes(), ImmutableArray<ushort>.Empty);
    }

    private static EncodedRdata? NameOnly(IReadOnlyList<string> f)
    {
        if (f.Count != 1) return null;
        var name = DnsNameCodec.Encode(f[0]);
        return name is null ? null : new EncodedRdata(name, ImmutableArray.Create((ushort)0));
    }

    private static EncodedRdata? Mx(IReadOnlyList<string> f)
    {
        if (f.Count != 2) return null;
        var name = DnsNameCodec.Encode(f[1]);
        if (name is null) return null;
        var b = new RdataBuilder();
        b.U16(ParseU16(f[0]));
        var at = b.Name(name);
        return b.Build(at);
    }

    private static EncodedRdata? Srv(IReadOnlyList<string> f)
    {
        if (f.Count != 4) return null;
        var name = DnsNameCodec.Encode(f[3]);
        if (name is null) return null;
        var b = new RdataBuilder();
        b.U16(ParseU16(f[0]));
        b.U16(ParseU16(f[1]));
        b.U16(ParseU16(f[2]));
        var at = b.Name(name);
        return b.Build(at);
    }

    private static EncodedRdata? Txt(IReadOnlyList<string> f)
    {
        if (f.Count == 0) return null;
        var b = new RdataBuilder();
        foreach (var field in f)
        {
            var bytes = Encoding.UTF8.GetBytes(field);
            if (bytes.Length == 0)
            {
                b.U8(0);
                continue;
            }
            for (var i = 0; i < bytes.Length; i += 255)
            {
                var chunk = bytes.AsSpan(i, Math.Min(255, bytes.Length - i));
                b.U8((byte)chunk.Length);
                b.Bytes(chunk);
            }
        }
        return b.Build();
    }

    private static EncodedRdata? Caa(IReadOnlyList<string> f)
    {
        if (f.Count != 3) return null;
        var tag = Encoding.ASCII.GetBytes(f[1]);
        if (tag.Length is 0 or > 255) return null;
        var b = new RdataBuilder();
        b.U8(ParseU8(f[0]));
        b.U8((byte)tag.Length);
        b.Bytes(tag);
        b.Bytes(Encoding.UTF8.GetBytes(f[2]));
        return b.Build();
    }

    private static EncodedRdata? Naptr(IReadOnlyList<string> f)
    {
        if (f.Count != 6) return null;
        var name = DnsNameCodec.Encode(f[5]);
        if (name is null) return null;
        var b = new RdataBuilder();
        b.U16(ParseU16(f[0]));
        b.U16(ParseU16(f[1]));
        for (var i = 2; i <= 4; i++)
        {
            var s = Encoding.UTF8.GetBytes(f[i]);
            if (s.Length > 255) return null;
            b.U8((byte)s.Length);
            b.Bytes(s);
        }
        var at = b.Name(name);
        return b.Build(at);
    }

    private static EncodedRdata? Ds(IReadOnlyList<string> f)
    {
        if (f.Count < 4) return null;
        var hex = string.Concat(f.Skip(3)).Replace(" ", "", StringComparison.Ordinal);
        if (hex.Length == 0 || hex.Length % 2 != 0) return null;
        var b = new RdataBuilder();
        b.U16(ParseU16(f[0]));
        b.U8(ParseU8(f[1]));
        b.U8(ParseU8(f[2]));
        b.Bytes(Convert.FromHexString(hex));
        return b.Build();
    }

    private static EncodedRdata? Soa(IReadOnlyList<string> f)
    {
        if (f.Count != 7) return null;
        var mname = DnsNameCodec.Encode(f[0]);
        var rname = DnsNameCodec.Encode(f[1]);
        if (mname is null || rname is null) return null;
        var b = new RdataBuilder();
        var m = b.Name(mname);
        var r = b.Name(rname);
        for (var i = 2; i < 7; i++) b.U32(uint.Parse(f[i], NumberStyles.None, CultureInfo.InvariantCulture));
        return b.Build(m, r);
    }

    /// <summary>RFC 3597 generic form: <c>\# length hex...</c>.</summary>
    private static EncodedRdata? Generic(IReadOnlyList<string> f, out string? error)
    {
        error = "invalid generic RDATA";
        if (f.Count < 2 || !int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var length)) return null;
        var hex = string.Concat(f.Skip(2)).Replace(" ", "", StringComparison.Ordinal);
        if (hex.Length != length * 2) return null;
        var bytes = Convert.FromHexString(hex);
        error = null;
        return new EncodedRdata(bytes, ImmutableArray<ushort>.Empty);
    }

    private static ushort ParseU16(string s) => ushort.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);

    private static byte ParseU8(string s) => byte.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);

    private sealed class RdataBuilder
    {
        private readonly List<byte> bytes = new(32);

        public void U8(byte v) => bytes.Add(v);

        public void U16(ushort v)
        {
            Span<byte> s = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(s, v);
            bytes.AddRange(s);
        }

        public void U32(uint v)
        {
            Span<byte> s = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(s, v);
            bytes.AddRange(s);
        }

        public void Bytes(ReadOnlySpan<byte> b) => bytes.AddRange(b);

        public ushort Name(byte[] wire)
        {
            var at = (ushort)bytes.Count;
            bytes.AddRange(wire);
            return at;
        }

        public EncodedRdata Build(params ushort[] nameOffsets) =>
            new(bytes.ToArray(), ImmutableArray.Create(nameOffsets));
    }
}
