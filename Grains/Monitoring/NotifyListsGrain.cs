using System.Collections.Immutable;
using Vantage.Model;
using Vantage.Monitoring;

namespace Vantage.Grains.Monitoring;

[GenerateSerializer, Alias("vantage.notify-lists-state.v1")]
public sealed class NotifyListsState
{
    [Id(0)] public ImmutableDictionary<string, NotifyList> Lists { get; set; } = ImmutableDictionary<string, NotifyList>.Empty;
}

/// <summary>Every notify list of the account; each change is one validated write.</summary>
public sealed class NotifyListsGrain(
    [PersistentState("lists", ProviderNames.MonitorStore)] IPersistentState<NotifyListsState> state) : Grain, INotifyListsGrain
{
    private ImmutableDictionary<string, NotifyList> Lists => state.State.Lists;

    public Task<ImmutableArray<NotifyList>> List() =>
        Task.FromResult(Lists.Values.OrderBy(l => l.Name, StringComparer.Ordinal).ThenBy(l => l.Id, StringComparer.Ordinal).ToImmutableArray());

    public Task<OpResult<NotifyList>> Get(string id) =>
        Task.FromResult(Lists.TryGetValue(id, out var list) ? OpResult<NotifyList>.Success(list) : NotFound<NotifyList>());

    public Task<OpResult<NotifyList>> Create(NotifyList list) => Store(list with { Id = Ids.New() }, mustExist: false);

    public Task<OpResult<NotifyList>> Update(NotifyList list) => Store(list, mustExist: true);

    public async Task<OpResult<bool>> Delete(string id)
    {
        if (!Lists.ContainsKey(id)) return NotFound<bool>();
        var jobs = await GrainFactory.GetGrain<IMonitorJobsGrain>(GrainKeys.Directory).List();
        if (jobs.FirstOrDefault(j => j.NotifyList == id) is { } user)
            return OpResult<bool>.Fail(OpError.Invalid, $"notify list {id} is used by job {user.Id}; change the job first");
        var written = await Write(Lists.Remove(id));
        return written is null ? OpResult<bool>.Success(true) : OpResult<bool>.Fail(OpError.StorageFailed, written);
    }

    private async Task<OpResult<NotifyList>> Store(NotifyList list, bool mustExist)
    {
        if (mustExist && !Lists.ContainsKey(list.Id)) return NotFound<NotifyList>();
        if (MonitorValidation.Validate(list) is { } problem) return OpResult<NotifyList>.Fail(OpError.Invalid, problem);
        var written = await Write(Lists.SetItem(list.Id, list));
        return written is null ? OpResult<NotifyList>.Success(list) : OpResult<NotifyList>.Fail(OpError.StorageFailed, written);
    }

    private async Task<string?> Write(ImmutableDictionary<string, NotifyList> next)
    {
        var previous = state.State.Lists;
        state.State.Lists = next;
        try
        {
            await state.WriteStateAsync();
            return null;
        }
        catch (Exception)
        {
            state.State.Lists = previous;
            DeactivateOnIdle();
            return "the notify list could not be stored";
        }
    }

    private static OpResult<T> NotFound<T>() => OpResult<T>.Fail(OpError.NotFound, "notify list not found");
}
