using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace Vantage.Steering.Geo;

/// <summary>
/// Reads ip-location-db's ASN CSV: rows <c>start,end,asn,"name"</c>. Addresses are decimal numbers (the
/// <c>-num</c> files) or, tolerated, dotted / colon text. The name is ignored. Malformed rows are skipped.
/// </summary>
internal static class AsnCsvReader
{
    /// <param name="ipv6File">Whether decimal addresses are IPv6 (text addresses say so themselves).</param>
    public static int Read(string path, bool ipv6File, RangeTableBuilder<uint> v4, RangeTableBuilder<UInt128> v6)
    {
        var data = File.ReadAllBytes(path).AsSpan();
        var rows = 0;
        while (!data.IsEmpty)
        {
            var newline = data.IndexOf((byte)'\n');
            var line = newline < 0 ? data : data[..newline];
            data = newline < 0 ? default : data[(newline + 1)..];
            if (ReadRow(line, !ipv6File, out var start, out var end, out var asn) && asn != 0)
            {
                if (start.IsV4 && end.IsV4 && end.Value <= uint.MaxValue) v4.Add((uint)start.Value, (uint)end.Value, unchecked((int)asn));
                else if (!start.IsV4 && !end.IsV4) v6.Add(start.Value, end.Value, unchecked((int)asn));
                rows++;
            }
        }
        return rows;
    }

    private readonly record struct Address(UInt128 Value, bool IsV4);

    private static bool ReadRow(ReadOnlySpan<byte> line, bool v4, out Address start, out Address end, out uint asn)
    {
        start = end = default;
        asn = 0;
        var comma = line.IndexOf((byte)',');
        if (comma < 0 || !ParseAddress(line[..comma], v4, out start)) return false;
        line = line[(comma + 1)..];
        comma = line.IndexOf((byte)',');
        if (comma < 0 || !ParseAddress(line[..comma], v4, out end)) return false;
        line = line[(comma + 1)..];
        comma = line.IndexOf((byte)',');
        var number = comma < 0 ? line.TrimEnd((byte)'\r') : line[..comma];
        if (number.Length > 2 && number[0] == (byte)'A' && number[1] == (byte)'S') number = number[2..];
        return uint.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out asn) && end.Value >= start.Value;
    }

    /// <summary>A decimal number (of the file's family) or address text.</summary>
    private static bool ParseAddress(ReadOnlySpan<byte> text, bool v4, out Address address)
    {
        address = default;
        if (text.IsEmpty) return false;
        if (UInt128.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            address = new Address(number, v4);
            return true;
        }
        if (text.Length > 45) return false;
        Span<char> chars = stackalloc char[text.Length];
        for (var i = 0; i < text.Length; i++) chars[i] = (char)text[i];
        if (!IPAddress.TryParse(chars, out var ip)) return false;
        Span<byte> bytes = stackalloc byte[16];
        ip.TryWriteBytes(bytes, out var written);
        address = written == 4
            ? new Address(BinaryPrimitives.ReadUInt32BigEndian(bytes), true)
            : new Address(BinaryPrimitives.ReadUInt128BigEndian(bytes), false);
        return true;
    }
}
