using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Vantage.ZoneFiles;

/// <summary>
/// Presentation-format helpers (RFC 1035 §5.1): decoding <c>\X</c> and <c>\DDD</c> escapes, BIND-style
/// TTLs (<c>1h30m</c>), and quoting text for output.
/// </summary>
internal static class PresentationText
{
    /// <summary>Decodes the escapes of a character-string token into octets.</summary>
    public static bool TryDecodeOctets(string raw, List<byte> octets, out string? error)
    {
        error = null;
        Span<byte> buffer = stackalloc byte[4];
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '\\')
            {
                if (i + 1 >= raw.Length)
                {
                    error = "a backslash must be followed by a character";
                    return false;
                }
                if (char.IsAsciiDigit(raw[i + 1]))
                {
                    if (!TryReadDecimalEscape(raw, i + 1, out var value))
                    {
                        error = $"invalid escape \"\\{Excerpt(raw, i + 1)}\" (use \\DDD with DDD from 000 to 255)";
                        return false;
                    }
                    octets.Add(value);
                    i += 3;
                    continue;
                }
                i++;
                c = raw[i];
            }
            var length = 1;
            if (char.IsHighSurrogate(c) && i + 1 < raw.Length && char.IsLowSurrogate(raw[i + 1]))
            {
                length = 2;
            }
            var written = Encoding.UTF8.GetBytes(raw.AsSpan(i, length), buffer);
            for (var k = 0; k < written; k++) octets.Add(buffer[k]);
            i += length - 1;
        }
        return true;
    }

    /// <summary>Decodes a token into text: escapes resolved, then the octets read as strict UTF-8.</summary>
    public static bool TryDecodeText(string raw, int maxOctets, out string text, out string? error)
    {
        text = string.Empty;
        var octets = new List<byte>(raw.Length);
        if (!TryDecodeOctets(raw, octets, out error)) return false;
        if (octets.Count > maxOctets)
        {
            error = $"text is longer than {maxOctets} octets";
            return false;
        }
        return TryUtf8(octets, out text, out error);
    }

    /// <summary>Reads <paramref name="octets"/> as strict UTF-8.</summary>
    public static bool TryUtf8(List<byte> octets, out string text, out string? error)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(octets);
        if (!Utf8.IsValid(span))
        {
            text = string.Empty;
            error = "text is not valid UTF-8";
            return false;
        }
        text = Encoding.UTF8.GetString(span);
        error = null;
        return true;
    }

    private static bool TryReadDecimalEscape(string raw, int start, out byte value)
    {
        value = 0;
        if (start + 3 > raw.Length) return false;
        var n = 0;
        for (var k = start; k < start + 3; k++)
        {
            if (!char.IsAsciiDigit(raw[k])) return false;
            n = (n * 10) + (raw[k] - '0');
        }
        if (n > 255) return false;
        value = (byte)n;
        return true;
    }

    private static string Excerpt(string raw, int start) => raw.Substring(start, Math.Min(3, raw.Length - start));

    /// <summary>
    /// Parses a TTL: plain seconds, or BIND units (<c>w d h m s</c>, any case, e.g. <c>1h30m</c>),
    /// at most 2^31 - 1.
    /// </summary>
    public static bool TryParseTtl(string text, out int ttl)
    {
        ttl = 0;
        if (text.Length == 0 || text.Length > 32 || !char.IsAsciiDigit(text[0])) return false;
        long total = 0;
        long current = 0;
        var digits = 0;
        var sawUnit = false;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                current = (current * 10) + (c - '0');
                digits++;
                if (current > int.MaxValue) return false;
                continue;
            }
            if (digits == 0) return false;
            long factor = char.ToLowerInvariant(c) switch
            {
                's' => 1,
                'm' => 60,
                'h' => 3600,
                'd' => 86400,
                'w' => 604800,
                _ => 0,
            };
            if (factor == 0) return false;
            total += current * factor;
            if (total > int.MaxValue) return false;
            current = 0;
            digits = 0;
            sawUnit = true;
        }
        if (digits > 0)
        {
            if (sawUnit) return false;
            total += current;
        }
        if (total > int.MaxValue) return false;
        ttl = (int)total;
        return true;
    }

    /// <summary>Writes <paramref name="octets"/> as a quoted character-string: '"' and '\' escaped, non-printables as \DDD.</summary>
    public static void AppendQuoted(StringBuilder sb, ReadOnlySpan<byte> octets)
    {
        sb.Append('"');
        foreach (var b in octets)
        {
            if (b is (byte)'"' or (byte)'\\') sb.Append('\\').Append((char)b);
            else if (b is >= 0x20 and < 0x7f) sb.Append((char)b);
            else sb.Append('\\').Append(b.ToString("D3", CultureInfo.InvariantCulture));
        }
        sb.Append('"');
    }
}
