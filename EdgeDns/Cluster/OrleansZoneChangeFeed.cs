using Orleans.Streams;
using Vantage.Events;
using Vantage.Zones;

namespace Vantage.EdgeDns.Cluster;

/// <summary>
/// <see cref="IZoneChangeFeed"/> over the zone-change memory streams (<see cref="ZoneSharding.StreamShards"/> of them;
/// zones spread over them by a consistent hash of their name). Tracks its own subscription handle per stream, so
/// several edges may share one client (tests) and a subscription the pub/sub store forgot (silo restart with an
/// in-memory store) is noticed: it is no longer among the stream's handles for this client.
/// </summary>
public sealed class OrleansZoneChangeFeed(IClusterClient client) : IZoneChangeFeed
{
    private readonly StreamSubscriptionHandle<ZoneChanged>?[] handles = new StreamSubscriptionHandle<ZoneChanged>?[ZoneSharding.StreamShards];

    private IAsyncStream<ZoneChanged> Stream(int shard) =>
        client.GetStreamProvider(ProviderNames.Streams).GetStream<ZoneChanged>(ZoneSharding.ChangeStream(shard));

    public async Task<bool> EnsureSubscribedAsync(Func<ZoneChanged, Task> onNext, SubscribeMode mode, CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(Enumerable.Range(0, handles.Length)
            .Select(shard => EnsureOneAsync(shard, onNext, mode, cancellationToken))).ConfigureAwait(false);
        return results.Any(r => r);
    }

    private async Task<bool> EnsureOneAsync(int shard, Func<ZoneChanged, Task> onNext, SubscribeMode mode, CancellationToken cancellationToken)
    {
        var stream = Stream(shard);
        var existing = await stream.GetAllSubscriptionHandles().WaitAsync(cancellationToken).ConfigureAwait(false);
        var handle = handles[shard];
        var live = handle is null ? null : existing.FirstOrDefault(h => h.HandleId == handle.HandleId);
        if (live is not null && mode == SubscribeMode.IfMissing) return false;
        handles[shard] = live is not null
            ? await live.ResumeAsync((change, _) => onNext(change)).WaitAsync(cancellationToken).ConfigureAwait(false)
            : await stream.SubscribeAsync((change, _) => onNext(change)).WaitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task UnsubscribeAsync(CancellationToken cancellationToken)
    {
        var taken = handles.ToArray();
        Array.Clear(handles);
        await Task.WhenAll(taken.Where(h => h is not null).Select(h => h!.UnsubscribeAsync().WaitAsync(cancellationToken))).ConfigureAwait(false);
    }
}
