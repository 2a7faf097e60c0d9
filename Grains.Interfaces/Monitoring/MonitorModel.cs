using System.Collections.Immutable;

namespace Vantage.Monitoring;

/// <summary>A monitoring job's definition (<c>/v1/monitoring/jobs</c>), as NS1 names its fields.</summary>
[GenerateSerializer, Immutable, Alias("vantage.monitor-job.v1")]
public sealed record MonitorJob
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public required string JobType { get; init; }
    [Id(3)] public bool Active { get; init; } = true;
    /// <summary>Seconds between checks from each region.</summary>
    [Id(4)] public int Frequency { get; init; } = 60;
    [Id(5)] public ImmutableArray<string> Regions { get; init; } = ImmutableArray<string>.Empty;
    [Id(6)] public string Policy { get; init; } = MonitorPolicies.Quorum;
    /// <summary>The type's config object as JSON, verbatim.</summary>
    [Id(7)] public string ConfigJson { get; init; } = "{}";
    [Id(8)] public ImmutableArray<MonitorRule> Rules { get; init; } = ImmutableArray<MonitorRule>.Empty;
    [Id(9)] public string? NotifyList { get; init; }
    [Id(10)] public int NotifyDelay { get; init; }
    [Id(11)] public int NotifyRepeat { get; init; }
    [Id(12)] public bool NotifyFailback { get; init; } = true;
    [Id(13)] public bool NotifyRegional { get; init; }
    [Id(14)] public bool RapidRecheck { get; init; }
    [Id(15)] public bool Mute { get; init; }
    [Id(16)] public string? Notes { get; init; }
    /// <summary>Set by the jobs registry when a call created it with <c>/v1/…/monitor</c> (the one-call shortcut).</summary>
    [Id(17)] public string? CreatedFor { get; init; }
}

/// <summary>One rule: <c>{"key":"status_code","comparison":"==","value":"200"}</c>.</summary>
[GenerateSerializer, Immutable, Alias("vantage.monitor-rule.v1")]
public sealed record MonitorRule
{
    [Id(0)] public required string Key { get; init; }
    [Id(1)] public required string Comparison { get; init; }
    [Id(2)] public required string Value { get; init; }
}

/// <summary>What one probe measured. <see cref="Error"/> set means the check could not be completed (down).</summary>
[GenerateSerializer, Immutable, Alias("vantage.probe-result.v1")]
public sealed record ProbeResult
{
    [Id(0)] public DateTimeOffset At { get; init; }
    [Id(1)] public string? Error { get; init; }
    /// <summary>Milliseconds.</summary>
    [Id(2)] public double? Rtt { get; init; }
    [Id(3)] public double? Loss { get; init; }
    /// <summary>Milliseconds to connect.</summary>
    [Id(4)] public double? Connect { get; init; }
    [Id(5)] public int? StatusCode { get; init; }
    [Id(6)] public string? Output { get; init; }
    [Id(7)] public int? NumRecords { get; init; }
    [Id(8)] public string? Rdata { get; init; }
}

/// <summary>Status of one region or of the whole job.</summary>
[GenerateSerializer, Immutable, Alias("vantage.monitor-status.v1")]
public sealed record StatusPoint
{
    [Id(0)] public string Status { get; init; } = MonitorStatuses.Pending;
    [Id(1)] public DateTimeOffset Since { get; init; }
}

/// <summary>A job's current statuses, its last result per region and its counters.</summary>
[GenerateSerializer, Immutable, Alias("vantage.monitor-job-status.v1")]
public sealed record JobStatus
{
    [Id(0)] public StatusPoint Global { get; init; } = new();
    [Id(1)] public ImmutableDictionary<string, StatusPoint> Regions { get; init; } = ImmutableDictionary<string, StatusPoint>.Empty;
    [Id(2)] public ImmutableDictionary<string, ProbeResult> LastResults { get; init; } = ImmutableDictionary<string, ProbeResult>.Empty;
    [Id(3)] public long Checks { get; init; }
    [Id(4)] public ImmutableDictionary<string, long> ChecksByRegion { get; init; } = ImmutableDictionary<string, long>.Empty;
}

/// <summary>One period of one status: <c>{job, region, status, since, until}</c>; region <c>global</c> for the job's.</summary>
[GenerateSerializer, Immutable, Alias("vantage.monitor-history.v1")]
public sealed record HistoryEntry
{
    [Id(0)] public required string Region { get; init; }
    [Id(1)] public required string Status { get; init; }
    [Id(2)] public DateTimeOffset Since { get; init; }
    [Id(3)] public DateTimeOffset? Until { get; init; }
}

/// <summary>A notify list (<c>/v1/lists</c>).</summary>
[GenerateSerializer, Immutable, Alias("vantage.notify-list.v1")]
public sealed record NotifyList
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public ImmutableArray<NotifyTarget> Targets { get; init; } = ImmutableArray<NotifyTarget>.Empty;
}

[GenerateSerializer, Immutable, Alias("vantage.notify-target.v1")]
public sealed record NotifyTarget
{
    [Id(0)] public required string Type { get; init; }
    [Id(1)] public string ConfigJson { get; init; } = "{}";
}

public static class MonitorStatuses
{
    public const string Pending = "pending";
    public const string Up = "up";
    public const string Down = "down";
}

public static class MonitorPolicies
{
    public const string Quorum = "quorum";
    public const string All = "all";
    public const string One = "one";

    public static readonly ImmutableArray<string> Names = [Quorum, All, One];

    /// <summary>
    /// The job's global status after <paramref name="changedRegion"/> changed: quorum follows a strict majority of
    /// the job's regions, all changes only when every region agrees, one follows any region that changes.
    /// Pending regions count for neither side.
    /// </summary>
    public static string Global(string policy, string current, IReadOnlyDictionary<string, StatusPoint> regions,
        IReadOnlyCollection<string> jobRegions, string changedRegion)
    {
        var statuses = jobRegions.Select(r => regions.TryGetValue(r, out var p) ? p.Status : MonitorStatuses.Pending).ToArray();
        int up = statuses.Count(s => s == MonitorStatuses.Up), down = statuses.Count(s => s == MonitorStatuses.Down);
        switch (policy)
        {
            case All:
                return up == statuses.Length ? MonitorStatuses.Up : down == statuses.Length ? MonitorStatuses.Down : current;
            case One:
                return regions.TryGetValue(changedRegion, out var changed) && changed.Status != MonitorStatuses.Pending ? changed.Status : current;
            default:
                return up * 2 > statuses.Length ? MonitorStatuses.Up : down * 2 > statuses.Length ? MonitorStatuses.Down : current;
        }
    }
}
