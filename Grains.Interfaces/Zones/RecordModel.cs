using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Vantage.Model;

namespace Vantage.Zones;

/// <summary>
/// A compact binary form of one <see cref="DnsRecord"/>, kept by the edge instead of the record object graph (one
/// byte array instead of a dozen objects and strings): it is what the edge's disk snapshot and zone digest are made
/// of, and what a zone grain sends an edge reading the zone (<see cref="RecordModelPage"/>): encoding it is several
/// times cheaper than serializing the record. Fields holding their default are left out; records with feed data fall
/// back to JSON.
/// <code>
/// form u8 (1 = compact, 2 = JSON) | flags u16 | strings and numbers as flagged, strings as varint length + UTF-8
/// </code>
/// </summary>
public static class RecordModel
{
    private const byte Compact = 1;
    private const byte Json = 2;

    [Flags]
    private enum Has : ushort
    {
        None = 0,
        Meta = 1,
        Regions = 2,
        Filters = 4,
        NoClientSubnet = 8,
        OverrideTtl = 16,
        OverrideTtlValue = 32,
        Link = 64,
        Tier = 128,
        Networks = 256,
        Feeds = 512,
        Ttl = 1024,
        /// <summary>The zone name is the end of the domain: only its length is stored.</summary>
        ZoneIsSuffix = 2048,
        /// <summary>
        /// The zone is the one the model was encoded for, and only the part of the domain before it is stored (empty at
        /// the apex): such a model is decoded with its zone's name.
        /// </summary>
        Relative = 4096,
    }

    [Flags]
    private enum AnswerHas : byte
    {
        None = 0,
        RdataJson = 1,
        Meta = 2,
        Region = 4,
        /// <summary>The RDATA is one address in its canonical text form, stored as its 4 or 16 bytes.</summary>
        Address = 8,
    }

    private static readonly ImmutableArray<int> DefaultNetworks = [0];

    /// <summary>
    /// Encodes <paramref name="record"/>; when it belongs to <paramref name="zone"/> (the zone it is kept in), the
    /// domain is stored relative to it, and <see cref="Decode"/> must then be given that zone.
    /// </summary>
    public static byte[] Encode(DnsRecord record, string? zone = null)
    {
        if (!record.FeedData.IsEmpty) return [Json, .. JsonSerializer.SerializeToUtf8Bytes(record)];
        var w = new Writer();
        w.Byte(Compact);
        var has = Has.None;
        if (record.MetaJson != "{}") has |= Has.Meta;
        if (record.RegionsJson != "{}") has |= Has.Regions;
        if (record.FiltersJson != "[]") has |= Has.Filters;
        if (!record.UseClientSubnet) has |= Has.NoClientSubnet;
        if (record.OverrideTtl is { } o) has |= Has.OverrideTtl | (o ? Has.OverrideTtlValue : Has.None);
        if (record.Link is not null) has |= Has.Link;
        if (record.Tier != 1) has |= Has.Tier;
        if (record.Networks.IsDefault || record.Networks.Length != 1 || record.Networks[0] != 0) has |= Has.Networks;
        if (record.FeedsJson != "[]") has |= Has.Feeds;
        if (record.Ttl != ZoneDefaults.RecordTtl) has |= Has.Ttl;
        var zoneIsSuffix = record.Domain.EndsWith(record.Zone, StringComparison.Ordinal)
            && (record.Domain.Length == record.Zone.Length || record.Domain[^(record.Zone.Length + 1)] == '.');
        // Not for a domain with an empty first label (".zone"): its empty prefix would read back as the apex.
        var relative = zoneIsSuffix && zone is not null && string.Equals(zone, record.Zone, StringComparison.Ordinal)
            && record.Domain.Length != record.Zone.Length + 1;
        if (relative) has |= Has.Relative;
        else if (zoneIsSuffix) has |= Has.ZoneIsSuffix;
        w.UInt16((ushort)has);
        w.String(record.Id);
        if (relative) w.String(record.Domain.Length == record.Zone.Length ? "" : record.Domain[..^(record.Zone.Length + 1)]);
        else
        {
            if (zoneIsSuffix) w.Int(record.Zone.Length);
            else w.String(record.Zone);
            w.String(record.Domain);
        }
        w.String(record.Type);
        if (has.HasFlag(Has.Ttl)) w.Int(record.Ttl);
        if (has.HasFlag(Has.Meta)) w.String(record.MetaJson);
        if (has.HasFlag(Has.Regions)) w.String(record.RegionsJson);
        if (has.HasFlag(Has.Filters)) w.String(record.FiltersJson);
        if (has.HasFlag(Has.Link)) w.String(record.Link!);
        if (has.HasFlag(Has.Tier)) w.Int(record.Tier);
        if (has.HasFlag(Has.Networks))
        {
            w.Int(record.Networks.IsDefault ? -1 : record.Networks.Length);
            if (!record.Networks.IsDefault) foreach (var n in record.Networks) w.Int(n);
        }
        if (has.HasFlag(Has.Feeds)) w.String(record.FeedsJson);
        var answers = record.Answers.IsDefault ? [] : record.Answers;
        w.Int(answers.Length);
        foreach (var answer in answers)
        {
            var ah = AnswerHas.None;
            if (answer.RdataJson is not null) ah |= AnswerHas.RdataJson;
            if (answer.MetaJson is not null) ah |= AnswerHas.Meta;
            if (answer.Region is not null) ah |= AnswerHas.Region;
            var rdata = answer.Rdata.IsDefault ? [] : answer.Rdata;
            var address = rdata.Length == 1 ? CanonicalAddress(rdata[0]) : null;
            if (address is not null) ah |= AnswerHas.Address;
            w.Byte((byte)ah);
            w.String(answer.Id);
            if (address is not null) w.Bytes(address);
            else
            {
                w.Int(rdata.Length);
                foreach (var field in rdata) w.String(field);
            }
            if (ah.HasFlag(AnswerHas.RdataJson)) w.String(answer.RdataJson!);
            if (ah.HasFlag(AnswerHas.Meta)) w.String(answer.MetaJson!);
            if (ah.HasFlag(AnswerHas.Region)) w.String(answer.Region!);
        }
        return w.ToArray();
    }

    /// <summary>The bytes of <paramref name="text"/> when it is an IPv4 or IPv6 address written exactly as it is formatted back.</summary>
    private static byte[]? CanonicalAddress(string text)
    {
        if (text.Length is < 2 or > 45 || !System.Net.IPAddress.TryParse(text, out var address)) return null;
        if (address.AddressFamily is not (System.Net.Sockets.AddressFamily.InterNetwork or System.Net.Sockets.AddressFamily.InterNetworkV6)) return null;
        // IPv6 with IPv4 inside (mapped, compatible) is kept as text: how those are formatted has changed between runtimes.
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            && (address.ScopeId != 0 || address.IsIPv4MappedToIPv6 || address.GetAddressBytes().AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0)) return null;
        if (!string.Equals(address.ToString(), text, StringComparison.Ordinal)) return null;
        return address.GetAddressBytes();
    }

    /// <summary>
    /// Decodes a model. <paramref name="zone"/> is the zone the model was encoded for (see <see cref="Encode"/>);
    /// models stored relative to their zone cannot be decoded without it.
    /// </summary>
    public static DnsRecord Decode(ReadOnlySpan<byte> model, string? zone = null)
    {
        if (model.Length == 0) throw new FormatException("empty record model");
        if (model[0] == Json) return JsonSerializer.Deserialize<DnsRecord>(model[1..]) ?? throw new FormatException("null record");
        if (model[0] != Compact) throw new FormatException("unknown record model form " + model[0]);
        var r = new Reader(model[1..]);
        var has = (Has)r.UInt16();
        var id = r.String();
        var domain = ReadDomain(ref r, has, ref zone);
        var type = r.String();
        var ttl = has.HasFlag(Has.Ttl) ? r.Int() : ZoneDefaults.RecordTtl;
        var meta = has.HasFlag(Has.Meta) ? r.String() : "{}";
        var regions = has.HasFlag(Has.Regions) ? r.String() : "{}";
        var filters = has.HasFlag(Has.Filters) ? r.String() : "[]";
        var link = has.HasFlag(Has.Link) ? r.String() : null;
        var tier = has.HasFlag(Has.Tier) ? r.Int() : 1;
        var networks = DefaultNetworks;
        if (has.HasFlag(Has.Networks))
        {
            var n = r.Int();
            if (n < 0) networks = default;
            else
            {
                var builder = ImmutableArray.CreateBuilder<int>(n);
                for (var i = 0; i < n; i++) builder.Add(r.Int());
                networks = builder.MoveToImmutable();
            }
        }
        var feeds = has.HasFlag(Has.Feeds) ? r.String() : "[]";
        var count = r.Int();
        var answers = ImmutableArray.CreateBuilder<DnsAnswer>(count);
        for (var i = 0; i < count; i++)
        {
            var ah = (AnswerHas)r.Byte();
            var answerId = r.String();
            ImmutableArray<string> rdata;
            if (ah.HasFlag(AnswerHas.Address)) rdata = [new System.Net.IPAddress(r.Bytes()).ToString()];
            else
            {
                var fields = r.Int();
                var builder = ImmutableArray.CreateBuilder<string>(fields);
                for (var f = 0; f < fields; f++) builder.Add(r.String());
                rdata = builder.MoveToImmutable();
            }
            answers.Add(new DnsAnswer
            {
                Id = answerId,
                Rdata = rdata,
                RdataJson = ah.HasFlag(AnswerHas.RdataJson) ? r.String() : null,
                MetaJson = ah.HasFlag(AnswerHas.Meta) ? r.String() : null,
                Region = ah.HasFlag(AnswerHas.Region) ? r.String() : null,
            });
        }
        return new DnsRecord
        {
            Id = id,
            Zone = zone!,
            Domain = domain,
            Type = type,
            Ttl = ttl,
            Answers = answers.MoveToImmutable(),
            MetaJson = meta,
            RegionsJson = regions,
            FiltersJson = filters,
            UseClientSubnet = !has.HasFlag(Has.NoClientSubnet),
            OverrideTtl = has.HasFlag(Has.OverrideTtl) ? has.HasFlag(Has.OverrideTtlValue) : null,
            Link = link,
            Tier = tier,
            Networks = networks,
            FeedsJson = feeds,
        };
    }

    /// <summary>The record's key (<c>domain/TYPE</c>) read from its model without decoding the rest.</summary>
    public static string KeyOf(ReadOnlySpan<byte> model, string? zone = null)
    {
        if (model[0] == Json) return Decode(model).Key;
        var r = new Reader(model[1..]);
        var has = (Has)r.UInt16();
        r.Skip();
        var domain = ReadDomain(ref r, has, ref zone);
        return RecordKey.Of(domain, r.String());
    }

    /// <summary>
    /// Reads the zone and domain fields: relative to <paramref name="zone"/> (which must then be given), or stored whole
    /// with the zone's length or the zone itself; <paramref name="zone"/> is set to the record's zone.
    /// </summary>
    private static string ReadDomain(ref Reader r, Has has, ref string? zone)
    {
        if (has.HasFlag(Has.Relative))
        {
            if (zone is null) throw new FormatException("the record is stored relative to its zone, which was not given");
            var prefix = r.String();
            return prefix.Length == 0 ? zone : prefix + "." + zone;
        }
        var zoneLength = has.HasFlag(Has.ZoneIsSuffix) ? r.Int() : -1;
        var stored = zoneLength < 0 ? r.String() : null;
        var domain = r.String();
        zone = stored ?? domain[(domain.Length - zoneLength)..];
        return domain;
    }

    private sealed class Writer
    {
        private byte[] buffer = new byte[128];
        private int length;

        public void Byte(byte b)
        {
            Ensure(1);
            buffer[length++] = b;
        }

        public void UInt16(ushort v)
        {
            Ensure(2);
            buffer[length++] = (byte)v;
            buffer[length++] = (byte)(v >> 8);
        }

        public void Int(int v) => VarUInt(unchecked((uint)((v << 1) ^ (v >> 31))));

        /// <summary>Length &lt;&lt; 1, then UTF-8; or (bytes &lt;&lt; 1) | 1, then the bytes of a lower-case hex string (ids).</summary>
        public void String(string s)
        {
            if (IsLowerHex(s))
            {
                VarUInt((uint)(s.Length / 2) << 1 | 1);
                Ensure(s.Length / 2);
                Convert.FromHexString(s, buffer.AsSpan(length), out _, out var written);
                length += written;
                return;
            }
            var n = Encoding.UTF8.GetByteCount(s);
            VarUInt((uint)n << 1);
            Ensure(n);
            length += Encoding.UTF8.GetBytes(s, buffer.AsSpan(length));
        }

        private static bool IsLowerHex(string s)
        {
            if (s.Length == 0 || s.Length % 2 != 0 || s.Length > 256) return false;
            foreach (var c in s)
            {
                if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f')) return false;
            }
            return true;
        }

        /// <summary>A length byte, then the bytes (at most 255).</summary>
        public void Bytes(byte[] bytes)
        {
            Ensure(1 + bytes.Length);
            buffer[length++] = (byte)bytes.Length;
            bytes.CopyTo(buffer, length);
            length += bytes.Length;
        }

        public byte[] ToArray() => buffer.AsSpan(0, length).ToArray();

        private void VarUInt(uint v)
        {
            Ensure(5);
            while (v >= 0x80)
            {
                buffer[length++] = (byte)(v | 0x80);
                v >>= 7;
            }
            buffer[length++] = (byte)v;
        }

        private void Ensure(int n)
        {
            if (length + n <= buffer.Length) return;
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + n));
        }
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> data = data;
        private int at;

        public byte Byte() => data[at++];

        public ushort UInt16()
        {
            var v = (ushort)(data[at] | (data[at + 1] << 8));
            at += 2;
            return v;
        }

        public int Int()
        {
            var u = VarUInt();
            return (int)(u >> 1) ^ -(int)(u & 1);
        }

        public string String()
        {
            var v = VarUInt();
            var n = (int)(v >> 1);
            var s = (v & 1) == 1 ? Convert.ToHexStringLower(data.Slice(at, n)) : Encoding.UTF8.GetString(data.Slice(at, n));
            at += n;
            return s;
        }

        public ReadOnlySpan<byte> Bytes()
        {
            var n = data[at++];
            var bytes = data.Slice(at, n);
            at += n;
            return bytes;
        }

        public void Skip()
        {
            var n = (int)(VarUInt() >> 1);
            at += n;
        }

        private uint VarUInt()
        {
            uint v = 0;
            var s = 0;
            while (true)
            {
                var b = data[at++];
                v |= (uint)(b & 0x7F) << s;
                if (b < 0x80) return v;
                s += 7;
                if (s > 28) throw new FormatException("varint too long");
            }
        }
    }
}
