using System.Collections.Immutable;
using Vantage.Stats;

namespace Vantage.Grains.Stats;

/// <summary>
/// One zone's query statistics. A batch is applied and persisted together with its id before the call returns, so an
/// edge that saw a failure (or a silo that died after the write) retries the same batch, which is then recognised and
/// not counted again. The sliding QPS window lives in memory only: after a failover it fills again within a window.
/// </summary>
public sealed class ZoneStatsGrain(
    [PersistentState("stats", ProviderNames.ZoneStore)] IPersistentState<ZoneStatsState> state,
    IStatsArchive archive,
    TimeProvider time) : Grain, IZoneStatsGrain
{
    /// <summary>How often closed buckets are written to the archive (and once more when the grain deactivates).</summary>
    public static readonly TimeSpan ArchiveInterval = TimeSpan.FromMinutes(1);

    /// <summary>How often archived buckets past their retention are deleted.</summary>
    public static readonly TimeSpan ArchivePruneInterval = TimeSpan.FromHours(1);

    private static readonly BucketSize[] Sizes = [BucketSize.Minute, BucketSize.Hour, BucketSize.Day];

    /// <summary>QPS is the queries captured in this window divided by its length.</summary>
    public static readonly TimeSpan QpsWindow = TimeSpan.FromSeconds(60);

    /// <summary>Applied batch ids of an edge incarnation are forgotten after this long without a batch from it.</summary>
    public static readonly TimeSpan AppliedRetention = TimeSpan.FromDays(7);

    private readonly Queue<WindowEntry> window = new();

    public async Task<bool> Apply(QueryCountBatch batch)
    {
        var zone = this.GetPrimaryKeyString();
        if (!string.Equals(batch.Zone, zone, StringComparison.Ordinal)) throw new ArgumentException($"batch for {batch.Zone} sent to {zone}");
        var s = state.State;
        if (!s.Registered)
        {
            await GrainFactory.GetGrain<IAccountStatsGrain>(GrainKeys.Directory).Register(zone);
            s.Registered = true;
        }
        var source = batch.EdgeId + "/" + batch.Incarnation;
        if (s.Applied.TryGetValue(source, out var mark) && batch.Sequence <= mark.Sequence) return false;

        Add(s, batch, 1);
        // The account's share goes into the outbox with the batch: stored together, pushed after the write.
        var delta = new AccountDelta { Zone = zone, Sequence = s.PushSequence + 1, At = batch.CapturedAt, Count = batch.Counts.Where(c => c.Count > 0).Sum(c => c.Count) };
        s.PushSequence = delta.Sequence;
        s.Outbox.Add(delta);
        // Late counts for a bucket already archived: archive again from that bucket on (the rows are replaced).
        foreach (var size in Sizes)
        {
            var start = StatsBuckets.Floor(batch.CapturedAt.ToUnixTimeSeconds(), StatsBuckets.Seconds(size));
            if (s.ArchivedThrough.TryGetValue(size, out var through) && start < through) s.ArchivedThrough[size] = start;
        }
        var now = time.GetUtcNow();
        var hadMark = s.Applied.TryGetValue(source, out var previous);
        s.Applied[source] = new AppliedMark(batch.Sequence, now);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not stored (or not known to be): take the batch out again so that the edge's retry counts it once, and
            // let a fresh activation reload what the store holds (an ambiguous write that did land is then recognised).
            Add(s, batch, -1);
            s.Outbox.Remove(delta);
            s.PushSequence = delta.Sequence - 1;
            if (hadMark) s.Applied[source] = previous!;
            else s.Applied.Remove(source);
            DeactivateOnIdle();
            throw;
        }
        Prune(s, now);
        durableSequence = delta.Sequence;
        StartPush();

        foreach (var c in batch.Counts) window.Enqueue(new WindowEntry(batch.CapturedAt, batch.EdgeId, c));
        return true;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Deltas in the stored outbox are durable; some may have reached the account already (it recognises them).
        durableSequence = state.State.PushSequence;
        this.RegisterGrainTimer(_ => Archive(), new GrainTimerCreationOptions(ArchiveInterval, ArchiveInterval) { Interleave = false });
        this.RegisterGrainTimer(_ =>
        {
            StartPush();
            return Task.CompletedTask;
        }, new GrainTimerCreationOptions(PushRetryInterval, PushRetryInterval) { Interleave = true });
        StartPush();
        return Task.CompletedTask;
    }

    /// <summary>How often deltas that could not be pushed to the account (its silo away) are tried again.</summary>
    public static readonly TimeSpan PushRetryInterval = TimeSpan.FromSeconds(1);

    /// <summary>The highest delta sequence known to be stored: only those are pushed (a write may still fail and undo one).</summary>
    private long durableSequence;

    private Task? pushing;

    /// <summary>Pushes the stored deltas to the account in sequence order, unless a push is under way; a failure leaves them for the timer.</summary>
    private void StartPush()
    {
        if (pushing is { IsCompleted: false } || state.State.Outbox.Count == 0) return;
        pushing = PushAsync();
    }

    private async Task PushAsync()
    {
        var outbox = state.State.Outbox;
        var account = GrainFactory.GetGrain<IAccountStatsGrain>(GrainKeys.Directory);
        try
        {
            while (outbox.Count > 0 && outbox[0].Sequence <= durableSequence)
            {
                var next = outbox[0];
                await account.Push(next);
                // Removed from memory now; the store's copy goes with the next write (a resend after a failover is recognised).
                if (outbox.Count > 0 && outbox[0] == next) outbox.RemoveAt(0);
            }
        }
        catch (Exception)
        {
            // The account is away: the timer tries again with the same deltas.
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (reason.ReasonCode == DeactivationReasonCode.ApplicationRequested) return;
        try
        {
            await Archive();
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The next activation archives from where the stored state says the archive ends.
        }
    }

    /// <summary>
    /// Writes every closed bucket not yet archived (of the zone and of each record) to the archive, prunes archived
    /// buckets past their retention now and then, and records how far the archive goes; returns the buckets written.
    /// </summary>
    public async Task<int> Archive()
    {
        var zone = this.GetPrimaryKeyString();
        var s = state.State;
        var now = time.GetUtcNow();
        var seconds = now.ToUnixTimeSeconds();
        var rows = new List<ArchivedBucket>();
        var through = new Dictionary<BucketSize, long>();
        foreach (var size in Sizes)
        {
            var closedBefore = StatsBuckets.Floor(seconds, StatsBuckets.Seconds(size));
            var from = s.ArchivedThrough.GetValueOrDefault(size, long.MinValue);
            Collect(rows, size, s.Zone, "", "", from, closedBefore);
            foreach (var (key, buckets) in s.Records)
            {
                var slash = key.IndexOf('/', StringComparison.Ordinal);
                Collect(rows, size, buckets, key[..slash], key[(slash + 1)..], from, closedBefore);
            }
            through[size] = closedBefore;
        }
        if (rows.Count > 0) await archive.WriteAsync(zone, rows);
        foreach (var (size, t) in through) s.ArchivedThrough[size] = t;
        var prune = now - s.ArchivePrunedAt >= ArchivePruneInterval;
        if (prune)
        {
            foreach (var size in Sizes) await archive.PruneAsync(zone, size, (now - StatsBuckets.Retention(size)).ToUnixTimeSeconds());
            s.ArchivePrunedAt = now;
        }
        // Nothing new archived: the marks may stay unsaved (a later activation only rewrites the same rows).
        if (rows.Count > 0 || prune) await state.WriteStateAsync();
        return rows.Count;
    }

    private static void Collect(List<ArchivedBucket> rows, BucketSize size, StatsBuckets buckets, string domain, string type, long from, long to)
    {
        foreach (var (start, count) in buckets.Of(size))
        {
            if (start >= to) break;
            if (start >= from) rows.Add(new ArchivedBucket(size, start, domain, type, count));
        }
    }

    private static void Add(ZoneStatsState s, QueryCountBatch batch, int sign)
    {
        foreach (var c in batch.Counts)
        {
            if (c.Count <= 0) continue;
            s.Zone.Add(batch.CapturedAt, sign * c.Count);
            if (c.Domain.Length == 0) continue;
            var key = RecordKey(c.Domain, c.Type);
            if (!s.Records.TryGetValue(key, out var record)) s.Records[key] = record = new StatsBuckets();
            record.Add(batch.CapturedAt, sign * c.Count);
        }
    }

    public Task<double> Qps(string? domain = null, string? type = null)
    {
        var recent = Recent();
        var key = domain is null ? null : RecordKey(domain, type ?? "");
        var total = recent.Where(e => key is null || RecordKey(e.Count.Domain, e.Count.Type) == key).Sum(e => e.Count.Count);
        return Task.FromResult(total / QpsWindow.TotalSeconds);
    }

    public Task<LiveStats> Live()
    {
        var recent = Recent();
        var seconds = QpsWindow.TotalSeconds;
        return Task.FromResult(new LiveStats
        {
            Qps = recent.Sum(e => e.Count.Count) / seconds,
            QpsByEdge = recent.GroupBy(e => e.Edge, StringComparer.Ordinal)
                .ToImmutableDictionary(g => g.Key, g => g.Sum(e => e.Count.Count) / seconds, StringComparer.Ordinal),
            QpsByRcode = recent.GroupBy(e => RcodeNames.Of(e.Count.Rcode), StringComparer.Ordinal)
                .ToImmutableDictionary(g => g.Key, g => g.Sum(e => e.Count.Count) / seconds, StringComparer.Ordinal),
        });
    }

    public Task<ZoneUsage> Usage(UsagePeriod period, string? domain = null, string? type = null)
    {
        var now = time.GetUtcNow();
        var s = state.State;
        if (domain is not null)
        {
            var one = s.Records.TryGetValue(RecordKey(domain, type ?? ""), out var buckets)
                ? buckets.Usage(period, now) : new UsageSeries();
            return Task.FromResult(new ZoneUsage
            {
                Usage = one,
                Records = [new RecordUsage { Domain = domain.ToLowerInvariant(), Type = (type ?? "").ToUpperInvariant(), Usage = one }],
            });
        }
        var records = s.Records
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => (Parts: r.Key.Split('/'), Usage: r.Value.Usage(period, now)))
            .Where(r => r.Usage.Queries > 0)
            .Select(r => new RecordUsage { Domain = r.Parts[0], Type = r.Parts[1], Usage = r.Usage })
            .ToImmutableArray();
        return Task.FromResult(new ZoneUsage { Usage = s.Zone.Usage(period, now), Records = records });
    }

    private List<WindowEntry> Recent()
    {
        var from = time.GetUtcNow() - QpsWindow;
        while (window.Count > 0 && window.Peek().At < from) window.Dequeue();
        return window.Where(e => e.At >= from).ToList();
    }

    private static void Prune(ZoneStatsState s, DateTimeOffset now)
    {
        s.Zone.Prune(now);
        foreach (var key in s.Records.Where(r => { r.Value.Prune(now); return r.Value.IsEmpty; }).Select(r => r.Key).ToList())
            s.Records.Remove(key);
        foreach (var key in s.Applied.Where(a => now - a.Value.At > AppliedRetention).Select(a => a.Key).ToList())
            s.Applied.Remove(key);
    }

    private static string RecordKey(string domain, string type) =>
        domain.ToLowerInvariant() + "/" + type.ToUpperInvariant();

    private readonly record struct WindowEntry(DateTimeOffset At, string Edge, QueryCount Count);
}
