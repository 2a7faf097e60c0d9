using System.Collections.Immutable;

namespace Vantage.Model;

/// <summary>
/// Value equality for immutable arrays inside records (ImmutableArray compares by reference otherwise,
/// so a record read back from storage or the wire would never equal the original).
/// </summary>
internal static class SequenceEquality
{
    public static bool Equal<T>(ImmutableArray<T> a, ImmutableArray<T> b)
    {
        if (a.IsDefault || b.IsDefault) return a.IsDefault == b.IsDefault;
        return a.AsSpan().SequenceEqual(b.AsSpan());
    }

    public static int Hash<T>(ImmutableArray<T> items)
    {
        if (items.IsDefault) return 0;
        var hash = new HashCode();
        foreach (var item in items) hash.Add(item);
        return hash.ToHashCode();
    }
}
