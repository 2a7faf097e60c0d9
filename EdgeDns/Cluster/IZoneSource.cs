using Vantage.EdgeDns.Zones;
using Vantage.Events;

namespace Vantage.EdgeDns.Cluster;

/// <summary>Where zones come from: the cluster in production, a fake in tests.</summary>
public interface IZoneSource
{
    /// <summary>Every zone with its latest version.</summary>
    Task<IReadOnlyDictionary<string, long>> Versions(CancellationToken cancellationToken);

    /// <summary>The whole zone, or null when it does not exist.</summary>
    Task<ZoneSnapshot?> Snapshot(string zone, CancellationToken cancellationToken);

    /// <summary>
    /// The whole zone compiled, or null when it does not exist. A source that reads the zone in pages feeds each page
    /// to the compiler and drops it, so a big zone is never held as records and compiled zone at once.
    /// Throws <see cref="ArgumentException"/> when the zone cannot be compiled.
    /// </summary>
    async Task<CompiledZone?> CompiledSnapshot(string zone, CancellationToken cancellationToken)
    {
        var snapshot = await Snapshot(zone, cancellationToken).ConfigureAwait(false);
        return snapshot is null ? null : ZoneCompiler.Compile(snapshot.Settings, snapshot.Version, snapshot.Records);
    }

    /// <summary>The changes after <paramref name="version"/> (IXFR-like), or a flag that a snapshot is needed.</summary>
    Task<ZoneChanges> ChangesSince(string zone, long version, CancellationToken cancellationToken);
}
