using System.Collections.Immutable;
using Vantage.Events;

namespace Vantage.Grains.Zones;

/// <summary>The bounded change journal of a zone (IXFR-like history for edges that missed events).</summary>
public static class ZoneJournal
{
    /// <summary>
    /// Appends <paramref name="change"/> and drops the oldest entries beyond <paramref name="maxEntries"/>
    /// or beyond <paramref name="maxRecordChanges"/> record-set changes in total (a single change is always kept).
    /// </summary>
    public static ImmutableList<ZoneChanged> Append(
        ImmutableList<ZoneChanged> journal, ZoneChanged change, int maxEntries, int maxRecordChanges)
    {
        var next = journal.Add(change);
        var total = 0;
        foreach (var c in next) total += c.Records.Length;
        var drop = 0;
        while (next.Count - drop > 1 && (next.Count - drop > maxEntries || total > maxRecordChanges))
        {
            total -= next[drop].Records.Length;
            drop++;
        }
        return drop == 0 ? next : next.RemoveRange(0, drop);
    }

    /// <summary>Changes after <paramref name="version"/>, or null when the journal no longer reaches back that far.</summary>
    public static ImmutableArray<ZoneChanged>? Since(ImmutableList<ZoneChanged> journal, long currentVersion, long version)
    {
        if (version >= currentVersion) return ImmutableArray<ZoneChanged>.Empty;
        if (journal.IsEmpty || version < journal[0].Version - 1) return null;
        var builder = ImmutableArray.CreateBuilder<ZoneChanged>((int)(currentVersion - version));
        foreach (var c in journal)
        {
            if (c.Version > version) builder.Add(c);
        }
        return builder.ToImmutable();
    }
}
