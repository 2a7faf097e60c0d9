using Vantage.Events;

namespace Vantage.EdgeDns.Cluster;

public enum SubscribeMode
{
    /// <summary>Subscribe only when the cluster no longer knows this edge's subscription (it was lost silently).</summary>
    IfMissing,
    /// <summary>Re-attach (or renew) the subscription even when it looks alive: after a reconnect.</summary>
    Renew,
}

/// <summary>The fast path of zone changes: the zone-change stream in production, a fake in tests.</summary>
public interface IZoneChangeFeed
{
    /// <summary>Makes sure <paramref name="onNext"/> receives the stream's changes; true when it (re)subscribed.</summary>
    Task<bool> EnsureSubscribedAsync(Func<ZoneChanged, Task> onNext, SubscribeMode mode, CancellationToken cancellationToken);

    /// <summary>Drops this edge's subscription (best effort, on shutdown).</summary>
    Task UnsubscribeAsync(CancellationToken cancellationToken);
}
