using System.Collections.Immutable;
using Vantage.Model;
using Vantage.Monitoring;

namespace Vantage.Grains.Monitoring;

[GenerateSerializer, Alias("vantage.monitor-jobs-state.v1")]
public sealed class MonitorJobsState
{
    [Id(0)] public ImmutableDictionary<string, MonitorJob> Jobs { get; set; } = ImmutableDictionary<string, MonitorJob>.Empty;
    [Id(1)] public long Version { get; set; }
}

/// <summary>
/// The persistent registry of job definitions. A change is one write; every silo's scheduler reads it (by version)
/// at start-up and every second, so jobs keep running across silo restarts without reminders.
/// </summary>
public sealed class MonitorJobsGrain(
    [PersistentState("jobs", ProviderNames.MonitorStore)] IPersistentState<MonitorJobsState> state) : Grain, IMonitorJobsGrain
{
    public const int MaxJobs = 100_000;

    private ImmutableDictionary<string, MonitorJob> Jobs => state.State.Jobs;

    public Task<ImmutableArray<MonitorJob>> List() =>
        Task.FromResult(Jobs.Values.OrderBy(j => j.Name, StringComparer.Ordinal).ThenBy(j => j.Id, StringComparer.Ordinal).ToImmutableArray());

    public Task<OpResult<MonitorJob>> Get(string id) =>
        Task.FromResult(Jobs.TryGetValue(id, out var job) ? OpResult<MonitorJob>.Success(job) : NotFound());

    public async Task<OpResult<MonitorJob>> Create(MonitorJob job)
    {
        if (Jobs.Count >= MaxJobs) return Invalid($"the account already has the maximum of {MaxJobs} jobs");
        job = job with { Id = Ids.New() };
        if (await Problem(job) is { } problem) return Invalid(problem);
        return await Store(Jobs.SetItem(job.Id, job), job);
    }

    public async Task<OpResult<MonitorJob>> Update(MonitorJob job)
    {
        if (!Jobs.ContainsKey(job.Id)) return NotFound();
        if (await Problem(job) is { } problem) return Invalid(problem);
        return await Store(Jobs.SetItem(job.Id, job), job);
    }

    public async Task<OpResult<bool>> Delete(string id)
    {
        if (!Jobs.TryGetValue(id, out var job)) return OpResult<bool>.Fail(OpError.NotFound, "job not found");
        var stored = await Store(Jobs.Remove(id), job);
        if (!stored.Ok) return OpResult<bool>.Fail(stored.Error, stored.Message!);
        await GrainFactory.GetGrain<IMonitorJobGrain>(id).Reset();
        return OpResult<bool>.Success(true);
    }

    public Task<(long Version, ImmutableArray<MonitorJob>? Jobs)> Changes(long version) =>
        Task.FromResult<(long, ImmutableArray<MonitorJob>?)>(version == state.State.Version
            ? (version, null)
            : (state.State.Version, [.. Jobs.Values]));

    private async Task<string?> Problem(MonitorJob job)
    {
        if (MonitorValidation.Validate(job) is { } problem) return problem;
        if (job.NotifyList is { } listId && !(await GrainFactory.GetGrain<INotifyListsGrain>(GrainKeys.Directory).Get(listId)).Ok)
            return $"notify_list {listId} does not exist";
        return null;
    }

    private async Task<OpResult<MonitorJob>> Store(ImmutableDictionary<string, MonitorJob> next, MonitorJob job)
    {
        var (previous, version) = (state.State.Jobs, state.State.Version);
        state.State.Jobs = next;
        state.State.Version = version + 1;
        try
        {
            await state.WriteStateAsync();
            return OpResult<MonitorJob>.Success(job);
        }
        catch (Exception)
        {
            (state.State.Jobs, state.State.Version) = (previous, version);
            DeactivateOnIdle();
            return OpResult<MonitorJob>.Fail(OpError.StorageFailed, "the job could not be stored");
        }
    }

    private static OpResult<MonitorJob> Invalid(string message) => OpResult<MonitorJob>.Fail(OpError.Invalid, message);

    private static OpResult<MonitorJob> NotFound() => OpResult<MonitorJob>.Fail(OpError.NotFound, "job not found");
}
