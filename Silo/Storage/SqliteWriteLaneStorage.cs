using Orleans.Storage;
using Vantage.Grains.Zones.Storage;

namespace Vantage.Silo.Storage;

/// <summary>
/// Wraps a grain storage provider on the embedded SQLite file so that its writes take the silo's one write lane (the
/// one zone commits and checkpoints use). SQLite has a single writer: without the lane, a stats or monitor write that
/// meets a zone commit makes one of them sleep in SQLite's busy handler (1, 2, 5, 10, 15, 20, 25… ms), which showed up
/// as 50–170 ms one-record PUTs. Reads do not need the lane (WAL readers never wait for the writer).
/// </summary>
internal sealed class SqliteWriteLaneStorage(IGrainStorage inner, ZoneWriteLane lane) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        lane.Run(() => inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        lane.Run(() => inner.ClearStateAsync(stateName, grainId, grainState));

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    /// <summary>Replaces the keyed <see cref="IGrainStorage"/> registered under <paramref name="name"/> by itself around it.</summary>
    public static void Wrap(IServiceCollection services, string name)
    {
        var registered = services.LastOrDefault(d => d.IsKeyedService && d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, name))
            ?? throw new InvalidOperationException($"no grain storage named {name} to put behind the write lane");
        var factory = registered.KeyedImplementationFactory
            ?? throw new InvalidOperationException($"grain storage {name} is not registered with a factory");
        services.Remove(registered);
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) =>
            new SqliteWriteLaneStorage((IGrainStorage)factory(sp, key), sp.GetRequiredService<ZoneWriteLane>()));
    }
}
