using System.Collections.Immutable;
using System.Numerics;
using Microsoft.Extensions.Logging;
using Vantage.Events;
using Vantage.Grains.Zones.Storage;
using Vantage.Model;
using Vantage.Zones;

namespace Vantage.Grains.Zones;

/// <summary>Loading, committing and checkpointing: how a zone's log, head and shards are kept in the store.</summary>
public sealed partial class ZoneGrain
{
    /// <summary>Record changes per log row.</summary>
    internal const int LogPartRecords = 500;

    /// <summary>Average record sets per shard when a generation is written; a zone reshards at twice this.</summary>
    internal const int ShardRecords = 512;

    /// <summary>A change of at least this many record sets that touches a quarter of the zone rewrites the shards instead of logging.</summary>
    private const int RewriteMinRecords = 2_000;

    /// <summary>Stream events stay small (the memory stream's cache refuses messages of about a megabyte).</summary>
    private const int MaxRecordsPerEvent = 200;

    /// <summary>A catch-up answer carries at most this many record changes; beyond, the edge reads the zone by pages.</summary>
    private const int MaxRecordsPerCatchUp = 20_000;

    /// <summary>Record changes kept in memory for catch-ups (older ones are read back from the log).</summary>
    private const int JournalMaxRecordChanges = 20_000;

    /// <summary>Reads from storage in flight at once when many rows are read (shards, log parts).</summary>
    private const int ReadParallelism = 16;

    /// <summary>Replaced versions stay readable for paging this long (and at most <see cref="RetainedVersions"/> of them).</summary>
    private static readonly TimeSpan RetainFor = TimeSpan.FromMinutes(2);

    private const int RetainedVersions = 32;

    /// <summary>Log versions deleted per checkpoint at most.</summary>
    private const int PruneBatch = 1024;

    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly List<(ZoneModel Model, DateTimeOffset ReplacedAt)> _retained = [];
    private readonly List<ZoneChanged> _journal = [];
    private int _journalRecords;
    private readonly Dictionary<long, int> _logParts = [];
    private readonly HashSet<int> _dirtyShards = [];
    /// <summary>Each shard's record sets by key, as of <see cref="Current"/>: a checkpoint packs a dirty shard from these
    /// without looking each key up in the version's tree (3 µs a key on the 1M-record zone, most of a checkpoint's cost).</summary>
    private Dictionary<string, DnsRecord>[] _shardMembers = [];
    private IGrainTimer? _checkpointTimer;

    /// <summary>The checkpoint's shard writes now running off the grain (completed when none are).</summary>
    private Task _shardBurst = Task.CompletedTask;

    /// <summary>Cancelled when a deactivation could not wait for this activation's writes: bursts start no more of them.</summary>
    private readonly CancellationTokenSource _stopWrites = new();

    private ZoneHead Head => _store.Head;

    /// <summary>The write gate: every change (and checkpoint) holds it; an import holds it for its whole run.</summary>
    private async Task<WriteGate> EnterWrite()
    {
        var asked = System.Diagnostics.Stopwatch.GetTimestamp();
        var entered = await _writeGate.WaitAsync(RunningImportId is null ? TimeSpan.FromSeconds(20) : TimeSpan.FromSeconds(2));
        if (entered) GateEntered(asked);
        return new WriteGate(entered ? _writeGate : null);
    }

    /// <summary>Notes, for the slow-write log, when the writer now holding the gate asked for it (a Stopwatch timestamp).</summary>
    private void GateEntered(long asked) => (_writeAsked, _gateWait) = (asked, System.Diagnostics.Stopwatch.GetElapsedTime(asked));

    /// <summary>When the writer holding the gate asked for it, and how long it waited (for the slow-write log).</summary>
    private long _writeAsked;
    private TimeSpan _gateWait;

    private readonly struct WriteGate(SemaphoreSlim? held) : IAsyncDisposable
    {
        public bool Entered => held is not null;

        public ValueTask DisposeAsync()
        {
            held?.Release();
            return ValueTask.CompletedTask;
        }
    }

    private async Task Load(CancellationToken cancellationToken)
    {
        var head = await _store.ReadHead();
        if (!_store.HeadExists && legacy.RecordExists && legacy.State is { } old)
        {
            await MigrateLegacy(old);
            head = Head;
        }
        var records = new List<DnsRecord>(head.RecordCount);
        var name = Name;
        if (head.Generation.Length > 0)
        {
            var shards = new RecordShard?[head.ShardCount];
            await OffTheGrain(() => ForEachBounded(Enumerable.Range(0, head.ShardCount), async i => shards[i] = await _store.ReadShard(head.Generation, i)));
            foreach (var shard in shards)
            {
                if (shard is null) throw new InvalidOperationException($"zone {Name}: a record shard of generation {head.Generation} is missing");
                foreach (var record in shard.RecordsOf(name)) records.Add(RecordCompaction.Compact(record, name));
            }
        }
        var table = RecordTable.From(records);
        ResetMembers(table, head.ShardCount);
        var model = new ZoneModel(head.Settings, head.CheckpointVersion, head.LastSerial, table);

        // Checkpointed but never published (the stream was down when the grain went away): publish them now.
        for (var v = Math.Max(Math.Max(head.PublishedVersion + 1, head.LogFrom), head.CheckpointVersion - 63); v <= head.CheckpointVersion; v++)
        {
            if (await ReadChange(v) is { } unpublished) Enqueue(unpublished);
        }

        // Changes logged after the checkpoint: replay them (a crash before the checkpoint loses nothing committed).
        for (var v = head.CheckpointVersion + 1; v <= head.Version; v++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var change = await ReadChange(v)
                ?? throw new InvalidOperationException($"zone {Name}: version {v} is committed but its log entry is missing");
            model = Applied(model, change);
            MarkDirty(change.Records);
            RememberInJournal(change);
            if (v > head.PublishedVersion) Enqueue(change);
        }
        _current = model with { Settings = head.Settings, Version = head.Version, LastSerial = head.LastSerial };
        if (_dirtyShards.Count > 0 || (head.Generation.Length == 0 && head.Exists)) ScheduleCheckpoint();
    }

    /// <summary>Zones stored before the log existed are one state row: write them as a shard generation and a head once.</summary>
    private async Task MigrateLegacy(ZoneState old)
    {
        var table = RecordTable.From(old.Records.Values);
        var (generation, count) = await WriteGeneration(table);
        await _store.WriteHead(new ZoneHead
        {
            Settings = old.Settings,
            Version = old.Version,
            LastSerial = old.LastSerial,
            Generation = generation,
            ShardCount = count,
            CheckpointVersion = old.Version,
            LogFrom = old.Version + 1,
            PublishedVersion = old.Version,
            RecordCount = table.Count,
        });
        LogMigrated(Name, old.Version, table.Count);
        try
        {
            await legacy.ClearStateAsync();
        }
        catch (Exception ex)
        {
            LogCleanupFailed(Name, ex);
        }
    }

    /// <summary>Builds the next version, stores it (log, then head: the commit point), then publishes through the outbox.</summary>
    private async Task<OpResult<bool>> Commit(
        ZoneChangeKind kind, ZoneSettings? zone, ImmutableArray<RecordChange> changes, uint? requestedSerial = null,
        RecordTable? nextRecords = null)
    {
        var now = time.GetUtcNow();
        var previous = Current;
        var version = previous.Version + 1;
        if (zone is not null)
        {
            zone = zone with { Serial = ZoneEdits.NextSerial(zone.Serial == 0 ? previous.LastSerial : zone.Serial, now, requestedSerial) };
        }
        var records = kind == ZoneChangeKind.Deleted ? RecordTable.Empty : nextRecords ?? previous.Records.Apply(changes);
        var evt = new ZoneChanged { Zone = Name, Version = version, Kind = kind, Settings = zone, Records = changes, At = now };
        var next = new ZoneModel(zone, version, zone?.Serial ?? previous.LastSerial, records);
        var rewrite = changes.Length >= RewriteMinRecords && changes.Length * 4L >= Math.Max(records.Count, previous.Records.Count);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        _store.TakeCommitTimes();
        try
        {
            if (rewrite) await CommitRewrite(next);
            else await CommitLogged(next, evt);
            var took = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            var total = System.Diagnostics.Stopwatch.GetElapsedTime(_writeAsked);
            if (total >= SlowCommit)
            {
                var (laneWait, writing) = _store.TakeCommitTimes();
                LogSlowCommit(Name, version, total.TotalMilliseconds, _gateWait.TotalMilliseconds, (total - took - _gateWait).TotalMilliseconds,
                    took.TotalMilliseconds, laneWait.TotalMilliseconds, writing.TotalMilliseconds);
            }
        }
        catch (Exception ex)
        {
            LogWriteFailed(Name, version, ex);
            // The store's etag may no longer match what we hold (or the write went through after all): reload on the next call.
            DeactivateOnIdle();
            return OpResult<bool>.Fail(OpError.StorageFailed, "the change could not be stored; read the zone back before retrying");
        }

        Retain(previous, now);
        IndexFeeds(previous.Records, records, changes);
        _current = next;
        if (rewrite)
        {
            _dirtyShards.Clear();
            ResetMembers(records, Head.ShardCount);
            evt = evt with { Records = ImmutableArray<RecordChange>.Empty, RecordsOmitted = true };
        }
        else
        {
            MarkDirty(changes);
            if (version - Head.CheckpointVersion >= _options.CheckpointEvery || _dirtyShards.Count > 0) ScheduleCheckpoint();
        }
        RememberInJournal(evt);
        Directory.SetVersion(Name, version).Ignore();
        Enqueue(evt);
        return OpResult<bool>.Success(true);
    }

    private async Task CommitLogged(ZoneModel next, ZoneChanged evt)
    {
        var parts = Math.Max(1, (evt.Records.Length + LogPartRecords - 1) / LogPartRecords);
        await ForEachBounded(Enumerable.Range(0, parts), part => _store.WriteLog(next.Version, new ZoneLogPart
        {
            Change = evt with { Records = [.. evt.Records.Skip(part * LogPartRecords).Take(LogPartRecords)] },
            Part = part,
            Parts = parts,
            RecordChanges = evt.Records.Length,
        }), _options.StorageWriteParallelism);
        await _store.WriteHead(Head with
        {
            Settings = next.Settings,
            Version = next.Version,
            LastSerial = next.LastSerial,
            RecordCount = next.Records.Count,
        });
        _logParts[next.Version] = parts;
    }

    /// <summary>A large change: a whole new shard generation, switched to by the head write; the log restarts after it.</summary>
    private async Task CommitRewrite(ZoneModel next)
    {
        var old = (Head.Generation, Head.ShardCount, Head.LogFrom, Head.Version);
        var (generation, count) = await WriteGeneration(next.Records);
        await _store.WriteHead(Head with
        {
            Settings = next.Settings,
            Version = next.Version,
            LastSerial = next.LastSerial,
            RecordCount = next.Records.Count,
            Generation = generation,
            ShardCount = count,
            CheckpointVersion = next.Version,
            LogFrom = next.Version + 1,
        });
        // A checkpoint may still be writing shards of the old generation: deleting them first would leave the rows it
        // writes afterwards behind for good.
        await Quietly(_shardBurst);
        DeleteOldRows(old.Generation, old.ShardCount, old.LogFrom, old.Version + 1);
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch
        {
            // Its owner reports its failures.
        }
    }

    /// <summary>Writes every record of <paramref name="table"/> into a new generation of shards; returns its id and size.</summary>
    private async Task<(string Generation, int Count)> WriteGeneration(RecordTable table)
    {
        var count = ShardsFor(table.Count);
        var generation = Ids.New();
        var buckets = new List<DnsRecord>[count];
        for (var i = 0; i < count; i++) buckets[i] = [];
        foreach (var record in table.Ordered()) buckets[ShardOf(record.Key, count)].Add(record);
        var zone = Name;
        var stop = _stopWrites.Token;
        await OffTheGrain(() => ForEachBounded(Enumerable.Range(0, count), i => _store.WriteShard(generation, i, RecordShard.Of(buckets[i], zone)),
            _options.StorageWriteParallelism, stop));
        return (generation, count);
    }

    /// <summary>
    /// Brings the dirty shards up to date, then records the checkpoint in the head and prunes the log. The shards are
    /// written without holding the write gate, from an immutable version, so writes go on meanwhile (what they change is
    /// marked dirty again and replayed from the log until the next checkpoint).
    /// </summary>
    private async Task Checkpoint()
    {
        if (_checkpointing) return;
        _checkpointing = true;
        try
        {
            ZoneModel model;
            string generation;
            (int Index, DnsRecord[] Records)[] members;
            await using (var gate = await EnterWrite())
            {
                if (!gate.Entered) return;
                model = Current;
                if (model.Version == Head.CheckpointVersion && _dirtyShards.Count == 0) return;
                if (Head.Generation.Length == 0 || model.Records.Count > Head.ShardCount * 2L * ShardRecords)
                {
                    // First shards of a zone, or resharding: a whole generation, switched to by the head (rare).
                    var old = (Head.Generation, Head.ShardCount);
                    var (fresh, count) = await WriteGeneration(model.Records);
                    await _store.WriteHead(Head with { Generation = fresh, ShardCount = count, CheckpointVersion = model.Version, PublishedVersion = PublishedVersion });
                    _dirtyShards.Clear();
                    ResetMembers(model.Records, count);
                    DeleteOldRows(old.Generation, old.ShardCount, 0, 0);
                    return;
                }
                generation = Head.Generation;
                members = [.. _dirtyShards.Select(i => (i, _shardMembers[i].Values.ToArray()))];
                _dirtyShards.Clear();
            }

            // Each shard is packed from the immutable version just before it is written, off the grain's thread: the
            // packing is spread over the writes instead of one burst of CPU, and no more than a few packed shards exist at once.
            var begun = System.Diagnostics.Stopwatch.GetTimestamp();
            var zone = Name;
            try
            {
                var stop = _stopWrites.Token;
                _shardBurst = OffTheGrain(() => ForEachBounded(members, m => _store.WriteShard(generation, m.Index, RecordShard.Of(m.Records, zone)),
                    _options.StorageWriteParallelism, stop));
                await _shardBurst;
            }
            catch
            {
                // Still to write, unless a rewrite meanwhile replaced the generation (and its shard count).
                if (Head.Generation == generation)
                {
                    foreach (var (index, _) in members)
                    {
                        if (index < Head.ShardCount) _dirtyShards.Add(index);
                    }
                }
                throw;
            }

            await using (var gate = await EnterWrite())
            {
                // A rewrite meanwhile switched to a new generation that already holds everything.
                if (!gate.Entered || Head.Generation != generation) return;
                // At most PruneBatch versions per checkpoint, so LogFrom never moves past what was deleted.
                var logFrom = Math.Min(Math.Max(Head.LogFrom, model.Version - _options.JournalLimit + 1), Head.LogFrom + PruneBatch);
                var pruneFrom = Head.LogFrom;
                await _store.WriteHead(Head with { CheckpointVersion = Math.Max(Head.CheckpointVersion, model.Version), PublishedVersion = PublishedVersion, LogFrom = logFrom });
                PruneLog(pruneFrom, logFrom);
            }
            LogCheckpointed(Name, model.Version, members.Length, System.Diagnostics.Stopwatch.GetElapsedTime(begun).TotalMilliseconds);
        }
        finally
        {
            _checkpointing = false;
        }
    }

    private bool _checkpointing;
    private Task? _checkpointRun;

    private int _checkpointFailures;

    private void ScheduleCheckpoint()
    {
        var due = _checkpointFailures > 0
            ? TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, _checkpointFailures)))
            : Current.Version - Head.CheckpointVersion >= _options.CheckpointEvery ? TimeSpan.Zero : _options.CheckpointDelay;
        if (_checkpointTimer is not null)
        {
            if (due == TimeSpan.Zero) _checkpointTimer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            return;
        }
        _checkpointTimer = this.RegisterGrainTimer(async ct =>
        {
            try
            {
                _checkpointRun = Checkpoint();
                await _checkpointRun;
                _checkpointFailures = 0;
            }
            catch (Exception ex)
            {
                LogCheckpointFailed(Name, ex);
                _checkpointFailures = Math.Min(_checkpointFailures + 1, 6);
                // Our etag may be stale (a write whose outcome was unknown): start over from storage.
                if (ex is Orleans.Storage.InconsistentStateException) DeactivateOnIdle();
            }
            var timer = _checkpointTimer;
            _checkpointTimer = null;
            timer?.Dispose();
            if (_dirtyShards.Count > 0 || Current.Version > Head.CheckpointVersion) ScheduleCheckpoint();
        }, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
    }

    private async Task CheckpointOnDeactivate(CancellationToken cancellationToken)
    {
        if (_store is null) return;
        try
        {
            await CheckpointBeforeLeaving(cancellationToken);
        }
        finally
        {
            // Out of time: bursts start nothing more, and the writes already started finish before the activation is gone.
            if (cancellationToken.IsCancellationRequested) await _stopWrites.CancelAsync();
            await Quietly(_shardBurst);
        }
    }

    private async Task CheckpointBeforeLeaving(CancellationToken cancellationToken)
    {
        // Nothing this activation started may write after it is gone (a new activation may be writing by then).
        foreach (var running in new[] { _importRun, _checkpointRun })
        {
            if (running is null) continue;
            try
            {
                await running.WaitAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogCheckpointFailed(Name, ex);
            }
        }
        if (_dirtyShards.Count == 0 && Current.Version == Head.CheckpointVersion) return;
        try
        {
            await Checkpoint().WaitAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            // The log still holds every change since the last checkpoint: the next activation replays them.
            LogCheckpointFailed(Name, ex);
        }
    }

    /// <summary>Best effort, not awaited: rows no version refers to any more. A failure leaves unreferenced rows behind.</summary>
    private void DeleteOldRows(string generation, int shardCount, long logFrom, long logTo)
    {
        var store = _store;
        var tasks = new List<Func<Task>>();
        if (generation.Length > 0) tasks.AddRange(Enumerable.Range(0, shardCount).Select(i => (Func<Task>)(() => store.DeleteShard(generation, i))));
        _ = Cleanup(tasks, logFrom, logTo);
    }

    private void PruneLog(long from, long to)
    {
        if (to <= from) return;
        _ = Cleanup([], from, to);
    }

    private async Task Cleanup(List<Func<Task>> tasks, long logFrom, long logTo)
    {
        try
        {
            var store = _store;
            var unknown = new List<long>();
            for (var v = Math.Max(1, logFrom); v < logTo; v++)
            {
                if (_logParts.Remove(v, out var known)) AddLogDeletes(tasks, store, v, known);
                else unknown.Add(v);
            }
            var parallelism = _options.StorageWriteParallelism;
            await OffTheGrain(async () =>
            {
                // Versions logged before this activation: their part counts are in their first row.
                foreach (var version in unknown) AddLogDeletes(tasks, store, version, (await store.ReadLog(version, 0))?.Parts ?? 0);
                await ForEachBounded(tasks, t => t(), parallelism);
            });
        }
        catch (Exception ex)
        {
            LogCleanupFailed(Name, ex);
        }
    }

    private static void AddLogDeletes(List<Func<Task>> tasks, ZoneStorage store, long version, int parts)
    {
        for (var p = 0; p < parts; p++)
        {
            var part = p;
            tasks.Add(() => store.DeleteLog(version, part));
        }
    }

    /// <summary>The change of <paramref name="version"/> from the log (all parts), or null when it is not there.</summary>
    private async Task<ZoneChanged?> ReadChange(long version)
    {
        var first = await _store.ReadLog(version, 0);
        if (first is null) return null;
        if (first.Parts == 1) return first.Change;
        var parts = new ZoneLogPart?[first.Parts];
        parts[0] = first;
        await ForEachBounded(Enumerable.Range(1, first.Parts - 1), async p => parts[p] = await _store.ReadLog(version, p));
        if (parts.Any(p => p is null)) return null;
        return first.Change with { Records = [.. parts.SelectMany(p => p!.Change.Records)] };
    }

    private static ZoneModel Applied(ZoneModel model, ZoneChanged change) => change.Kind == ZoneChangeKind.Deleted
        ? new ZoneModel(null, change.Version, model.LastSerial, RecordTable.Empty)
        : new ZoneModel(change.Settings, change.Version, change.Settings?.Serial ?? model.LastSerial, model.Records.Apply(change.Records));

    private void MarkDirty(ImmutableArray<RecordChange> changes)
    {
        if (Head.ShardCount == 0) return;
        foreach (var change in changes)
        {
            var key = RecordKey.Of(change.Domain, change.Type);
            var shard = ShardOf(key, Head.ShardCount);
            if (change.Record is null) _shardMembers[shard].Remove(key);
            else _shardMembers[shard][key] = change.Record;
            _dirtyShards.Add(shard);
        }
    }

    private void ResetMembers(RecordTable table, int shardCount)
    {
        _shardMembers = new Dictionary<string, DnsRecord>[shardCount];
        for (var i = 0; i < shardCount; i++) _shardMembers[i] = new Dictionary<string, DnsRecord>(StringComparer.Ordinal);
        if (shardCount == 0) return;
        foreach (var record in table.Ordered())
        {
            var key = record.Key;
            _shardMembers[ShardOf(key, shardCount)][key] = record;
        }
    }

    internal static int ShardsFor(int records) =>
        (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, (records + ShardRecords - 1) / ShardRecords));

    internal static int ShardOf(string key, int shardCount) => ZoneSharding.Bucket(key, shardCount);

    private void Retain(ZoneModel replaced, DateTimeOffset now)
    {
        _retained.RemoveAll(r => now - r.ReplacedAt > RetainFor);
        if (_retained.Count >= RetainedVersions) _retained.RemoveAt(0);
        if (replaced.Exists) _retained.Add((replaced, now));
    }

    private ZoneModel? Retained(long version)
    {
        var now = time.GetUtcNow();
        foreach (var (model, replacedAt) in _retained)
        {
            if (model.Version == version && now - replacedAt <= RetainFor) return model;
        }
        return null;
    }

    private void RememberInJournal(ZoneChanged change)
    {
        var stored = change.Records.Length > MaxRecordsPerCatchUp
            ? change with { Records = ImmutableArray<RecordChange>.Empty, RecordsOmitted = true }
            : change;
        _journal.Add(stored);
        _journalRecords += stored.Records.Length;
        while (_journal.Count > 1 && (_journal.Count > _options.JournalLimit || _journalRecords > JournalMaxRecordChanges))
        {
            _journalRecords -= _journal[0].Records.Length;
            _journal.RemoveAt(0);
        }
    }

    /// <summary>Changes after <paramref name="version"/>: from memory when the journal reaches back, else from the log.</summary>
    private async Task<ZoneChanges> ChangesSince(long version)
    {
        var model = Current;
        if (version >= model.Version)
            return new ZoneChanges { CurrentVersion = model.Version, Exists = model.Exists };
        ZoneChanges Snapshot() => new() { CurrentVersion = model.Version, Exists = model.Exists, SnapshotRequired = true };
        if (version + 1 < Head.LogFrom || model.Version - version > _options.JournalLimit) return Snapshot();

        var builder = ImmutableArray.CreateBuilder<ZoneChanged>((int)(model.Version - version));
        var fromMemory = _journal.Count > 0 ? _journal[0].Version : model.Version + 1;
        // The versions older than the journal, from the log (off the grain: a burst of reads on SQLite).
        var (logged, records) = await OffTheGrain(async () =>
        {
            var found = new List<ZoneChanged>();
            var counted = 0;
            for (var v = version + 1; v < Math.Min(fromMemory, model.Version + 1); v++)
            {
                var change = await ReadChange(v);
                if (change is null || change.Kind != ZoneChangeKind.Deleted && change.Records.Length + counted > MaxRecordsPerCatchUp) return (null, 0);
                counted += change.Records.Length;
                found.Add(change);
            }
            return ((List<ZoneChanged>?)found, counted);
        });
        if (logged is null) return Snapshot();
        builder.AddRange(logged);
        foreach (var change in _journal)
        {
            if (change.Version <= version || change.Version > model.Version) continue;
            if (change.RecordsOmitted && change.Kind != ZoneChangeKind.Deleted) return Snapshot();
            records += change.Records.Length;
            if (records > MaxRecordsPerCatchUp) return Snapshot();
            builder.Add(change);
        }
        // The log reads above interleave with commits, which may trim the journal: hand out only a gap-free sequence.
        for (var i = 0; i < builder.Count; i++)
        {
            if (builder[i].Version != version + 1 + i) return Snapshot();
        }
        if (builder.Count != model.Version - version) return Snapshot();
        return new ZoneChanges { CurrentVersion = model.Version, Exists = model.Exists, Changes = builder.ToImmutable() };
    }

    /// <summary>
    /// Runs a burst of storage calls on the thread pool. SQLite's ADO.NET calls complete synchronously, so on the grain's
    /// scheduler a checkpoint's hundreds of shard writes ran as one long turn, and every request to the zone waited for
    /// all of them (PUTs of 200-400 ms every 256 changes on the 1M-record zone). <see cref="ZoneStorage"/> is safe for it;
    /// the burst must touch no grain field (it runs beside the grain's turns).
    /// </summary>
    private static Task OffTheGrain(Func<Task> burst) => Task.Run(burst);

    /// <inheritdoc cref="OffTheGrain(Func{Task})"/>
    private static Task<T> OffTheGrain<T>(Func<Task<T>> burst) => Task.Run(burst);

    /// <summary>Runs <paramref name="action"/> over the items, at most <paramref name="parallelism"/> at once. On a failure
    /// (or once <paramref name="stop"/> is cancelled) it starts nothing more, waits for every write already started (none
    /// may land after the caller moved on), then throws.</summary>
    private static async Task ForEachBounded<T>(IEnumerable<T> items, Func<T, Task> action, int parallelism = ReadParallelism,
        CancellationToken stop = default)
    {
        var running = new List<Task>(parallelism);
        Exception? failure = null;
        foreach (var item in items)
        {
            if (stop.IsCancellationRequested)
            {
                failure = new OperationCanceledException(stop);
                break;
            }
            running.Add(action(item));
            if (running.Count < parallelism) continue;
            var done = await Task.WhenAny(running);
            running.Remove(done);
            if (done.IsFaulted || done.IsCanceled)
            {
                failure = done.Exception?.InnerException ?? new TaskCanceledException();
                break;
            }
        }
        try
        {
            await Task.WhenAll(running);
        }
        catch (Exception ex)
        {
            failure ??= ex;
        }
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
    }

    /// <summary>Writes at least this slow (from asking for the write gate to the stored head) are logged with where the time went.</summary>
    private static readonly TimeSpan SlowCommit = TimeSpan.FromMilliseconds(200);

    [LoggerMessage(Level = LogLevel.Information, Message = "Zone {Zone}: version {Version} took {Ms:F1} ms: {GateMs:F1} ms waiting for the write gate, {PrepareMs:F1} ms preparing, {CommitMs:F1} ms to store ({LaneMs:F1} ms waiting for the write lane, {WriteMs:F1} ms in storage writes)")]
    private partial void LogSlowCommit(string zone, long version, double ms, double gateMs, double prepareMs, double commitMs, double laneMs, double writeMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Zone {Zone}: checkpointed version {Version}: {Shards} shards packed and stored in {Ms:F1} ms")]
    private partial void LogCheckpointed(string zone, long version, int shards, double ms);

    [LoggerMessage(Level = LogLevel.Error, Message = "Zone {Zone}: storing version {Version} failed; the change was rejected")]
    private partial void LogWriteFailed(string zone, long version, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Zone {Zone}: checkpoint failed; the log keeps the changes and it is retried")]
    private partial void LogCheckpointFailed(string zone, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Zone {Zone}: rows no version needs could not all be deleted")]
    private partial void LogCleanupFailed(string zone, Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Zone {Zone}: migrated from the single-row layout at version {Version} ({Records} record sets)")]
    private partial void LogMigrated(string zone, long version, int records);
}
