using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Vantage.Events;

namespace Vantage.EdgeDns.Cluster;

/// <summary>
/// The thin Orleans part of the edge: subscribes to the zone-change stream, loads every zone, and feeds events and a
/// periodic reconcile into one loop that drives the <see cref="ZoneSynchronizer"/>. The query path never waits on it.
/// </summary>
public sealed class ZoneSyncService(
    IClusterClient client,
    ZoneSynchronizer synchronizer,
    IOptions<EdgeOptions> options,
    TimeProvider time,
    ILogger<ZoneSyncService> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    /// <summary>Null items mean "reconcile now".</summary>
    private readonly Channel<ZoneChanged?> work = Channel.CreateUnbounded<ZoneChanged?>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var stream = client.GetStreamProvider(ProviderNames.Streams).GetStream<ZoneChanged>(StreamIds.ZoneChanges);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Subscribe first, then load: an event racing the load is either in the snapshot or queued behind it.
                await EnsureSubscribedAsync(stream).ConfigureAwait(false);
                await synchronizer.ReconcileAsync(stoppingToken).ConfigureAwait(false);
                break;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                SyncLog.SyncFailed(logger, e);
                await Task.Delay(RetryDelay, time, stoppingToken).ConfigureAwait(false);
            }
        }

        _ = TickAsync(stoppingToken);
        await foreach (var item in work.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                if (item is not null)
                {
                    await synchronizer.HandleAsync(item, stoppingToken).ConfigureAwait(false);
                    continue;
                }
                await EnsureSubscribedAsync(stream).ConfigureAwait(false);
                await synchronizer.ReconcileAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                SyncLog.SyncFailed(logger, e);
            }
        }
    }

    private async Task TickAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReconcileInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false)) work.Writer.TryWrite(null);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    /// <summary>
    /// Subscribes when this client has no subscription. A silo restart with an in-memory pub/sub store loses the
    /// subscription silently, so the periodic reconcile checks again.
    /// </summary>
    private async Task EnsureSubscribedAsync(IAsyncStream<ZoneChanged> stream)
    {
        var handles = await stream.GetAllSubscriptionHandles().ConfigureAwait(false);
        if (handles.Count > 0) return;
        await stream.SubscribeAsync((change, _) =>
        {
            work.Writer.TryWrite(change);
            return Task.CompletedTask;
        }).ConfigureAwait(false);
        SyncLog.Subscribed(logger);
    }
}
