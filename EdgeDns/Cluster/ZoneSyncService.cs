using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vantage.Events;

namespace Vantage.EdgeDns.Cluster;

/// <summary>
/// Drives the <see cref="ZoneSynchronizer"/> from one loop: changes from the stream (the fast path), and
/// reconciliations of every zone's version with the cluster (what makes it right) — at start, after every connection
/// change (resubscribing first), every <see cref="EdgeOptions.ReconcileInterval"/> to catch events lost silently,
/// and again shortly after a failed attempt. The query path never waits on any of it.
/// </summary>
public sealed class ZoneSyncService(
    IZoneChangeFeed feed,
    ZoneSynchronizer synchronizer,
    ClusterConnectionMonitor connection,
    IOptions<EdgeOptions> options,
    TimeProvider time,
    ILogger<ZoneSyncService> logger) : BackgroundService
{
    /// <summary>Wait before retrying a reconcile that failed (cluster unreachable, call timed out).</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan UnsubscribeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>A change (Change set) or a reconcile request (Change null).</summary>
    private readonly Channel<ZoneChanged?> work = Channel.CreateUnbounded<ZoneChanged?>(new UnboundedChannelOptions { SingleReader = true });
    private int reconcileQueued;
    private int renewRequested;
    private int retryPending;
    private int retryArmed;
    private long reconciles;
    private CancellationToken stoppingToken;

    /// <summary>Raised after a complete reconcile; the argument tells whether the subscription was renewed first (a reconnect).</summary>
    public event Action<bool>? Reconciled;

    /// <summary>True while a retry of a failed reconcile waits for <see cref="RetryDelay"/>.</summary>
    public bool RetryPending => Volatile.Read(ref retryArmed) == 1;

    /// <summary>Complete reconciles so far.</summary>
    public long Reconciles => Interlocked.Read(ref reconciles);

    /// <summary>Asks the loop to reconcile soon; <see cref="SubscribeMode.Renew"/> also renews the stream subscription.</summary>
    public void RequestReconcile(SubscribeMode mode)
    {
        if (mode == SubscribeMode.Renew) Volatile.Write(ref renewRequested, 1);
        if (Interlocked.Exchange(ref reconcileQueued, 1) == 0) work.Writer.TryWrite(null);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        this.stoppingToken = stoppingToken;
        connection.Changed += OnConnectionChanged;
        try
        {
            RequestReconcile(SubscribeMode.Renew);
            _ = TickAsync(stoppingToken);
            await foreach (var change in work.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                if (change is null) await ReconcileAsync(stoppingToken).ConfigureAwait(false);
                else await HandleAsync(change, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            connection.Changed -= OnConnectionChanged;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (connection.ConnectedGateways == 0) return;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(UnsubscribeTimeout);
            await feed.UnsubscribeAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Best effort: the subscription dies with the client anyway.
            SyncLog.SyncFailed(logger, e);
        }
    }

    private async Task HandleAsync(ZoneChanged change, CancellationToken token)
    {
        try
        {
            await synchronizer.HandleAsync(change, token).ConfigureAwait(false);
        }
        catch (Exception e) when (!token.IsCancellationRequested)
        {
            SyncLog.SyncFailed(logger, e);
            RetryLater();
        }
    }

    private async Task ReconcileAsync(CancellationToken token)
    {
        Volatile.Write(ref reconcileQueued, 0);
        var mode = Interlocked.Exchange(ref renewRequested, 0) == 1 ? SubscribeMode.Renew : SubscribeMode.IfMissing;
        try
        {
            // Subscribe first, then compare versions: an event racing the comparison is queued behind it.
            if (await feed.EnsureSubscribedAsync(OnNextAsync, mode, token).ConfigureAwait(false)) SyncLog.Subscribed(logger);
            var failed = await synchronizer.ReconcileAsync(token).ConfigureAwait(false);
            if (failed > 0)
            {
                RetryLater();
                return;
            }
            Interlocked.Increment(ref reconciles);
            SyncLog.Reconciled(logger, mode == SubscribeMode.Renew);
            Reconciled?.Invoke(mode == SubscribeMode.Renew);
        }
        catch (Exception e) when (!token.IsCancellationRequested)
        {
            SyncLog.SyncFailed(logger, e);
            if (mode == SubscribeMode.Renew) Volatile.Write(ref renewRequested, 1);
            RetryLater();
        }
    }

    private Task OnNextAsync(ZoneChanged change)
    {
        work.Writer.TryWrite(change);
        return Task.CompletedTask;
    }

    private void OnConnectionChanged(ConnectionChange change)
    {
        if (change == ConnectionChange.Lost)
        {
            SyncLog.ConnectionLost(logger);
            return;
        }
        SyncLog.GatewaysChanged(logger, change, connection.ConnectedGateways);
        // A silo that left may have held the stream's pub/sub state; a reconnect certainly needs a fresh look.
        RequestReconcile(change == ConnectionChange.Recovered ? SubscribeMode.Renew : SubscribeMode.IfMissing);
    }

    private void RetryLater()
    {
        if (Interlocked.Exchange(ref retryPending, 1) == 1) return;
        var delay = Task.Delay(RetryDelay, time, stoppingToken);
        Volatile.Write(ref retryArmed, 1);
        _ = RetryAfterAsync(delay);
    }

    private async Task RetryAfterAsync(Task delay)
    {
        try
        {
            await delay.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        finally
        {
            Volatile.Write(ref retryArmed, 0);
            Volatile.Write(ref retryPending, 0);
        }
        RequestReconcile(SubscribeMode.IfMissing);
    }

    private async Task TickAsync(CancellationToken token)
    {
        using var timer = new PeriodicTimer(options.Value.ReconcileInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false)) RequestReconcile(SubscribeMode.IfMissing);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }
}
