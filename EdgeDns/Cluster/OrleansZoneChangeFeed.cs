using Orleans.Streams;
using Vantage.Events;

namespace Vantage.EdgeDns.Cluster;

/// <summary>
/// <see cref="IZoneChangeFeed"/> over the zone-change memory stream. Tracks its own subscription handle, so several
/// edges may share one client (tests) and a subscription the pub/sub store forgot (silo restart with an in-memory
/// store) is noticed: it is no longer among the stream's handles for this client.
/// </summary>
public sealed class OrleansZoneChangeFeed(IClusterClient client) : IZoneChangeFeed
{
    private StreamSubscriptionHandle<ZoneChanged>? handle;

    private IAsyncStream<ZoneChanged> Stream =>
        client.GetStreamProvider(ProviderNames.Streams).GetStream<ZoneChanged>(StreamIds.ZoneChanges);

    public async Task<bool> EnsureSubscribedAsync(Func<ZoneChanged, Task> onNext, SubscribeMode mode, CancellationToken cancellationToken)
    {
        var stream = Stream;
        var handles = await stream.GetAllSubscriptionHandles().WaitAsync(cancellationToken).ConfigureAwait(false);
        var live = handle is null ? null : handles.FirstOrDefault(h => h.HandleId == handle.HandleId);
        if (live is not null && mode == SubscribeMode.IfMissing) return false;
        handle = live is not null
            ? await live.ResumeAsync((change, _) => onNext(change)).WaitAsync(cancellationToken).ConfigureAwait(false)
            : await stream.SubscribeAsync((change, _) => onNext(change)).WaitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task UnsubscribeAsync(CancellationToken cancellationToken)
    {
        if (handle is null) return;
        var h = handle;
        handle = null;
        await h.UnsubscribeAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
