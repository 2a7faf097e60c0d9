using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Vantage.Traffic;

/// <summary>
/// An IPv4 or IPv6 network. Addresses are kept as 128-bit numbers (IPv4 in the low 32 bits) so that
/// containment is two integer operations on the query path.
/// </summary>
public readonly record struct IpPrefix(bool IsV6, UInt128 Network, int Length)
{
    public int MaxLength => IsV6 ? 128 : 32;

    /// <summary>True when <paramref name="address"/> (4 or 16 bytes) lies in this network.</summary>
    public bool Contains(ReadOnlySpan<byte> address)
    {
        if ((address.Length == 16) != IsV6) return false;
        var value = ToNumber(address);
        return (value & Mask(Length, MaxLength)) == Network;
    }

    /// <summary>True when the address given as a number (IPv4 in the low 32 bits) lies in this network.</summary>
    public bool Contains(bool isV6, UInt128 address) => isV6 == IsV6 && (address & Mask(Length, MaxLength)) == Network;

    public static UInt128 ToNumber(ReadOnlySpan<byte> address) =>
        address.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(address) : BinaryPrimitives.ReadUInt128BigEndian(address);

    public static UInt128 Mask(int length, int bits)
    {
        if (length <= 0) return UInt128.Zero;
        var all = bits == 128 ? UInt128.MaxValue : ((UInt128)1 << bits) - 1;
        return all ^ (length >= bits ? UInt128.Zero : (((UInt128)1 << (bits - length)) - 1));
    }

    /// <summary>Parses <c>address/length</c> (or a bare address, a host prefix). Host bits must be zero.</summary>
    public static bool TryParse(string? text, out IpPrefix prefix, out string? problem)
    {
        prefix = default;
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "is empty";
            return false;
        }
        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address)
            || address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            || (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0))
        {
            problem = "is not an IP address";
            return false;
        }
        var isV6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        var bits = isV6 ? 128 : 32;
        var length = bits;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, null, out length) || length > bits))
        {
            problem = $"has an invalid prefix length (0-{bits})";
            return false;
        }
        var number = ToNumber(address.GetAddressBytes());
        if ((number & ~Mask(length, bits)) != 0)
        {
            problem = "has bits set after the prefix length";
            return false;
        }
        prefix = new IpPrefix(isV6, number, length);
        return true;
    }

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[IsV6 ? 16 : 4];
        if (IsV6) BinaryPrimitives.WriteUInt128BigEndian(bytes, Network);
        else BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)Network);
        return new IPAddress(bytes) + "/" + Length;
    }
}
