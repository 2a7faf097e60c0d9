namespace Vantage.EdgeDns.Wire;

/// <summary>Converts names between presentation text and uncompressed wire form, and compares wire names.</summary>
public static class DnsNameCodec
{
    private static readonly byte[] LowerTable = BuildLowerTable();

    /// <summary>ASCII lower-casing; DNS names compare case-insensitively in ASCII only (RFC 4343).</summary>
    public static byte ToLower(byte b) => LowerTable[b];

    /// <summary>
    /// Lower-cases a whole uncompressed wire name in place. Safe on length octets because they are at most 63,
    /// which is below 'A'.
    /// </summary>
    public static void LowerInPlace(Span<byte> wire)
    {
        for (var i = 0; i < wire.Length; i++) wire[i] = LowerTable[wire[i]];
    }

    /// <summary>
    /// Encodes a presentation name ("www.example.com", optional trailing dot, "\." and "\DDD" escapes, "" or "." for
    /// the root) into uncompressed wire form. Names are always taken as absolute. Returns null when invalid.
    /// </summary>
    public static byte[]? Encode(string name)
    {
        Span<byte> buffer = stackalloc byte[DnsLimits.MaxNameLength];
        return TryEncode(name, buffer, out var length) ? buffer[..length].ToArray() : null;
    }

    /// <summary>Same as <see cref="Encode"/>, lower-cased (the key form used for lookups).</summary>
    public static byte[]? EncodeLower(string name)
    {
        var wire = Encode(name);
        if (wire is not null) LowerInPlace(wire);
        return wire;
    }

    public static bool TryEncode(ReadOnlySpan<char> name, Span<byte> destination, out int length)
    {
        length = 0;
        if (name.Length == 0 || (name.Length == 1 && name[0] == '.'))
        {
            if (destination.Length < 1) return false;
            destination[0] = 0;
            length = 1;
            return true;
        }

        var labelStart = 0;
        var labelLength = 0;
        if (destination.Length < 1) return false;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '.')
            {
                if (labelLength == 0) return false;
                if (i == name.Length - 1) break;
                destination[labelStart] = (byte)labelLength;
                labelStart += 1 + labelLength;
                labelLength = 0;
                continue;
            }

            int value;
            if (c == '\\')
            {
                if (i + 1 >= name.Length) return false;
                if (char.IsAsciiDigit(name[i + 1]))
                {
                    if (i + 3 >= name.Length) return false;
                    if (!char.IsAsciiDigit(name[i + 2]) || !char.IsAsciiDigit(name[i + 3])) return false;
                    value = (name[i + 1] - '0') * 100 + (name[i + 2] - '0') * 10 + (name[i + 3] - '0');
                    if (value > 255) return false;
                    i += 3;
                }
                else
                {
                    value = name[i + 1];
                    i += 1;
                }
            }
            else
            {
                value = c;
            }

            if (value > 255) return false;
            labelLength++;
            if (labelLength > DnsLimits.MaxLabelLength) return false;
            var at = labelStart + labelLength;
            if (at + 1 >= destination.Length || at + 1 >= DnsLimits.MaxNameLength) return false;
            destination[at] = (byte)value;
        }

        if (labelLength == 0) return false;
        destination[labelStart] = (byte)labelLength;
        var end = labelStart + 1 + labelLength;
        destination[end] = 0;
        length = end + 1;
        return length <= DnsLimits.MaxNameLength;
    }

    /// <summary>Number of labels (not counting the root) of an uncompressed wire name.</summary>
    public static int CountLabels(ReadOnlySpan<byte> wire)
    {
        var count = 0;
        var i = 0;
        while (i < wire.Length && wire[i] != 0)
        {
            i += wire[i] + 1;
            count++;
        }
        return count;
    }

    /// <summary>Writes the start offset of every label (and finally the root) of an uncompressed wire name.</summary>
    public static int LabelStarts(ReadOnlySpan<byte> wire, Span<byte> starts)
    {
        var count = 0;
        var i = 0;
        while (i < wire.Length)
        {
            starts[count++] = (byte)i;
            if (wire[i] == 0) break;
            i += wire[i] + 1;
        }
        return count - 1;
    }

    /// <summary>Case-insensitive equality of two uncompressed wire names.</summary>
    public static bool EqualsIgnoreCase(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length) return false;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i] && LowerTable[a[i]] != LowerTable[b[i]]) return false;
        }
        return true;
    }

    /// <summary>True when uncompressed wire name <paramref name="name"/> is <paramref name="ancestor"/> or below it.</summary>
    public static bool IsAtOrBelow(ReadOnlySpan<byte> name, ReadOnlySpan<byte> ancestor)
    {
        if (name.Length < ancestor.Length) return false;
        var i = 0;
        while (i < name.Length)
        {
            if (name.Length - i == ancestor.Length) return EqualsIgnoreCase(name[i..], ancestor);
            if (name[i] == 0) return false;
            i += name[i] + 1;
        }
        return false;
    }

    /// <summary>Presentation form of an uncompressed wire name (for logs and tests), with a trailing dot.</summary>
    public static string ToText(ReadOnlySpan<byte> wire)
    {
        if (wire.Length == 0 || wire[0] == 0) return ".";
        var sb = new System.Text.StringBuilder();
        var i = 0;
        while (i < wire.Length && wire[i] != 0)
        {
            var len = wire[i];
            for (var j = 1; j <= len && i + j < wire.Length; j++)
            {
                var b = wire[i + j];
                if (b == '.' || b == '\\') sb.Append('\\').Append((char)b);
                else if (b <= 0x20 || b >= 0x7F) sb.Append('\\').Append(b.ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
                else sb.Append((char)b);
            }
            sb.Append('.');
            i += len + 1;
        }
        return sb.ToString();
    }

    private static byte[] BuildLowerTable()
    {
        var table = new byte[256];
        for (var i = 0; i < 256; i++) table[i] = (byte)(i is >= 'A' and <= 'Z' ? i + 32 : i);
        return table;
    }
}
