using System.Collections.Immutable;

namespace Vantage.Grains.Edges;

/// <summary>
/// Latest report of every edge, in memory: edges report every few seconds and again after a reconnect,
/// so a restarted registry is complete again within one report interval.
/// </summary>
public sealed class EdgeRegistryGrain : Grain, IEdgeRegistryGrain
{
    private readonly Dictionary<string, EdgeReport> _edges = new(StringComparer.Ordinal);

    public Task Report(EdgeReport report)
    {
        if (!_edges.TryGetValue(report.EdgeId, out var known) || known.ReportedAt <= report.ReportedAt)
            _edges[report.EdgeId] = report;
        return Task.CompletedTask;
    }

    public Task<ImmutableArray<EdgeReport>> List() =>
        Task.FromResult(_edges.Values.OrderBy(e => e.EdgeId, StringComparer.Ordinal).ToImmutableArray());

    public Task<int> Prune(DateTimeOffset olderThan)
    {
        var stale = _edges.Values.Where(e => e.ReportedAt < olderThan).Select(e => e.EdgeId).ToList();
        foreach (var id in stale) _edges.Remove(id);
        return Task.FromResult(stale.Count);
    }
}
