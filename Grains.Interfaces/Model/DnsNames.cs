namespace Vantage.Model;

/// <summary>Helpers for DNS names in presentation form (no trailing dot, case-insensitive).</summary>
public static class DnsNames
{
    /// <summary>Lower-cases and strips one trailing dot.</summary>
    public static string Normalize(string name)
    {
        var n = name.Trim();
        if (n.Length > 1 && n.EndsWith('.')) n = n[..^1];
        return n.ToLowerInvariant();
    }

    /// <summary>True when <paramref name="name"/> equals <paramref name="zone"/> or is below it.</summary>
    public static bool IsInZone(string name, string zone) =>
        name.Equals(zone, StringComparison.OrdinalIgnoreCase)
        || (name.Length > zone.Length
            && name.EndsWith(zone, StringComparison.OrdinalIgnoreCase)
            && name[name.Length - zone.Length - 1] == '.');
}
