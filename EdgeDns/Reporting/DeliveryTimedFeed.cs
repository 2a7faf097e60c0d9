using Vantage.EdgeDns.Cluster;
using Vantage.Events;

namespace Vantage.EdgeDns.Reporting;

/// <summary>
/// The zone-change feed with the stream's delivery delay measured: every change is timed (now − <c>ZoneChanged.At</c>)
/// the moment the stream hands it over, before the sync service queues and applies it.
/// </summary>
public sealed class DeliveryTimedFeed(IZoneChangeFeed inner, EdgeMetrics metrics, TimeProvider time) : IZoneChangeFeed
{
    public Task<bool> EnsureSubscribedAsync(Func<ZoneChanged, Task> onNext, SubscribeMode mode, CancellationToken cancellationToken) =>
        inner.EnsureSubscribedAsync(change =>
        {
            metrics.ChangeDelivered(change.At, time.GetUtcNow());
            return onNext(change);
        }, mode, cancellationToken);

    public Task UnsubscribeAsync(CancellationToken cancellationToken) => inner.UnsubscribeAsync(cancellationToken);
}
