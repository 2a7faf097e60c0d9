using System.Globalization;
using Orleans.Storage;

namespace Vantage.Grains.Zones.Storage;

/// <summary>
/// One writer at a time for a store that takes one at a time (the embedded SQLite file): writes queue here in order
/// instead of in the database's busy handler, whose sleeps would make a small write wait behind a checkpoint.
/// </summary>
public sealed class ZoneWriteLane
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private int urgentWaiting;

    /// <summary>Takes the lane; background writes (checkpoints, clean-up) let every waiting commit go first.</summary>
    public async Task Enter(bool background)
    {
        if (!background)
        {
            Interlocked.Increment(ref urgentWaiting);
            try
            {
                await gate.WaitAsync();
            }
            finally
            {
                Interlocked.Decrement(ref urgentWaiting);
            }
            return;
        }
        while (true)
        {
            await gate.WaitAsync();
            if (Volatile.Read(ref urgentWaiting) == 0) return;
            gate.Release();
            await Task.Yield();
        }
    }

    public void Leave() => gate.Release();

    /// <summary>
    /// True in the async flow of a zone storage write that holds the lane: the silo's lane-taking storage wrapper (every
    /// other grain's writes on SQLite) lets it through instead of taking the lane a second time.
    /// </summary>
    public static bool HeldHere => held.Value;

    private static readonly AsyncLocal<bool> held = new();

    /// <summary>Marks the calling async flow (and what it awaits) as holding the lane; reverted when that method returns.</summary>
    internal static void MarkHeld() => held.Value = true;

    /// <summary>Runs <paramref name="write"/> holding the lane (for storages that are not zone storage).</summary>
    public async Task Run(Func<Task> write)
    {
        if (HeldHere)
        {
            await write();
            return;
        }
        await Enter(background: false);
        held.Value = true;
        try
        {
            await write();
        }
        finally
        {
            Leave();
        }
    }
}

/// <summary>
/// A zone's rows in the zone grain storage (SQLite, PostgreSQL or Azure Table Storage — any <see cref="IGrainStorage"/>):
/// one head, one row per log part and one row per record shard, each under its own grain id, so a one-record change
/// writes one small log row and the head instead of the whole zone. Keeps the etags of the rows it read or wrote.
/// </summary>
public sealed class ZoneStorage(IGrainStorage storage, string zone, ZoneWriteLane? lane = null)
{
    // Each kind of row has its own state name: stores such as the ADO.NET one key rows by state name and grain key only.
    private const string HeadState = "zonehead";
    private const string LogState = "zonelog";
    private const string ShardState = "zoneshard";

    private static readonly GrainType HeadType = GrainType.Create("vantage.zonehead");
    private static readonly GrainType LogType = GrainType.Create("vantage.zonelog");
    private static readonly GrainType ShardType = GrainType.Create("vantage.zoneshard");

    private readonly GrainState<ZoneHead> head = new(new ZoneHead());
    // Shard rows are read and written in parallel bursts off the grain's scheduler.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> etags = new(StringComparer.Ordinal);

    public ZoneHead Head => head.State ?? new ZoneHead();

    public bool HeadExists => head.RecordExists;

    public async Task<ZoneHead> ReadHead()
    {
        await storage.ReadStateAsync(HeadState, HeadId, head);
        head.State ??= new ZoneHead();
        return head.State;
    }

    /// <summary>
    /// The commit point: stores <paramref name="next"/> if the stored head is still the one this grain last saw. Until
    /// the store answers, <see cref="Head"/> stays the committed one (interleaved readers never see an uncommitted head).
    /// </summary>
    public async Task WriteHead(ZoneHead next)
    {
        var attempt = new GrainState<ZoneHead>(next) { ETag = head.ETag, RecordExists = head.RecordExists };
        await Write(() => storage.WriteStateAsync(HeadState, HeadId, attempt));
        head.State = next;
        head.ETag = attempt.ETag;
        head.RecordExists = true;
    }

    /// <summary>The version of the head as stored now (not as this grain last saw it).</summary>
    private async Task<long> StoredVersion()
    {
        var stored = new GrainState<ZoneHead>();
        await storage.ReadStateAsync(HeadState, HeadId, stored);
        return stored.State?.Version ?? 0;
    }

    /// <summary>
    /// Writes a log row of a version not committed yet. A row already there is left by an attempt that never reached
    /// its head, and is overwritten — unless the stored head says the version was committed meanwhile (by another
    /// activation): then the write is refused, and the caller must reload.
    /// </summary>
    public Task WriteLog(long version, ZoneLogPart part) => WriteFresh(LogState, LogId(version, part.Part), part, async () =>
    {
        if (await StoredVersion() >= version)
            throw new InconsistentStateException($"zone {zone}: version {version} was committed by another writer", "", "");
    });

    public async Task<ZoneLogPart?> ReadLog(long version, int part)
    {
        var state = new GrainState<ZoneLogPart>();
        await storage.ReadStateAsync(LogState, LogId(version, part), state);
        return state.RecordExists ? state.State : null;
    }

    public Task DeleteLog(long version, int part) => Clear<ZoneLogPart>(LogState, LogId(version, part));

    public async Task<RecordShard?> ReadShard(string generation, int index)
    {
        var id = ShardId(generation, index);
        var state = new GrainState<RecordShard>();
        await storage.ReadStateAsync(ShardState, id, state);
        etags[id.ToString()] = state.ETag;
        return state.RecordExists ? state.State : null;
    }

    /// <summary>Writes a shard over whatever is stored under its id (shards are only ever written by their zone's grain).</summary>
    public async Task WriteShard(string generation, int index, RecordShard shard)
    {
        var id = ShardId(generation, index);
        if (etags.TryGetValue(id.ToString(), out var etag))
        {
            var state = new GrainState<RecordShard>(shard) { ETag = etag, RecordExists = etag is not null };
            try
            {
                await Write(() => storage.WriteStateAsync(ShardState, id, state), background: true);
                etags[id.ToString()] = state.ETag;
                return;
            }
            catch
            {
                // Fall through: the etag we hold is stale (an earlier write failed after storing); take the stored one.
            }
        }
        await WriteFresh(ShardState, id, shard, null);
    }

    public Task DeleteShard(string generation, int index)
    {
        var id = ShardId(generation, index);
        etags.TryRemove(id.ToString(), out _);
        return Clear<RecordShard>(ShardState, id);
    }

    /// <summary>
    /// Writes a row that should not exist yet. One that does (left by a write whose outcome was unknown, or a commit that
    /// never reached its head) is not part of any version, so it is overwritten.
    /// </summary>
    private async Task WriteFresh<T>(string stateName, GrainId id, T value, Func<Task>? beforeOverwrite)
    {
        var state = new GrainState<T>(value);
        try
        {
            await Write(() => storage.WriteStateAsync(stateName, id, state));
        }
        catch
        {
            var stored = new GrainState<T>();
            await storage.ReadStateAsync(stateName, id, stored);
            if (stored.ETag is null) throw;
            if (beforeOverwrite is not null) await beforeOverwrite();
            state = new GrainState<T>(value) { ETag = stored.ETag, RecordExists = true };
            await Write(() => storage.WriteStateAsync(stateName, id, state));
        }
        if (typeof(T) == typeof(RecordShard)) etags[id.ToString()] = state.ETag;
    }

    private async Task Clear<T>(string stateName, GrainId id)
    {
        var state = new GrainState<T>();
        await storage.ReadStateAsync(stateName, id, state);
        if (state.RecordExists || state.ETag is not null) await Write(() => storage.ClearStateAsync(stateName, id, state), background: true);
    }

    /// <summary>Time commits (foreground writes) spent waiting for the write lane, and writing, since the last <see cref="TakeCommitTimes"/>.</summary>
    private long laneWaitTicks, writeTicks;

    /// <summary>Returns and resets what the commit writes since the last call cost (for the slow-commit log).</summary>
    public (TimeSpan LaneWait, TimeSpan Writing) TakeCommitTimes()
    {
        return (TimeSpan.FromTicks(Interlocked.Exchange(ref laneWaitTicks, 0)), TimeSpan.FromTicks(Interlocked.Exchange(ref writeTicks, 0)));
    }

    private async Task Write(Func<Task> write, bool background = false)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        if (lane is not null)
        {
            await lane.Enter(background);
            ZoneWriteLane.MarkHeld();
        }
        var entered = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await write();
        }
        finally
        {
            lane?.Leave();
            if (!background)
            {
                Interlocked.Add(ref laneWaitTicks, System.Diagnostics.Stopwatch.GetElapsedTime(started, entered).Ticks);
                Interlocked.Add(ref writeTicks, System.Diagnostics.Stopwatch.GetElapsedTime(entered).Ticks);
            }
        }
    }

    private GrainId HeadId => GrainId.Create(HeadType, zone);

    private GrainId LogId(long version, int part) =>
        GrainId.Create(LogType, string.Create(CultureInfo.InvariantCulture, $"{zone}|{version}|{part}"));

    private GrainId ShardId(string generation, int index) =>
        GrainId.Create(ShardType, string.Create(CultureInfo.InvariantCulture, $"{zone}|{generation}|{index}"));
}
