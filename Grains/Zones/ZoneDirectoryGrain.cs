using System.Collections.Immutable;

namespace Vantage.Grains.Zones;

/// <summary>Persisted list of zone names.</summary>
[GenerateSerializer, Immutable, Alias("vantage.zone-directory-state.v1")]
public sealed record ZoneDirectoryState
{
    [Id(0)] public ImmutableSortedSet<string> Zones { get; init; } = ImmutableSortedSet<string>.Empty.WithComparer(StringComparer.Ordinal);
}

/// <summary>
/// Lists every zone. Names are persisted; versions are held in memory (zone grains report each change
/// one-way) and, after an activation, filled in by asking the zone grains.
/// </summary>
public sealed class ZoneDirectoryGrain(
    [PersistentState("directory", ProviderNames.ZoneStore)] IPersistentState<ZoneDirectoryState> state) : Grain, IZoneDirectoryGrain
{
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);

    public async Task<bool> TryAdd(string zone)
    {
        if (state.State.Zones.Contains(zone)) return true;
        var previous = state.State;
        state.State = previous with { Zones = previous.Zones.Add(zone) };
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = previous;
            throw;
        }
        return true;
    }

    public async Task Remove(string zone)
    {
        _versions.Remove(zone);
        if (!state.State.Zones.Contains(zone)) return;
        var previous = state.State;
        state.State = previous with { Zones = previous.Zones.Remove(zone) };
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = previous;
            throw;
        }
    }

    public Task<ImmutableArray<string>> List() => Task.FromResult(state.State.Zones.ToImmutableArray());

    public Task SetVersion(string zone, long version)
    {
        Remember(zone, version);
        return Task.CompletedTask;
    }

    private void Remember(string zone, long version)
    {
        if (!_versions.TryGetValue(zone, out var known) || known < version) _versions[zone] = version;
    }

    public async Task<ImmutableDictionary<string, long>> Versions()
    {
        var missing = state.State.Zones.Where(z => !_versions.ContainsKey(z)).ToList();
        if (missing.Count > 0)
        {
            var versions = await Task.WhenAll(missing.Select(z => GrainFactory.GetGrain<IZoneGrain>(z).GetVersion()));
            for (var i = 0; i < missing.Count; i++) Remember(missing[i], versions[i]);
        }
        return state.State.Zones.ToImmutableDictionary(z => z, z => _versions.GetValueOrDefault(z), StringComparer.Ordinal);
    }
}
