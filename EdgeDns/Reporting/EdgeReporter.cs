using System.Collections.Immutable;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vantage.EdgeDns.Cluster;
using Vantage.EdgeDns.Server;
using Vantage.EdgeDns.Zones;

namespace Vantage.EdgeDns.Reporting;

/// <summary>
/// Tells the cluster what this edge serves: an <see cref="EdgeReport"/> to the edge registry every
/// <see cref="EdgeOptions.ReportInterval"/>, and right after a reconnect (once the zones are reconciled). Reports are
/// deltas (<see cref="EdgeReportDeltas"/>): only the zones whose version changed since the last acknowledged one; full
/// at start, after a reconnect, and when the registry asks.
/// </summary>
public sealed class EdgeReporter(
    IClusterClient client,
    ZoneStore store,
    EdgeMetrics metrics,
    Stats.QueryCounters counters,
    DnsServer server,
    ZoneSyncService sync,
    IOptions<EdgeOptions> options,
    TimeProvider time,
    ILogger<EdgeReporter> logger) : BackgroundService
{
    private readonly DateTimeOffset startedAt = time.GetUtcNow();
    private readonly SemaphoreSlim reportNow = new(0, 1);
    private readonly EdgeReportDeltas deltas = new();

    /// <summary>The report as of now; takes (and resets) the lag and answer-latency windows.</summary>
    public EdgeReport BuildReport()
    {
        var lag = metrics.TakeWindow();
        var answers = counters.TakeLatencyWindow();
        return new EdgeReport
        {
            EdgeId = options.Value.EffectiveId,
            Endpoint = server.EndPoint?.ToString() ?? "",
            StartedAt = startedAt,
            ReportedAt = time.GetUtcNow(),
            Zones = store.Versions().ToImmutableDictionary(StringComparer.Ordinal),
            LagP50Ms = lag.P50Ms,
            LagP99Ms = lag.P99Ms,
            LagMaxMs = lag.MaxMs,
            ChangesApplied = metrics.ChangesApplied,
            SnapshotsFetched = metrics.SnapshotsFetched,
            QueriesAnswered = server.QueriesAnswered,
            AnswerP50Ms = answers.P50Ms,
            AnswerP99Ms = answers.P99Ms,
            AnswersTimed = answers.Count,
        };
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        sync.Reconciled += OnReconciled;
        try
        {
            var interval = options.Value.ReportInterval;
            while (!stoppingToken.IsCancellationRequested)
            {
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
                {
                    var woken = reportNow.WaitAsync(wait.Token);
                    await Task.WhenAny(woken, Task.Delay(interval, time, wait.Token)).ConfigureAwait(false);
                    await wait.CancelAsync().ConfigureAwait(false);
                }
                if (stoppingToken.IsCancellationRequested) return;
                await ReportAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        finally
        {
            sync.Reconciled -= OnReconciled;
        }
    }

    private async Task ReportAsync(CancellationToken token)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            timeout.CancelAfter(options.Value.ClusterResponseTimeout);
            var registry = client.GetGrain<IEdgeRegistryGrain>(GrainKeys.Directory);
            var report = BuildReport();
            var ack = await registry.Report(deltas.Next(report)).WaitAsync(timeout.Token).ConfigureAwait(false);
            deltas.Acknowledged(ack);
            // The registry lost the base of our deltas (it restarted or pruned us): tell it everything at once.
            if (ack.FullReportWanted)
            {
                deltas.Acknowledged(await registry.Report(deltas.Next(report)).WaitAsync(timeout.Token).ConfigureAwait(false));
            }
        }
        catch (Exception e) when (!token.IsCancellationRequested)
        {
            // The cluster is away; the next report carries the figures again (the lag window restarts).
            deltas.Failed();
            SyncLog.ReportFailed(logger, e);
        }
    }

    private void OnReconciled(bool renewed)
    {
        if (!renewed) return;
        deltas.RequestFull();
        try
        {
            reportNow.Release();
        }
        catch (SemaphoreFullException)
        {
            // A report is already due.
        }
    }

    public override void Dispose()
    {
        reportNow.Dispose();
        base.Dispose();
    }
}
