using System.Collections.Concurrent;
using Orleans.Storage;

namespace Vantage.Tests.Grains;

/// <summary>
/// In-memory grain storage whose writes can be made to fail, to prove that a failed write leaves
/// the stored state unchanged. States are immutable records, so keeping references is a faithful copy.
/// </summary>
public sealed class FaultInjectingStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<string, (object State, string ETag)> _rows = new();
    private int _failWrites;

    /// <summary>When true, every write throws and stores nothing.</summary>
    public bool FailWrites
    {
        get => Volatile.Read(ref _failWrites) == 1;
        set => Volatile.Write(ref _failWrites, value ? 1 : 0);
    }

    /// <summary>Writes of rows this matches (state name, grain id) throw and store nothing.</summary>
    public Func<string, GrainId, bool>? FailWritesWhere { get; set; }

    /// <summary>Writes of rows this matches are stored and then throw: a write whose outcome the writer cannot know.</summary>
    public Func<string, GrainId, bool>? StoreThenFailWhere { get; set; }

    /// <summary>Runs first in every write (not in clears), on the writer's thread (a test may block it there, as SQLite's provider does).</summary>
    public Action<string, GrainId>? BeforeWrite { get; set; }

    /// <summary>Reads of rows this matches throw.</summary>
    public Func<string, GrainId, bool>? FailReadsWhere { get; set; }

    private readonly ConcurrentQueue<(string StateName, GrainId GrainId)> _writes = new();

    /// <summary>Every successful write so far (state name, grain id), in order.</summary>
    public IReadOnlyCollection<(string StateName, GrainId GrainId)> Writes => _writes;

    /// <summary>Number of rows stored under <paramref name="stateName"/>.</summary>
    public int Count(string stateName) => _rows.Keys.Count(k => k.StartsWith(stateName + "|", StringComparison.Ordinal));

    /// <summary>Number of rows stored under <paramref name="stateName"/> whose grain id contains <paramref name="idPart"/>.</summary>
    public int Count(string stateName, string idPart) =>
        _rows.Keys.Count(k => k.StartsWith(stateName + "|", StringComparison.Ordinal) && k.Contains(idPart, StringComparison.Ordinal));

    public object? Peek(string stateName, GrainId grainId) =>
        _rows.TryGetValue(Key(stateName, grainId), out var row) ? row.State : null;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (FailReadsWhere?.Invoke(stateName, grainId) == true) throw new InvalidOperationException("injected read failure");
        if (_rows.TryGetValue(Key(stateName, grainId), out var row))
        {
            grainState.State = (T)row.State;
            grainState.ETag = row.ETag;
            grainState.RecordExists = true;
        }
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        BeforeWrite?.Invoke(stateName, grainId);
        if (FailWrites || FailWritesWhere?.Invoke(stateName, grainId) == true) throw new InvalidOperationException("injected storage failure");
        var key = Key(stateName, grainId);
        // Like the real stores: a write must carry the etag of the stored row (none for a new row).
        var stored = _rows.TryGetValue(key, out var row) ? row.ETag : null;
        if (stored != grainState.ETag) throw new InconsistentStateException("etag mismatch", stored ?? "", grainState.ETag ?? "");
        var etag = Guid.NewGuid().ToString("N");
        _rows[key] = (grainState.State!, etag);
        _writes.Enqueue((stateName, grainId));
        if (StoreThenFailWhere?.Invoke(stateName, grainId) == true) throw new TimeoutException("injected: stored, but the answer was lost");
        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (FailWrites || FailWritesWhere?.Invoke(stateName, grainId) == true) throw new InvalidOperationException("injected storage failure");
        _rows.TryRemove(Key(stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private static string Key(string stateName, GrainId grainId) => stateName + "|" + grainId;
}
