using Microsoft.Extensions.Logging;
using Vantage.EdgeDns.Reporting;
using Vantage.EdgeDns.Zones;
using Vantage.Events;
using Vantage.Zones;

namespace Vantage.EdgeDns.Cluster;

/// <summary>
/// Keeps the <see cref="ZoneStore"/> in step with an <see cref="IZoneSource"/>: applies stream events, and on a gap
/// pulls the missing changes (or the snapshot when the journal no longer reaches back); reconciles the whole
/// {zone: version} map on demand. One caller (the sync service's loop) drives it; a reconcile catches zones up side by side.
/// Every applied change feeds the publish → applied lag of <see cref="EdgeMetrics"/>.
/// </summary>
public sealed class ZoneSynchronizer(
    IZoneSource source, ZoneStore store, EdgeMetrics metrics, TimeProvider time, ILogger<ZoneSynchronizer> logger)
{
    /// <summary>Applies one event from the stream; a gap triggers a catch-up from the source.</summary>
    public async Task HandleAsync(ZoneChanged change, CancellationToken cancellationToken)
    {
        ApplyOutcome outcome;
        try
        {
            outcome = store.Apply(change);
        }
        catch (ArgumentException e)
        {
            SyncLog.CompileFailed(logger, e, change.Zone, change.Version);
            return;
        }
        switch (outcome)
        {
            case ApplyOutcome.Applied:
                metrics.ChangeApplied(change.At, time.GetUtcNow());
                SyncLog.Applied(logger, change.Zone, change.Version);
                break;
            case ApplyOutcome.Removed:
                SyncLog.Removed(logger, change.Zone);
                break;
            case ApplyOutcome.Gap:
                SyncLog.Gap(logger, change.Zone, store.VersionOf(change.Zone));
                await CatchUpAsync(change.Zone, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>
    /// Brings every zone to the source's version and drops the zones the source no longer has. Returns the number of
    /// zones that could not be brought up to date (the caller retries); throws when the source cannot list its zones.
    /// </summary>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken)
    {
        var theirs = await source.Versions(cancellationToken).ConfigureAwait(false);
        var ours = store.Versions();
        var failed = 0;
        var behind = theirs.Where(z => z.Value == ZoneDirectory.UnknownVersion || ours.GetValueOrDefault(z.Key) != z.Value).Select(z => z.Key);
        // Zones are caught up side by side (the store is thread-safe, each zone is caught up once here): a fresh edge
        // facing 10,000 zones waits for round trips in parallel, not one after the other.
        await Parallel.ForEachAsync(behind, new ParallelOptions { MaxDegreeOfParallelism = CatchUpParallelism, CancellationToken = cancellationToken },
            async (zone, token) =>
            {
                try
                {
                    await CatchUpAsync(zone, token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    SyncLog.CatchUpFailed(logger, e, zone);
                    Interlocked.Increment(ref failed);
                }
            }).ConfigureAwait(false);
        foreach (var zone in ours.Keys)
        {
            if (!theirs.ContainsKey(zone) && store.Remove(zone)) SyncLog.Removed(logger, zone);
        }
        return failed;
    }

    /// <summary>Zones caught up at once during a reconcile.</summary>
    public const int CatchUpParallelism = 16;

    /// <summary>Beyond this many missing changes a zone is caught up from its snapshot rather than change by change.</summary>
    public const int MaxChangesToReplay = 32;

    /// <summary>Pulls what <paramref name="zone"/> is missing: the journal's changes when it reaches back, else the snapshot.</summary>
    public async Task CatchUpAsync(string zone, CancellationToken cancellationToken)
    {
        var version = store.VersionOf(zone);
        if (version > 0)
        {
            var changes = await source.ChangesSince(zone, version, cancellationToken).ConfigureAwait(false);
            if (!changes.Exists)
            {
                if (store.Remove(zone)) SyncLog.Removed(logger, zone);
                return;
            }
            // Many missed changes (a long partition): one snapshot compiles the zone once instead of once per change.
            // A cluster behind us (re-created zone, restored store) also needs the snapshot.
            if (!changes.SnapshotRequired && changes.CurrentVersion >= version
                && changes.Changes.Length <= MaxChangesToReplay && ApplyAll(changes)) return;
        }

        CompiledZone? compiled;
        try
        {
            compiled = await source.CompiledSnapshot(zone, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            SyncLog.CompileFailed(logger, e, zone, 0);
            return;
        }
        if (compiled is null)
        {
            if (store.Remove(zone)) SyncLog.Removed(logger, zone);
            return;
        }
        metrics.SnapshotFetched();
        // A snapshot older than what we hold means the zone was deleted and re-created meanwhile: start over.
        if (compiled.Version < store.VersionOf(zone)) store.Remove(zone);
        if (store.ApplyCompiled(compiled) == ApplyOutcome.Applied) SyncLog.Applied(logger, zone, compiled.Version);
        Vantage.Hosting.HeapCompaction.AfterZoneLoad(compiled.NodeCount);
    }

    private bool ApplyAll(ZoneChanges changes)
    {
        foreach (var change in changes.Changes)
        {
            ApplyOutcome outcome;
            try
            {
                outcome = store.Apply(change);
            }
            catch (ArgumentException e)
            {
                SyncLog.CompileFailed(logger, e, change.Zone, change.Version);
                return false;
            }
            if (outcome == ApplyOutcome.Gap) return false;
            if (outcome == ApplyOutcome.Applied)
            {
                metrics.ChangeApplied(change.At, time.GetUtcNow());
                SyncLog.Applied(logger, change.Zone, change.Version);
            }
        }
        return true;
    }
}
