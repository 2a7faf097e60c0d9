using System.Collections.Immutable;

namespace Vantage;

/// <summary>What an edge DNS server reports about itself, periodically and after reconnecting.</summary>
[GenerateSerializer, Immutable, Alias("vantage.edge-report.v1")]
public sealed record EdgeReport
{
    /// <summary>Stable id of the edge process (host name + listen endpoint by default).</summary>
    [Id(0)] public required string EdgeId { get; init; }
    [Id(1)] public string Endpoint { get; init; } = "";
    [Id(2)] public DateTimeOffset StartedAt { get; init; }
    [Id(3)] public DateTimeOffset ReportedAt { get; init; }
    /// <summary>Version of every zone the edge serves.</summary>
    [Id(4)] public ImmutableDictionary<string, long> Zones { get; init; } = ImmutableDictionary<string, long>.Empty;
    /// <summary>Publish → applied lag of recently applied changes, in milliseconds (p50/p99/max since the previous report).</summary>
    [Id(5)] public double LagP50Ms { get; init; }
    [Id(6)] public double LagP99Ms { get; init; }
    [Id(7)] public double LagMaxMs { get; init; }
    [Id(8)] public long ChangesApplied { get; init; }
    /// <summary>Full snapshots fetched because a gap or a journal miss was detected.</summary>
    [Id(9)] public long SnapshotsFetched { get; init; }
    [Id(10)] public long QueriesAnswered { get; init; }
    /// <summary>
    /// Answer latency (query parsed → response encoded) of the answers sampled since the previous report, in
    /// milliseconds: p50 and p99 from log-scale buckets (about 19% wide), and how many answers were timed (0: none).
    /// </summary>
    [Id(11)] public double AnswerP50Ms { get; init; }
    [Id(12)] public double AnswerP99Ms { get; init; }
    [Id(13)] public long AnswersTimed { get; init; }

    /// <summary>
    /// False (a full report): <see cref="Zones"/> lists every zone served. True (a delta): <see cref="Zones"/> lists only
    /// the zones whose version changed since the report numbered <see cref="BaseSequence"/>, and
    /// <see cref="RemovedZones"/> those no longer served.
    /// </summary>
    [Id(14)] public bool IsDelta { get; init; }
    [Id(15)] public ImmutableArray<string> RemovedZones { get; init; } = ImmutableArray<string>.Empty;
    /// <summary>Number of this report, counted by the edge from 1 since it started.</summary>
    [Id(16)] public long Sequence { get; init; }
    /// <summary>For a delta: the acknowledged report it is relative to.</summary>
    [Id(17)] public long BaseSequence { get; init; }
}

/// <summary>The registry's answer to a report.</summary>
[GenerateSerializer, Immutable, Alias("vantage.edge-report-ack.v1")]
public sealed record EdgeReportAck
{
    /// <summary>The report was taken in (a delta only when the registry held its base).</summary>
    [Id(0)] public bool Accepted { get; init; }
    /// <summary>The registry does not hold the base of the edge's deltas (it restarted, or pruned the edge): send a full report.</summary>
    [Id(1)] public bool FullReportWanted { get; init; }
}

/// <summary>
/// Keeps the latest report of every edge (deltas merged into it) and forgets edges that stay silent. Single activation
/// keyed <see cref="GrainKeys.Directory"/>.
/// </summary>
public interface IEdgeRegistryGrain : IGrainWithStringKey
{
    Task<EdgeReportAck> Report(EdgeReport report);

    /// <summary>Every known edge as one full report (deltas merged), by edge id.</summary>
    Task<ImmutableArray<EdgeReport>> List();

    /// <summary>Forgets edges that have not reported since <paramref name="olderThan"/>.</summary>
    Task<int> Prune(DateTimeOffset olderThan);
}
