using System.Collections.Immutable;
using Orleans.Concurrency;
using Vantage.Model;

namespace Vantage.Monitoring;

/// <summary>Every monitoring job's definition: one grain (keyed <see cref="GrainKeys.Directory"/>) the silos' schedulers read.</summary>
public interface IMonitorJobsGrain : IGrainWithStringKey
{
    Task<ImmutableArray<MonitorJob>> List();

    Task<OpResult<MonitorJob>> Get(string id);

    /// <summary>Validates and stores a new job (its id is assigned here).</summary>
    Task<OpResult<MonitorJob>> Create(MonitorJob job);

    /// <summary>Replaces a job's definition (validated); the id stays.</summary>
    Task<OpResult<MonitorJob>> Update(MonitorJob job);

    Task<OpResult<bool>> Delete(string id);

    /// <summary>The definitions when they changed since <paramref name="version"/>, else null; with the current version.</summary>
    [AlwaysInterleave]
    Task<(long Version, ImmutableArray<MonitorJob>? Jobs)> Changes(long version);
}

/// <summary>One job's statuses and history (keyed by job id). Probes report here.</summary>
public interface IMonitorJobGrain : IGrainWithStringKey
{
    /// <summary>
    /// A probe's result from <paramref name="region"/>. Returns a delay after which the scheduler should check again
    /// early (rapid_recheck confirming a change), or null for the normal schedule.
    /// </summary>
    Task<TimeSpan?> Report(MonitorJob job, string region, ProbeResult result);

    Task<JobStatus> GetStatus();

    Task<ImmutableArray<HistoryEntry>> History(DateTimeOffset? start, DateTimeOffset? end);

    /// <summary>Forgets statuses and history (the job was deleted).</summary>
    Task Reset();
}

/// <summary>Every notify list (keyed <see cref="GrainKeys.Directory"/>).</summary>
public interface INotifyListsGrain : IGrainWithStringKey
{
    Task<ImmutableArray<NotifyList>> List();

    Task<OpResult<NotifyList>> Get(string id);

    Task<OpResult<NotifyList>> Create(NotifyList list);

    Task<OpResult<NotifyList>> Update(NotifyList list);

    Task<OpResult<bool>> Delete(string id);
}
