using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vantage.Model;

namespace Vantage.Validation;

internal enum FieldKind
{
    IPv4,
    IPv6,
    /// <summary>A domain name; "." (root) refused.</summary>
    Name,
    /// <summary>A domain name or "." (null MX, SRV "no service", NAPTR "no replacement").</summary>
    NameOrRoot,
    UInt8,
    UInt16,
    CaaTag,
    /// <summary>One character-string: text of at most 255 octets.</summary>
    CharacterString,
    /// <summary>Text up to the RDATA limit (CAA value).</summary>
    Text,
    Hex,
}

internal sealed record FieldSpec(string Label, FieldKind Kind);

/// <summary>Per-type RDATA field rules for the answers of a record set.</summary>
internal static class RdataRules
{
    private static readonly Dictionary<string, FieldSpec[]> Specs = new(StringComparer.Ordinal)
    {
        [RecordTypes.A] = [new("address", FieldKind.IPv4)],
        [RecordTypes.AAAA] = [new("address", FieldKind.IPv6)],
        [RecordTypes.CNAME] = [new("target", FieldKind.Name)],
        [RecordTypes.NS] = [new("name server", FieldKind.Name)],
        [RecordTypes.PTR] = [new("target", FieldKind.Name)],
        [RecordTypes.MX] = [new("preference", FieldKind.UInt16), new("exchange", FieldKind.NameOrRoot)],
        [RecordTypes.SRV] =
        [
            new("priority", FieldKind.UInt16), new("weight", FieldKind.UInt16), new("port", FieldKind.UInt16),
            new("target", FieldKind.NameOrRoot),
        ],
        [RecordTypes.CAA] = [new("flags", FieldKind.UInt8), new("tag", FieldKind.CaaTag), new("value", FieldKind.Text)],
        [RecordTypes.NAPTR] =
        [
            new("order", FieldKind.UInt16), new("preference", FieldKind.UInt16), new("flags", FieldKind.CharacterString),
            new("service", FieldKind.CharacterString), new("regexp", FieldKind.CharacterString),
            new("replacement", FieldKind.NameOrRoot),
        ],
        [RecordTypes.DS] =
        [
            new("key tag", FieldKind.UInt16), new("algorithm", FieldKind.UInt8), new("digest type", FieldKind.UInt8),
            new("digest", FieldKind.Hex),
        ],
    };

    /// <summary>True for types whose answers are a list of free text fields (TXT, SPF).</summary>
    public static bool IsTextType(string type) => type is RecordTypes.TXT or RecordTypes.SPF;

    /// <summary>The field rules of <paramref name="type"/>; null for TXT/SPF and unknown types.</summary>
    public static IReadOnlyList<FieldSpec>? FieldsOf(string type) => Specs.GetValueOrDefault(type);

    /// <summary>
    /// Validates one answer's fields. <paramref name="where"/> is appended to locate the answer
    /// (" in answer 2"), or empty when the caller adds its own location (zone-file line).
    /// </summary>
    public static string? Validate(string type, IReadOnlyList<string?> fields, string where)
    {
        if (IsTextType(type)) return ValidateText(type, fields, where);
        if (!Specs.TryGetValue(type, out var specs)) return $"unsupported record type \"{type}\"";
        if (fields.Count != specs.Length)
        {
            var names = string.Join(", ", specs.Select(s => s.Label));
            var plural = specs.Length == 1 ? "field" : "fields";
            return $"{type} answer needs {specs.Length} {plural} ({names}), got {fields.Count}{where}";
        }
        for (var i = 0; i < specs.Length; i++)
        {
            var problem = ValidateField(type, specs[i], fields[i] ?? string.Empty, where);
            if (problem is not null) return problem;
        }
        return null;
    }

    private static string? ValidateText(string type, IReadOnlyList<string?> fields, string where)
    {
        if (fields.Count == 0) return $"malformed {type}{where}: an answer needs at least one text field";
        for (var i = 0; i < fields.Count; i++)
        {
            var problem = TextRules.ContentProblem(fields[i] ?? string.Empty);
            if (problem is not null)
            {
                var which = fields.Count == 1 ? string.Empty : $" in field {i + 1}";
                return $"malformed {type}{where}: {problem}{which}";
            }
        }
        return TextRules.TxtWireLength(fields.Select(f => f ?? string.Empty)) > TextRules.MaxRdata
            ? $"malformed {type}{where}: the text is longer than {TextRules.MaxRdata} octets on the wire"
            : null;
    }

    private static string? ValidateField(string type, FieldSpec spec, string value, string where)
    {
        var subject = $"{type} {spec.Label}";
        switch (spec.Kind)
        {
            case FieldKind.IPv4:
                return IsStrictIPv4(value) ? null : $"invalid IPv4 address \"{NameRules.Display(value)}\"{where}";
            case FieldKind.IPv6:
                return IsIPv6(value) ? null : $"invalid IPv6 address \"{NameRules.Display(value)}\"{where}";
            case FieldKind.Name:
                return NameRules.Check(value, subject, NameUse.Target, where);
            case FieldKind.NameOrRoot:
                return value == "." ? null : NameRules.Check(value, subject, NameUse.Target, where);
            case FieldKind.UInt8:
                return TryParseUInt(value, byte.MaxValue, out _) ? null : RangeMessage(subject, byte.MaxValue, value, where);
            case FieldKind.UInt16:
                return TryParseUInt(value, ushort.MaxValue, out _) ? null : RangeMessage(subject, ushort.MaxValue, value, where);
            case FieldKind.CaaTag:
                return value.Length is >= 1 and <= 15 && value.All(char.IsAsciiLetterOrDigit)
                    ? null
                    : $"{subject} must be 1 to 15 letters or digits, got \"{NameRules.Display(value)}\"{where}";
            case FieldKind.CharacterString:
            case FieldKind.Text:
                var problem = TextRules.ContentProblem(value);
                if (problem is not null) return $"malformed {subject}{where}: {problem}";
                var max = spec.Kind == FieldKind.CharacterString ? TextRules.MaxCharacterString : TextRules.MaxRdata - 17;
                return TextRules.Octets(value) > max ? $"{subject} is longer than {max} octets{where}" : null;
            case FieldKind.Hex:
                return value.Length > 0 && value.Length % 2 == 0 && value.All(char.IsAsciiHexDigit)
                    ? null
                    : $"{subject} must be an even number of hex digits, got \"{NameRules.Display(value)}\"{where}";
            default:
                return $"{subject} has an unknown kind";
        }
    }

    private static string RangeMessage(string subject, int max, string value, string where) =>
        $"{subject} must be an integer 0..{max}, got \"{NameRules.Display(value)}\"{where}";

    /// <summary>Digits only (no sign, no spaces), value ≤ <paramref name="max"/>.</summary>
    public static bool TryParseUInt(string value, long max, out long result)
    {
        result = 0;
        if (value.Length is 0 or > 12 || !value.All(char.IsAsciiDigit)) return false;
        result = long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
        return result <= max;
    }

    /// <summary>Four decimal octets 0..255 without leading zeros, nothing else.</summary>
    public static bool IsStrictIPv4(string value)
    {
        var parts = value.Split('.');
        if (parts.Length != 4) return false;
        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0')) return false;
            if (!TryParseUInt(part, byte.MaxValue, out _)) return false;
        }
        return true;
    }

    public static bool IsIPv6(string value) =>
        value.Contains(':', StringComparison.Ordinal)
        && !value.Contains('%', StringComparison.Ordinal)
        && !value.Contains('[', StringComparison.Ordinal)
        && !value.Contains('/', StringComparison.Ordinal)
        && IPAddress.TryParse(value, out var address)
        && address.AddressFamily == AddressFamily.InterNetworkV6;

    /// <summary>A key equal for answers that mean the same RDATA (names case-insensitive, addresses parsed).</summary>
    public static string CanonicalKey(string type, IReadOnlyList<string?> fields)
    {
        var specs = Specs.GetValueOrDefault(type);
        var parts = new string[fields.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            var value = fields[i] ?? string.Empty;
            var kind = specs is not null && i < specs.Length ? specs[i].Kind : FieldKind.Text;
            parts[i] = kind switch
            {
                FieldKind.Name or FieldKind.NameOrRoot => NameRules.Canonical(value),
                FieldKind.IPv6 when IPAddress.TryParse(value, out var address) => address.ToString(),
                FieldKind.UInt8 or FieldKind.UInt16 when TryParseUInt(value, ushort.MaxValue, out var n) =>
                    n.ToString(CultureInfo.InvariantCulture),
                FieldKind.Hex or FieldKind.CaaTag => value.ToLowerInvariant(),
                _ => value,
            };
        }
        return string.Join('\u0000', parts);
    }
}
