using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Vantage.Events;
using Vantage.Zones;

namespace Vantage.Grains.Zones;

/// <summary>Persisted list of zone names.</summary>
[GenerateSerializer, Immutable, Alias("vantage.zone-directory-state.v1")]
public sealed record ZoneDirectoryState
{
    [Id(0)] public ImmutableSortedSet<string> Zones { get; init; } = ImmutableSortedSet<string>.Empty.WithComparer(StringComparer.Ordinal);
}

/// <summary>
/// Lists every zone. Names are persisted; versions are cached in memory: zone grains report each change one-way
/// and re-state their version when they activate, and every cached version is re-read from its zone grain once it
/// is older than <see cref="RefreshAfter"/>, so a lost notification cannot leave edges behind for long.
/// </summary>
public sealed class ZoneDirectoryGrain(
    [PersistentState("directory", ProviderNames.ZoneStore)] IPersistentState<ZoneDirectoryState> state,
    TimeProvider time) : Grain, IZoneDirectoryGrain
{
    /// <summary>Cached versions older than this are re-read from the zone grains.</summary>
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromMinutes(1);

    /// <summary>At most this many zone grains are asked per <see cref="Versions"/> call; the rest wait for the next one.</summary>
    private const int RefreshBatch = 256;

    private readonly Dictionary<string, (long Version, DateTimeOffset CheckedAt)> _versions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _gone = new(StringComparer.Ordinal);

    public async Task<bool> TryAdd(string zone)
    {
        _gone.Remove(zone);
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
        _gone.Remove(zone);
        Remember(zone, version, time.GetUtcNow());
        return Task.CompletedTask;
    }

    private void Remember(string zone, long version, DateTimeOffset checkedAt)
    {
        if (!_versions.TryGetValue(zone, out var known) || known.Version <= version) _versions[zone] = (version, checkedAt);
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Before the directory was sharded one grain (key GrainKeys.Directory) listed every zone: a shard that has never
        // been written adopts its share of that list once.
        if (!state.RecordExists && ZoneSharding.DirectoryShardOf(this.GetPrimaryKeyString()) is var shard and >= 0)
        {
            var legacy = await LegacyZones(cancellationToken);
            var mine = legacy.Where(z => ZoneSharding.Bucket(z, ZoneSharding.DirectoryShards) == shard).ToList();
            // Written even when empty, so the legacy list is read once per shard, not at every activation.
            state.State = new ZoneDirectoryState { Zones = state.State.Zones.Union(mine) };
            await state.WriteStateAsync(cancellationToken);
        }
        await base.OnActivateAsync(cancellationToken);
    }

    private async Task<IReadOnlyCollection<string>> LegacyZones(CancellationToken cancellationToken)
    {
        var storage = ServiceProvider.GetRequiredKeyedService<Orleans.Storage.IGrainStorage>(ProviderNames.ZoneStore);
        var legacy = new GrainState<ZoneDirectoryState>(new ZoneDirectoryState());
        var id = GrainId.Create(this.GetGrainId().Type, GrainKeys.Directory);
        await storage.ReadStateAsync("directory", id, legacy).WaitAsync(cancellationToken);
        return legacy.RecordExists ? legacy.State?.Zones ?? [] : [];
    }

    public async Task<ImmutableDictionary<string, long>> Versions()
    {
        var now = time.GetUtcNow();
        var stale = state.State.Zones
            .Where(z => !_versions.TryGetValue(z, out var v) || now - v.CheckedAt > RefreshAfter)
            .OrderBy(z => _versions.TryGetValue(z, out var v) ? v.CheckedAt : DateTimeOffset.MinValue)
            .Take(RefreshBatch)
            .ToList();
        if (stale.Count > 0)
        {
            // One zone that cannot answer must not fail the whole list: it keeps its cached version (if any).
            var reads = stale.Select(async z =>
            {
                try
                {
                    return (Zone: z, Changes: (ZoneChanges?)await GrainFactory.GetGrain<IZoneGrain>(z).GetChangesSince(long.MaxValue));
                }
                catch (Exception)
                {
                    return (Zone: z, Changes: null);
                }
            });
            foreach (var (zone, changes) in await Task.WhenAll(reads))
            {
                if (changes is null) continue;
                if (changes.Exists) _gone.Remove(zone);
                else _gone.Add(zone);
                Remember(zone, changes.CurrentVersion, now);
            }
        }
        // A listed zone whose grain says it does not exist (its deletion could not reach the directory) is left out.
        return state.State.Zones.Where(z => !_gone.Contains(z))
            .ToImmutableDictionary(z => z, z => _versions.TryGetValue(z, out var v) ? v.Version : ZoneDirectory.UnknownVersion, StringComparer.Ordinal);
    }
}
