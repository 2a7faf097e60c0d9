using System.Globalization;
using System.Text;

namespace Vantage.Validation;

/// <summary>How a name is used, which decides whether a wildcard or a trailing dot is acceptable.</summary>
internal enum NameUse
{
    /// <summary>Owner name of a record: "*" allowed as the whole leftmost label, no trailing dot.</summary>
    Owner,
    /// <summary>Zone name: no wildcard, no trailing dot.</summary>
    Zone,
    /// <summary>A name inside RDATA or a reference (link, dns server): no wildcard, one trailing dot tolerated.</summary>
    Target,
}

/// <summary>
/// Syntax rules for DNS names as the API carries them: presentation form without escapes, labels of
/// letters, digits, '-', '_' and '/' (RFC 2317 classless delegation), "*" only as a whole leftmost label,
/// label ≤ 63 octets, wire form ≤ 255 octets. Permissive like authoritative servers (no hostname rules).
/// </summary>
internal static class NameRules
{
    public const int MaxLabelOctets = 63;
    public const int MaxNameOctets = 255;
    private const int DisplayLength = 64;

    /// <summary>
    /// Checks <paramref name="name"/>; returns <c>invalid {subject} "name"{where}: reason</c> or null.
    /// <paramref name="where"/> locates the value (" in answer 2") or is empty.
    /// </summary>
    public static string? Check(string? name, string subject, NameUse use, string where = "")
    {
        var reason = Reason(name ?? string.Empty, use);
        return reason is null ? null : $"invalid {subject} \"{Display(name ?? string.Empty)}\"{where}: {reason}";
    }

    /// <summary>The problem with <paramref name="name"/>, without a subject, or null when it is valid.</summary>
    public static string? Reason(string name, NameUse use)
    {
        if (name.Length == 0) return "name is empty";
        if (name.Contains('\\', StringComparison.Ordinal)) return "escapes are not allowed in names";
        var n = name;
        if (use == NameUse.Target && n.Length > 1 && n.EndsWith('.') && !n.EndsWith("..", StringComparison.Ordinal)) n = n[..^1];
        if (n == ".") return "the root name is not allowed here";
        if (n.StartsWith('.')) return "name must not start with a dot";
        if (n.EndsWith('.')) return "name must not end with a dot";

        var labels = n.Split('.');
        var wireLength = 1;
        for (var i = 0; i < labels.Length; i++)
        {
            var label = labels[i];
            if (label.Length == 0) return "empty label (two dots in a row)";
            var labelReason = LabelReason(label, i, use);
            if (labelReason is not null) return labelReason;
            wireLength += label.Length + 1;
        }
        return wireLength > MaxNameOctets ? $"name is longer than {MaxNameOctets} octets" : null;
    }

    private static string? LabelReason(string label, int index, NameUse use)
    {
        if (label == "*")
        {
            if (use != NameUse.Owner) return "a wildcard \"*\" is not allowed here";
            return index == 0 ? null : "\"*\" is only allowed as the whole leftmost label";
        }
        foreach (var c in label)
        {
            if (c == '*') return "\"*\" is only allowed as the whole leftmost label";
            if (!IsLabelChar(c))
            {
                var hint = c > 127 ? " (internationalised names must be written in punycode, xn--…)" : string.Empty;
                return $"invalid character {DescribeChar(c)} in label \"{Display(label)}\"{hint}";
            }
        }
        return Encoding.UTF8.GetByteCount(label) > MaxLabelOctets
            ? $"label \"{Display(label, 20)}\" is longer than {MaxLabelOctets} octets"
            : null;
    }

    public static bool IsLabelChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '/';

    /// <summary>A character as a user can read it: 'c' when printable ASCII, otherwise U+XXXX.</summary>
    public static string DescribeChar(char c) =>
        c is >= ' ' and < (char)127 && c != ' '
            ? "'" + c + "'"
            : "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);

    /// <summary>Shortens long text for messages.</summary>
    public static string Display(string text, int max = DisplayLength) =>
        text.Length <= max ? text : text[..max] + "…";

    /// <summary>Lower-case, without one trailing dot (root stays ".").</summary>
    public static string Canonical(string name)
    {
        var n = name.Length > 1 && name.EndsWith('.') ? name[..^1] : name;
        return n.ToLowerInvariant();
    }
}
