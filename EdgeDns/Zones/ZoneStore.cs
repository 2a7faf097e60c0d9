using Vantage.Zones;
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
/// Applies zone snapshots and change events in version order per zone and publishes the result to the
/// <see cref="ZoneCatalog"/>: a change compiles only what it changed (<see cref="ZoneUpdater"/>), a snapshot compiles
/// the zone. Pure: no cluster, no I/O. Thread-safe; writes are serialized. The compiled zone is the only copy of a
/// zone's data: each record set keeps its record in compact form (<see cref="RecordModel"/>), from which the disk
/// snapshot (<see cref="Snapshot"/>) and the digest (<see cref="Digest"/>) are made.
/// </summary>
public sealed class ZoneStore(ZoneCatalog catalog)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, CompiledZone> zones = new(StringComparer.Ordinal);

    public ZoneCatalog Catalog => catalog;

    /// <summary>
    /// Raised with the zone name after a zone was installed at a new version or removed. Raised while the store's
    /// lock is held, so handlers must only take note (e.g. mark the zone dirty) and return.
    /// </summary>
    public event Action<string>? ZoneUpdated;

    /// <summary>The compiled zone served now, or null.</summary>
    public CompiledZone? Compiled(string zone)
    {
        lock (gate) return zones.GetValueOrDefault(zone);
    }

    /// <summary>The zone as served now (records sorted by domain and type), or null when it is not served.</summary>
    public ZoneSnapshot? Snapshot(string zone)
    {
        var compiled = Compiled(zone);
        if (compiled is null) return null;
        return new ZoneSnapshot
        {
            Settings = compiled.Settings,
            Version = compiled.Version,
            Records = [.. RecordsOf(compiled).OrderBy(r => r.Domain, StringComparer.Ordinal).ThenBy(r => r.Type, StringComparer.Ordinal)],
        };
    }

    /// <summary>Every record of a compiled zone in compact form (served ones and skipped ones), in no particular order.</summary>
    public static IEnumerable<byte[]> ModelsOf(CompiledZone zone)
    {
        foreach (var node in zone.Nodes.Values)
        {
            // Sets is a span, which an iterator cannot hold across a yield: index it.
            for (var i = 0; i < node.Sets.Length; i++)
            {
                if (node.Sets[i].Model is { } model) yield return model;
            }
        }
        foreach (var model in zone.Indexes.Skipped.Values) yield return model;
    }

    public static IEnumerable<DnsRecord> RecordsOf(CompiledZone zone) => ModelsOf(zone).Select(m => RecordModel.Decode(m, zone.Name));

    /// <summary>The <see cref="ZoneDigest"/> of the records served for <paramref name="zone"/>, or null when it is not served.</summary>
    public string? Digest(string zone)
    {
        var compiled = Compiled(zone);
        return compiled is null ? null : ZoneDigest.Of(RecordsOf(compiled));
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
        if (VersionOf(snapshot.Settings.Name) >= snapshot.Version) return ApplyOutcome.Duplicate;
        return ApplyCompiled(ZoneCompiler.Compile(snapshot.Settings, snapshot.Version, snapshot.Records));
    }

    /// <summary>Installs a zone compiled off the lock (a snapshot streamed page by page) unless we already serve this version or a newer one.</summary>
    public ApplyOutcome ApplyCompiled(CompiledZone compiled)
    {
        lock (gate)
        {
            if (zones.TryGetValue(compiled.Name, out var existing) && compiled.Version <= existing.Version) return ApplyOutcome.Duplicate;
            Install(compiled);
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
                Install(ZoneCompiler.Compile(change.Settings, change.Version, change.Records.Where(c => c.Record is not null).Select(c => c.Record!)));
                return ApplyOutcome.Applied;
            }

            if (state is null || change.Version != state.Version + 1) return ApplyOutcome.Gap;

            Install(ZoneUpdater.Apply(state, change.Settings ?? state.Settings, change.Version, change.Records));
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

    private void Install(CompiledZone compiled)
    {
        zones[compiled.Name] = compiled;
        catalog.Publish(compiled.Name, compiled);
        ZoneUpdated?.Invoke(compiled.Name);
    }
}
