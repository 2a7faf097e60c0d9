using System.Collections.Immutable;

namespace Vantage.Grains.Edges;

/// <summary>
/// The registry's bookkeeping, without Orleans: full reports replace what is known of an edge, deltas are merged into
/// it when they build on the report the registry holds (else the edge is asked for a full one), silent edges are pruned.
/// </summary>
public sealed class EdgeRegistry
{
    private readonly Dictionary<string, EdgeReport> edges = new(StringComparer.Ordinal);

    public int Count => edges.Count;

    public EdgeReportAck Report(EdgeReport report)
    {
        edges.TryGetValue(report.EdgeId, out var known);
        if (!report.IsDelta)
        {
            // An older report arriving late (a retry overtaken by a newer one) is ignored.
            if (known is not null && known.ReportedAt > report.ReportedAt) return new EdgeReportAck { Accepted = false };
            edges[report.EdgeId] = report with { RemovedZones = [] };
            return new EdgeReportAck { Accepted = true };
        }
        if (known is null || known.StartedAt != report.StartedAt || known.Sequence != report.BaseSequence)
        {
            return new EdgeReportAck { Accepted = false, FullReportWanted = true };
        }
        var zones = known.Zones.SetItems(report.Zones).RemoveRange(report.RemovedZones);
        edges[report.EdgeId] = report with { IsDelta = false, Zones = zones, RemovedZones = [], BaseSequence = 0 };
        return new EdgeReportAck { Accepted = true };
    }

    public ImmutableArray<EdgeReport> List() => [.. edges.Values.OrderBy(e => e.EdgeId, StringComparer.Ordinal)];

    /// <summary>Forgets edges that have not reported since <paramref name="olderThan"/>; returns how many.</summary>
    public int Prune(DateTimeOffset olderThan)
    {
        var stale = edges.Values.Where(e => e.ReportedAt < olderThan).Select(e => e.EdgeId).ToList();
        foreach (var id in stale) edges.Remove(id);
        return stale.Count;
    }
}
