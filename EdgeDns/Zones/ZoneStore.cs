using Vantage.Events;
using Vantage.Model;

namespace Vantage.EdgeDns.Zones;

public enum ApplyOutcome
{
    /// <summary>The zone moved to the new version and the compiled zone was swapped in.</summary>
    Applied,
    /// <summary>Already at this version or newer: nothing to do.</summary>
    Duplicate,
    /// <summary>A version is missing (or the zone is unknown): the caller must fetch changes or the snapshot.</summary>
    Gap,
    /// <summary>The zone was removed.</summary>
    Removed,
}

/// <summary>
/// Applies zone snapshots and change events in version order per zone, recompiles the affected zone and publishes it
/// to the <see cref="ZoneCatalog"/>. Pure: no cluster, no I/O. Thread-safe; writes are serialized.
/// </summary>
public sealed class ZoneStore(ZoneCatalog catalog)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, ZoneState> zones = new(StringComparer.Ordinal);

    public ZoneCatalog Catalog => catalog;

    /// <summary>The version we serve for <paramref name="zone"/>, 0 when we do not serve it.</summary>
    public long VersionOf(string zone)
    {
        lock (gate) return zones.TryGetValue(zone, out var state) ? state.Version : 0;
    }

    public IReadOnlyDictionary<string, long> Versions()
    {
        lock (gate) return zones.ToDictionary(z => z.Key, z => z.Value.Version, StringComparer.Ordinal);
    }

    /// <summary>Installs a full snapshot unless we already serve this version or a newer one.</summary>
    public ApplyOutcome ApplySnapshot(ZoneSnapshot snapshot)
    {
        var name = snapshot.Settings.Name;
        lock (gate)
        {
            if (zones.TryGetValue(name, out var existing) && snapshot.Version <= existing.Version) return ApplyOutcome.Duplicate;
            var state = new ZoneState(snapshot.Settings, snapshot.Version, snapshot.Records.ToDictionary(r => r.Key, StringComparer.Ordinal));
            Install(name, state);
            return ApplyOutcome.Applied;
        }
    }

    /// <summary>Applies one change event: exactly the next version is applied, older ones are duplicates, newer ones are a gap.</summary>
    public ApplyOutcome Apply(ZoneChanged change)
    {
        lock (gate)
        {
            zones.TryGetValue(change.Zone, out var state);
            if (change.Kind == ZoneChangeKind.Deleted)
            {
                if (state is null || change.Version <= state.Version) return ApplyOutcome.Duplicate;
                RemoveLocked(change.Zone);
                return ApplyOutcome.Removed;
            }

            if (state is not null && change.Version <= state.Version) return ApplyOutcome.Duplicate;

            if (change.Kind == ZoneChangeKind.Created && change.Settings is not null)
            {
                // A creation event carries the whole zone, so it can start (or restart) the zone from nothing.
                var records = change.Records.Where(c => c.Record is not null).ToDictionary(c => c.Record!.Key, c => c.Record!, StringComparer.Ordinal);
                Install(change.Zone, new ZoneState(change.Settings, change.Version, records));
                return ApplyOutcome.Applied;
            }

            if (state is null || change.Version != state.Version + 1) return ApplyOutcome.Gap;

            var next = new Dictionary<string, DnsRecord>(state.Records, StringComparer.Ordinal);
            foreach (var rc in change.Records)
            {
                var key = RecordKey.Of(rc.Domain, rc.Type);
                if (rc.Record is null) next.Remove(key);
                else next[key] = rc.Record;
            }
            Install(change.Zone, new ZoneState(change.Settings ?? state.Settings, change.Version, next));
            return ApplyOutcome.Applied;
        }
    }

    /// <summary>Stops serving <paramref name="zone"/>; true when it was served.</summary>
    public bool Remove(string zone)
    {
        lock (gate) return RemoveLocked(zone);
    }

    private bool RemoveLocked(string zone)
    {
        if (!zones.Remove(zone)) return false;
        catalog.Publish(zone, null);
        return true;
    }

    private void Install(string name, ZoneState state)
    {
        var compiled = ZoneCompiler.Compile(state.Settings, state.Version, state.Records.Values);
        zones[name] = state;
        catalog.Publish(name, compiled);
    }

    private sealed record ZoneState(ZoneSettings Settings, long Version, Dictionary<string, DnsRecord> Records);
}
