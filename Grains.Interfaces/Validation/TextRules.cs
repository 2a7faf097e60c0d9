using System.Text;

namespace Vantage.Validation;

/// <summary>
/// Rules for text RDATA (TXT, SPF strings; CAA value; NAPTR flags/service/regexp).
/// A field holds the text itself (no presentation escapes: a backslash is a backslash). On the wire it
/// is encoded as UTF-8; a TXT field longer than 255 octets becomes several consecutive 255-octet
/// character-strings. Control characters other than tab are refused, as is text that is not valid Unicode.
/// </summary>
internal static class TextRules
{
    public const int MaxCharacterString = 255;
    public const int MaxRdata = 65535;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Null when <paramref name="text"/> has no control characters (tab excepted) and is valid Unicode.</summary>
    public static string? ContentProblem(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c)) return "text is not valid Unicode (unpaired surrogate)";
            if ((c < ' ' && c != '\t') || c == '\u007f') return $"control character {NameRules.DescribeChar(c)}";
        }
        return null;
    }

    /// <summary>UTF-8 length of <paramref name="text"/> (only meaningful once <see cref="ContentProblem"/> is null).</summary>
    public static int Octets(string text) => StrictUtf8.GetByteCount(text);

    /// <summary>Wire size of TXT RDATA made of <paramref name="fields"/> split into 255-octet strings.</summary>
    public static long TxtWireLength(IEnumerable<string> fields)
    {
        long total = 0;
        foreach (var field in fields)
        {
            var octets = Octets(field);
            var strings = octets == 0 ? 1 : (octets + MaxCharacterString - 1) / MaxCharacterString;
            total += octets + strings;
        }
        return total;
    }
}
