using System.Text;

namespace Vantage.ZoneFiles;

/// <summary>Turns master-file name tokens into absolute, lower-case names without a trailing dot.</summary>
internal static class ZoneNames
{
    /// <summary>The root name as the reader keeps it.</summary>
    public const string Root = ".";

    /// <summary>
    /// Resolves <paramref name="token"/> against <paramref name="origin"/>: "@" is the origin, a name with
    /// a trailing dot is absolute, anything else is relative. Escapes are decoded; an escaped dot inside a
    /// label cannot be represented and is refused. The result is not validated (the record rules do that).
    /// </summary>
    public static bool TryResolve(ZoneToken token, string origin, out string name, out string? error)
    {
        name = string.Empty;
        if (token.Quoted)
        {
            error = $"expected a name, got the quoted string \"{Short(token.Text)}\"";
            return false;
        }
        var raw = token.Text;
        if (raw == "@")
        {
            name = origin;
            error = null;
            return true;
        }
        if (!TryLabels(raw, out var labels, out var absolute, out error)) return false;
        if (labels.Exists(l => l.Length == 0))
        {
            error = $"name \"{Short(raw)}\" has an empty label";
            return false;
        }
        var relative = string.Join('.', labels).ToLowerInvariant();
        if (absolute) name = labels.Count == 0 ? Root : relative;
        else name = origin == Root ? relative : relative + "." + origin;
        return true;
    }

    /// <summary>
    /// Splits a mailbox token (SOA RNAME) into an e-mail address: the first label is the local part (it may
    /// contain escaped dots), the rest the domain. Relative names are completed with the origin.
    /// </summary>
    public static bool TryMailbox(ZoneToken token, string origin, out string email, out string? error)
    {
        email = string.Empty;
        if (token.Quoted || token.Text == "@")
        {
            error = $"SOA rname \"{Short(token.Text)}\" is not a mailbox name (hostmaster.example.com.)";
            return false;
        }
        if (!TryLabels(token.Text, out var labels, out var absolute, out error, allowEscapedDot: true)) return false;
        if (!absolute && origin != Root) labels.AddRange(origin.Split('.'));
        if (labels.Count < 2 || labels.Exists(l => l.Length == 0))
        {
            error = $"SOA rname \"{Short(token.Text)}\" is not a mailbox name (hostmaster.example.com.)";
            return false;
        }
        email = labels[0] + "@" + string.Join('.', labels.Skip(1)).ToLowerInvariant();
        return true;
    }

    private static bool TryLabels(
        string raw, out List<string> labels, out bool absolute, out string? error, bool allowEscapedDot = false)
    {
        labels = [];
        absolute = false;
        error = null;
        if (raw == ".")
        {
            absolute = true;
            return true;
        }
        var octets = new List<byte>();
        var label = new StringBuilder();
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '.')
            {
                labels.Add(label.ToString());
                label.Clear();
                if (i == raw.Length - 1) absolute = true;
                continue;
            }
            if (c != '\\')
            {
                label.Append(c);
                continue;
            }
            var end = i + 1 < raw.Length && char.IsAsciiDigit(raw[i + 1]) ? Math.Min(i + 4, raw.Length) : Math.Min(i + 2, raw.Length);
            octets.Clear();
            if (!PresentationText.TryDecodeOctets(raw[i..end], octets, out error)) return false;
            var decoded = Encoding.Latin1.GetString(octets.ToArray());
            if (decoded == "." && labels.Count == 0 && allowEscapedDot)
            {
                label.Append('.');
            }
            else if (decoded == ".")
            {
                error = $"name \"{Short(raw)}\" has an escaped dot inside a label, which is not supported";
                return false;
            }
            else
            {
                label.Append(decoded);
            }
            i = end - 1;
        }
        if (!absolute) labels.Add(label.ToString());
        return true;
    }

    private static string Short(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
