using Vantage.Events;

namespace Vantage.EdgeDns.Cluster;

/// <summary>Where zones come from: the cluster in production, a fake in tests.</summary>
public interface IZoneSource
{
    /// <summary>Every zone with its latest version.</summary>
    Task<IReadOnlyDictionary<string, long>> Versions(CancellationToken cancellationToken);

    /// <summary>The whole zone, or null when it does not exist.</summary>
    Task<ZoneSnapshot?> Snapshot(string zone, CancellationToken cancellationToken);

    /// <summary>The changes after <paramref name="version"/> (IXFR-like), or a flag that a snapshot is needed.</summary>
    Task<ZoneChanges> ChangesSince(string zone, long version, CancellationToken cancellationToken);
}
