using System.Collections.Immutable;
using Vantage.Stats;

namespace Vantage.Grains.Stats;

/// <summary>
/// The account layer: the zones with statistics and the account's own buckets. Zone stats grains push a delta per
/// applied batch, in sequence order per zone, and retry one that failed with the same sequence; a delta is applied and
/// persisted with its zone's sequence mark before the call returns, so a retried or duplicated delta counts once.
/// </summary>
public sealed class AccountStatsGrain(
    [PersistentState("account-stats", ProviderNames.ZoneStore)] IPersistentState<AccountStatsState> state,
    TimeProvider time) : Grain, IAccountStatsGrain
{
    private readonly Queue<(DateTimeOffset At, long Count)> window = new();

    public async Task Register(string zone)
    {
        if (!state.State.Zones.Add(zone)) return;
        await state.WriteStateAsync();
    }

    public Task<ImmutableArray<string>> Zones() =>
        Task.FromResult(state.State.Zones.Order(StringComparer.Ordinal).ToImmutableArray());

    public async Task<bool> Push(AccountDelta delta)
    {
        var s = state.State;
        if (s.Applied.TryGetValue(delta.Zone, out var mark) && delta.Sequence <= mark) return false;
        var hadMark = s.Applied.ContainsKey(delta.Zone);
        var newZone = s.Zones.Add(delta.Zone);
        s.Total.Add(delta.At, delta.Count);
        s.Applied[delta.Zone] = delta.Sequence;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not stored (or not known to be): undo, so the zone's retry counts once; a fresh activation reloads the store.
            s.Total.Add(delta.At, -delta.Count);
            if (hadMark) s.Applied[delta.Zone] = mark;
            else s.Applied.Remove(delta.Zone);
            if (newZone) s.Zones.Remove(delta.Zone);
            DeactivateOnIdle();
            throw;
        }
        s.Total.Prune(time.GetUtcNow());
        window.Enqueue((delta.At, delta.Count));
        return true;
    }

    public Task<UsageSeries> Usage(UsagePeriod period) => Task.FromResult(state.State.Total.Usage(period, time.GetUtcNow()));

    public Task<double> Qps()
    {
        var from = time.GetUtcNow() - ZoneStatsGrain.QpsWindow;
        while (window.Count > 0 && window.Peek().At < from) window.Dequeue();
        return Task.FromResult(window.Where(e => e.At >= from).Sum(e => e.Count) / ZoneStatsGrain.QpsWindow.TotalSeconds);
    }
}

[GenerateSerializer, Alias("vantage.stats.account-state.v1")]
public sealed class AccountStatsState
{
    [Id(0)] public HashSet<string> Zones { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The account's queries (every zone's deltas).</summary>
    [Id(1)] public StatsBuckets Total { get; set; } = new();

    /// <summary>Per zone: the last delta sequence applied.</summary>
    [Id(2)] public Dictionary<string, long> Applied { get; set; } = new(StringComparer.Ordinal);
}
