using System.Buffers.Binary;
using Vantage.Steering.Geo;

namespace Vantage.Steering.Engine;

/// <summary>
/// Who is asking: the resolver's address, or the EDNS Client Subnet it forwarded (RFC 7871), plus what the
/// geo and ASN data say about that address. Filled once per query, before the chain runs.
/// </summary>
public struct SteeringClient
{
    /// <summary>The address as a number (IPv4 in the low 32 bits).</summary>
    public UInt128 Number;

    /// <summary>4 or 16; 0 when the address is not known (then every client-dependent filter is a no-op).</summary>
    public int AddressLength;

    /// <summary>Bits of the address that are meaningful: the ECS source prefix, or 32/128 for a resolver address.</summary>
    public int PrefixLength;

    /// <summary>True when the address came from an ECS option.</summary>
    public bool FromSubnet;

    public GeoLocation Geo;

    /// <summary>0 when unknown.</summary>
    public uint Asn;

    /// <summary>Writes the address (4 or 16 bytes) into <paramref name="destination"/> and returns that slice.</summary>
    public readonly Span<byte> WriteAddress(Span<byte> destination)
    {
        if (AddressLength == 4) BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)Number);
        else if (AddressLength == 16) BinaryPrimitives.WriteUInt128BigEndian(destination, Number);
        return destination[..AddressLength];
    }

    public readonly bool IsV6 => AddressLength == 16;

    public static SteeringClient From(ReadOnlySpan<byte> bytes, int prefixLength, bool fromSubnet)
    {
        var client = new SteeringClient();
        if (bytes.Length is not (4 or 16)) return client;
        // An IPv4-mapped IPv6 socket address is an IPv4 client. An ECS subnet keeps its family: the scope echoed
        // must be in that family (the geo lookup maps ::ffff:0:0/96 to the IPv4 data itself).
        if (bytes.Length == 16 && !fromSubnet && IsV4Mapped(bytes))
        {
            bytes = bytes[12..];
            prefixLength = Math.Max(0, prefixLength - 96);
        }
        client.Number = Traffic.IpPrefix.ToNumber(bytes);
        client.AddressLength = bytes.Length;
        client.PrefixLength = Math.Clamp(prefixLength, 0, bytes.Length * 8);
        client.FromSubnet = fromSubnet;
        return client;
    }

    /// <summary>A client from an address given as a number (IPv4 in the low 32 bits).</summary>
    public static SteeringClient FromNumber(bool isV6, UInt128 number, int prefixLength, bool fromSubnet)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (isV6) BinaryPrimitives.WriteUInt128BigEndian(bytes, number);
        else BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)number);
        return From(bytes[..(isV6 ? 16 : 4)], prefixLength, fromSubnet);
    }

    /// <summary>Looks the address up once (only what the chain needs).</summary>
    public void Locate(IGeoLookup geo, bool location, bool asn)
    {
        if (AddressLength == 0) return;
        Span<byte> bytes = stackalloc byte[16];
        var address = WriteAddress(bytes);
        if (location) Geo = geo.Locate(address);
        if (asn) Asn = geo.Asn(address);
    }

    /// <summary>
    /// A 64-bit digest of the client's network for the sticky filters: the address cut to /24 (IPv4) or /44
    /// (IPv6) when <paramref name="byNetwork"/>, else the address (or ECS prefix) as given.
    /// </summary>
    public readonly ulong NetworkHash(bool byNetwork)
    {
        var bits = byNetwork ? Math.Min(PrefixLength, IsV6 ? 44 : 24) : PrefixLength;
        var masked = Number & Traffic.IpPrefix.Mask(bits, AddressLength * 8);
        return Hashing.Mix(Hashing.Mix((ulong)(masked >> 64) ^ ((ulong)AddressLength << 56) ^ (ulong)bits) ^ (ulong)masked);
    }

    private static bool IsV4Mapped(ReadOnlySpan<byte> bytes)
    {
        for (var i = 0; i < 10; i++)
        {
            if (bytes[i] != 0) return false;
        }
        return bytes[10] == 0xFF && bytes[11] == 0xFF;
    }
}

/// <summary>Stable hashes (the same in every process, so the edge and explain agree).</summary>
public static class Hashing
{
    /// <summary>SplitMix64's finaliser: a bijective 64-bit mix.</summary>
    public static ulong Mix(ulong x)
    {
        x ^= x >> 30;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27;
        x *= 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return x;
    }

    /// <summary>FNV-1a over a string's UTF-16 code units, then mixed.</summary>
    public static ulong Of(string text)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 0x100000001B3UL;
        }
        return Mix(hash);
    }

    /// <summary>A number in (0, 1] from a hash, for weighted rendezvous scores.</summary>
    public static double Unit(ulong hash) => ((hash >> 11) + 1) * (1.0 / (1UL << 53));
}
