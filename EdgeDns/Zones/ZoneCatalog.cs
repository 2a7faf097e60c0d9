using System.Collections.Immutable;
using Vantage.EdgeDns.Wire;

namespace Vantage.EdgeDns.Zones;

/// <summary>
/// An immutable set of compiled zones: what one query sees from start to end. Adding, replacing or removing one zone
/// makes a new set that shares everything else with this one (the apex map copies one bucket), so a catalog of
/// 10,000s of zones is not rebuilt per change.
/// </summary>
public sealed class ZoneSet
{
    /// <summary>Labels an apex can have at most (a wire name is at most 255 bytes).</summary>
    private const int MaxLabels = 128;

    public static readonly ZoneSet Empty = new(ImmutableDictionary<string, CompiledZone>.Empty, NameMap<CompiledZone>.Empty, new int[MaxLabels + 1]);

    private readonly NameMap<CompiledZone> byApex;
    /// <summary>Number of zones per apex label count: the deepest non-empty count bounds the search.</summary>
    private readonly int[] labelCounts;
    private readonly int maxApexLabels;

    private ZoneSet(ImmutableDictionary<string, CompiledZone> zones, NameMap<CompiledZone> byApex, int[] labelCounts)
    {
        Zones = zones;
        this.byApex = byApex;
        this.labelCounts = labelCounts;
        maxApexLabels = -1;
        for (var i = MaxLabels; i >= 0; i--)
        {
            if (labelCounts[i] == 0) continue;
            maxApexLabels = i;
            break;
        }
    }

    public ImmutableDictionary<string, CompiledZone> Zones { get; }

    /// <summary>This set with <paramref name="zone"/> under <paramref name="name"/>, or without the name when null.</summary>
    public ZoneSet With(string name, CompiledZone? zone)
    {
        var zones = Zones;
        var map = byApex;
        var counts = (int[])labelCounts.Clone();
        if (zones.TryGetValue(name, out var previous))
        {
            map = map.Remove(previous.Apex);
            counts[previous.ApexLabels]--;
        }
        if (zone is null)
        {
            zones = zones.Remove(name);
        }
        else
        {
            zones = zones.SetItem(name, zone);
            map = map.SetItem(zone.Apex, zone);
            counts[zone.ApexLabels]++;
        }
        return new ZoneSet(zones, map, counts);
    }

    /// <summary>
    /// The deepest zone containing the name. For DS, the zone whose apex is the name itself is skipped when a parent
    /// zone is served too, because DS lives on the parent side of a cut (RFC 4035 §3.1.4.1).
    /// </summary>
    public CompiledZone? Find(ReadOnlySpan<byte> name, ReadOnlySpan<byte> labelStarts, int labelCount, ushort qtype)
    {
        CompiledZone? apexMatch = null;
        var first = Math.Max(0, labelCount - maxApexLabels);
        for (var i = first; i <= labelCount; i++)
        {
            var zone = byApex.Find(name[labelStarts[i]..]);
            if (zone is null) continue;
            if (i == 0 && qtype == DnsType.DS)
            {
                apexMatch = zone;
                continue;
            }
            return zone;
        }
        return apexMatch;
    }
}

/// <summary>Holds the current <see cref="ZoneSet"/>; readers take it with one volatile read, writers swap it whole.</summary>
public sealed class ZoneCatalog
{
    private ZoneSet current = ZoneSet.Empty;

    public ZoneSet Current => Volatile.Read(ref current);

    /// <summary>Publishes <paramref name="zone"/> under its name, or removes the name when null. Callers serialize writes.</summary>
    public void Publish(string name, CompiledZone? zone) => Volatile.Write(ref current, Current.With(name, zone));
}
