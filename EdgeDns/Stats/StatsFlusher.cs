using System.Collections.Immutable;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vantage.Stats;

namespace Vantage.EdgeDns.Stats;

/// <summary>
/// Sends the counters' deltas to the zones' stats grains every <see cref="EdgeOptions.StatsFlushInterval"/> and once
/// more when the edge stops. Each flush takes the deltas since the previous one into one batch per zone with the next
/// sequence number; a batch that fails stays queued and is retried unchanged (same id, same counts) before any later
/// batch of its zone, so the grain can recognise a batch it already applied. A <c>kill -9</c> loses what was counted
/// since the last successful flush.
/// </summary>
public sealed partial class StatsFlusher(
    IClusterClient client,
    QueryCounters counters,
    IOptions<EdgeOptions> options,
    TimeProvider time,
    ILogger<StatsFlusher> logger) : BackgroundService
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly List<QueryCountBatch> pending = [];
    private long[] totals = [];
    private long[] captured = [];
    private long sequence;

    /// <summary>Fresh per process: a restarted edge starts its sequence again.</summary>
    public string Incarnation { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Batches taken but not yet acknowledged by their zone's grain.</summary>
    public int PendingBatches
    {
        get
        {
            lock (pending) return pending.Count;
        }
    }

    /// <summary>Takes the deltas since the last flush and sends every pending batch; true when none is left pending.</summary>
    public async Task<bool> FlushAsync(CancellationToken token)
    {
        await gate.WaitAsync(token).ConfigureAwait(false);
        try
        {
            Capture();
            return await SendPendingAsync(token).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.StatsFlushInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
                await FlushAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>A graceful stop sends what was counted until now.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.ClusterResponseTimeout);
        try
        {
            if (!await FlushAsync(timeout.Token).ConfigureAwait(false)) LogUnsent(logger, PendingBatches);
        }
        catch (OperationCanceledException)
        {
            LogUnsent(logger, PendingBatches);
        }
    }

    private void Capture()
    {
        totals = counters.Snapshot(totals);
        if (captured.Length < totals.Length) Array.Resize(ref captured, totals.Length);
        var byZone = new Dictionary<string, ImmutableArray<QueryCount>.Builder>(StringComparer.Ordinal);
        // Keys registered after the snapshot (queries for new zones meanwhile) are counted at the next flush.
        var keys = Math.Min(counters.KeyCount, totals.Length / QueryCounters.CellsPerKey);
        for (var id = 0; id < keys; id++)
        {
            ImmutableArray<QueryCount>.Builder? list = null;
            for (var cell = 0; cell < QueryCounters.CellsPerKey; cell++)
            {
                var i = id * QueryCounters.CellsPerKey + cell;
                var delta = totals[i] - captured[i];
                if (delta <= 0) continue;
                captured[i] = totals[i];
                var key = counters.KeyOf(id);
                if (key.Zone == QueryCounters.NoZone) continue;
                if (list is null && !byZone.TryGetValue(key.Zone, out list)) byZone[key.Zone] = list = ImmutableArray.CreateBuilder<QueryCount>();
                var rcode = cell / 2;
                list.Add(new QueryCount
                {
                    Domain = key.Domain,
                    Type = key.Type,
                    Rcode = rcode == QueryCounters.RcodeCells - 1 ? -1 : rcode,
                    Transport = cell % 2 == 0 ? "udp" : "tcp",
                    Count = delta,
                });
            }
        }
        if (byZone.Count == 0) return;
        var seq = ++sequence;
        var at = time.GetUtcNow();
        var edge = options.Value.EffectiveId;
        lock (pending)
        {
            foreach (var (zone, list) in byZone.OrderBy(z => z.Key, StringComparer.Ordinal))
            {
                pending.Add(new QueryCountBatch
                {
                    EdgeId = edge, Incarnation = Incarnation, Sequence = seq, CapturedAt = at, Zone = zone, Counts = list.ToImmutable(),
                });
            }
        }
    }

    private async Task<bool> SendPendingAsync(CancellationToken token)
    {
        List<QueryCountBatch> batches;
        lock (pending) batches = [.. pending];
        var failedZones = new HashSet<string>(StringComparer.Ordinal);
        foreach (var batch in batches)
        {
            if (failedZones.Contains(batch.Zone)) continue;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                timeout.CancelAfter(options.Value.ClusterResponseTimeout);
                await client.GetGrain<IZoneStatsGrain>(batch.Zone).Apply(batch).WaitAsync(timeout.Token).ConfigureAwait(false);
                lock (pending) pending.Remove(batch);
            }
            catch (Exception e) when (!token.IsCancellationRequested)
            {
                // Kept, and retried as it is before any later batch of this zone.
                failedZones.Add(batch.Zone);
                LogFlushFailed(logger, batch.Zone, batch.Sequence, e);
            }
        }
        return failedZones.Count == 0;
    }

    public override void Dispose()
    {
        gate.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Sending query counts of {Zone} (batch {Sequence}) failed; retrying later")]
    private static partial void LogFlushFailed(ILogger logger, string zone, long sequence, Exception exception);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Stopping with {Count} batches of query counts not sent")]
    private static partial void LogUnsent(ILogger logger, int count);
}
