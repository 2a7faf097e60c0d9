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
/// to the <see cref="ZoneCatalog"/>. Pure: no cluster, no I/O. Thread-safe; writes are serialized. Keeps the model
/// data of every zone so that it can be written to disk (<see cref="Snapshot"/>) and compared (<see cref="Digest"/>).
/// </summary>
public sealed class ZoneStore(ZoneCatalog catalog)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, ZoneState> zones = new(StringComparer.Ordinal);

    public ZoneCatalog Catalog => catalog;

    /// <summary>
    /// Raised with the zone name after a zone was installed at a new version or removed. Raised while the store's
    /// lock is held, so handlers must only take note (e.g. mark the zone dirty) and return.
    /// </summary>
    public event Action<string>? ZoneUpdated;

    /// <summary>The zone as served now (records sorted by domain and type), or null when it is not served.</summary>
    public ZoneSnapshot? Snapshot(string zone)
    {
        ZoneState? state;
        lock (gate) zones.TryGetValue(zone, out state);
        if (state is null) return null;
        return new ZoneSnapshot
        {
            Settings = state.Settings,
            Version = state.Version,
            Records = [.. state.Records.Values.OrderBy(r => r.Domain, StringComparer.Ordinal).ThenBy(r => r.Type, StringComparer.Ordinal)],
        };
    }

    /// <summary>The <see cref="ZoneDigest"/> of the records served for <paramref name="zone"/>, or null when it is not served.</summary>
    public string? Digest(string zone)
    {
        ZoneState? state;
        lock (gate) zones.TryGetValue(zone, out state);
        return state is null ? null : ZoneDigest.Of(state.Records.Values);
    }

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

            // Too large for the stream: the records must come from the journal or a snapshot.
            if (change.RecordsOmitted) return ApplyOutcome.Gap;

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
        ZoneUpdated?.Invoke(zone);
        return true;
    }

    private void Install(string name, ZoneState state)
    {
        var compiled = ZoneCompiler.Compile(state.Settings, state.Version, state.Records.Values);
        zones[name] = state;
        catalog.Publish(name, compiled);
        ZoneUpdated?.Invoke(name);
    }

    /// <summary>Never mutated once installed: readers may use it outside the lock.</summary>
    private sealed record ZoneState(ZoneSettings Settings, long Version, Dictionary<string, DnsRecord> Records);
}
