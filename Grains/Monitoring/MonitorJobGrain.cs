using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Vantage.Feeds;
using Vantage.Monitoring;

namespace Vantage.Grains.Monitoring;

[GenerateSerializer, Alias("vantage.monitor-job-grain-state.v1")]
public sealed class MonitorJobState
{
    [Id(0)] public JobStatus Status { get; set; } = new();
    [Id(1)] public ImmutableList<HistoryEntry> History { get; set; } = ImmutableList<HistoryEntry>.Empty;
}

/// <summary>
/// One job's statuses (keyed by job id): applies the rules to each regional result, the policy to the regions, keeps
/// history, and on a global change pushes <c>up</c> into the job's <c>nsone_monitoring</c> feeds (which turn it into
/// zone changes) and notifies the job's list. State is written on status changes only; counters live in memory.
/// </summary>
public sealed partial class MonitorJobGrain(
    [PersistentState("job", ProviderNames.MonitorStore)] IPersistentState<MonitorJobState> state,
    Notifier notifier,
    ILogger<MonitorJobGrain> logger) : Grain, IMonitorJobGrain
{
    public const int MaxHistory = 2000;

    /// <summary>How soon rapid_recheck confirms a change.</summary>
    public static readonly TimeSpan RecheckDelay = TimeSpan.FromSeconds(1);

    private readonly HashSet<string> _awaitingConfirmation = new(StringComparer.Ordinal);

    private string Id => this.GetPrimaryKeyString();

    public async Task<TimeSpan?> Report(MonitorJob job, string region, ProbeResult result)
    {
        var status = state.State.Status;
        var observed = MonitorRules.IsUp(job, result) ? MonitorStatuses.Up : MonitorStatuses.Down;
        status = status with
        {
            LastResults = status.LastResults.SetItem(region, result),
            Checks = status.Checks + 1,
            ChecksByRegion = status.ChecksByRegion.SetItem(region, status.ChecksByRegion.GetValueOrDefault(region) + 1),
        };
        state.State.Status = status;
        var current = status.Regions.TryGetValue(region, out var point) ? point.Status : MonitorStatuses.Pending;
        if (observed == current)
        {
            _awaitingConfirmation.Remove(region);
            return null;
        }
        if (job.RapidRecheck && current != MonitorStatuses.Pending && _awaitingConfirmation.Add(region)) return RecheckDelay;
        _awaitingConfirmation.Remove(region);

        var now = result.At;
        var history = Close(state.State.History, region, now).Add(new HistoryEntry { Region = region, Status = observed, Since = now });
        status = status with { Regions = status.Regions.SetItem(region, new StatusPoint { Status = observed, Since = now }) };
        var global = MonitorPolicies.Global(job.Policy, status.Global.Status, status.Regions, job.Regions, region);
        var globalChanged = global != status.Global.Status;
        if (globalChanged)
        {
            status = status with { Global = new StatusPoint { Status = global, Since = now } };
            history = Close(history, "global", now).Add(new HistoryEntry { Region = "global", Status = global, Since = now });
        }
        if (history.Count > MaxHistory) history = history.RemoveRange(0, history.Count - MaxHistory);
        state.State.Status = status;
        state.State.History = history;
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception ex)
        {
            LogWriteFailed(Id, ex);
        }
        if (globalChanged) await Announce(job, region, global, status);
        return null;
    }

    public Task<JobStatus> GetStatus() => Task.FromResult(state.State.Status);

    public Task<ImmutableArray<HistoryEntry>> History(DateTimeOffset? start, DateTimeOffset? end) =>
        Task.FromResult(state.State.History
            .Where(h => (end is null || h.Since <= end) && (start is null || h.Until is null || h.Until >= start))
            .ToImmutableArray());

    public async Task Reset()
    {
        _awaitingConfirmation.Clear();
        state.State = new MonitorJobState();
        await state.ClearStateAsync();
        DeactivateOnIdle();
    }

    /// <summary>Pushes the new global status into the job's feeds (so into answers' meta) and notifies its list.</summary>
    private async Task Announce(MonitorJob job, string region, string global, JobStatus status)
    {
        if (global == MonitorStatuses.Pending) return;
        var up = global == MonitorStatuses.Up;
        NotifyList? list = null;
        if (job.NotifyList is { } listId)
        {
            var found = await GrainFactory.GetGrain<INotifyListsGrain>(GrainKeys.Directory).Get(listId);
            if (found.Ok) list = found.Value;
        }
        // The feeds of every nsone_monitoring source carrying this job: those a datafeed entry of the list names are
        // among them, so the five-step wiring and a feed created without a list both work.
        var feeds = await GrainFactory.GetGrain<IDataSourcesGrain>(GrainKeys.Directory).FeedsForJob(Id, null);
        var data = up ? """{"up":true}""" : """{"up":false}""";
        await Task.WhenAll(feeds.Select(async feedId =>
        {
            try
            {
                await GrainFactory.GetGrain<IDataFeedGrain>(feedId).Publish(data);
            }
            catch (Exception ex)
            {
                LogFeedFailed(Id, feedId, ex);
            }
        }));
        if (list is not null && !job.Mute && (job.NotifyFailback || !up))
        {
            notifier.Send(list, new MonitorEvent(job.Id, job.Name, job.JobType, region, global, status.Global.Since, status.Regions), TimeSpan.FromSeconds(job.NotifyDelay));
        }
    }

    private static ImmutableList<HistoryEntry> Close(ImmutableList<HistoryEntry> history, string region, DateTimeOffset at)
    {
        var index = history.FindLastIndex(h => h.Region == region && h.Until is null);
        return index < 0 ? history : history.SetItem(index, history[index] with { Until = at });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job}: storing its status failed")]
    private partial void LogWriteFailed(string job, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job}: feed {Feed} could not take the new status")]
    private partial void LogFeedFailed(string job, string feed, Exception ex);
}
