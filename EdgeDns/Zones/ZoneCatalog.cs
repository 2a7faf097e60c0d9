using System.Collections.Immutable;
using Vantage.EdgeDns.Wire;

namespace Vantage.EdgeDns.Zones;

/// <summary>An immutable set of compiled zones: what one query sees from start to end.</summary>
public sealed class ZoneSet
{
    public static readonly ZoneSet Empty = new(ImmutableDictionary<string, CompiledZone>.Empty);

    private readonly NameTable<CompiledZone> byApex;
    private readonly int maxApexLabels;

    public ZoneSet(ImmutableDictionary<string, CompiledZone> zones)
    {
        Zones = zones;
        byApex = new NameTable<CompiledZone>(zones.Values.Select(z => KeyValuePair.Create(z.Apex, z)).ToList());
        maxApexLabels = zones.IsEmpty ? -1 : zones.Values.Max(z => z.ApexLabels);
    }

    public ImmutableDictionary<string, CompiledZone> Zones { get; }

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
    public void Publish(string name, CompiledZone? zone)
    {
        var zones = Current.Zones;
        zones = zone is null ? zones.Remove(name) : zones.SetItem(name, zone);
        Volatile.Write(ref current, new ZoneSet(zones));
    }
}
