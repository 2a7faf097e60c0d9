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

    public object? Peek(string stateName, GrainId grainId) =>
        _rows.TryGetValue(Key(stateName, grainId), out var row) ? row.State : null;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
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
        if (FailWrites) throw new InvalidOperationException("injected storage failure");
        var etag = Guid.NewGuid().ToString("N");
        _rows[Key(stateName, grainId)] = (grainState.State!, etag);
        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _rows.TryRemove(Key(stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private static string Key(string stateName, GrainId grainId) => stateName + "|" + grainId;
}
