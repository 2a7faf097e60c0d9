using System.Collections.Immutable;
using Microsoft.Extensions.Options;

namespace Vantage.Grains.Edges;

/// <summary>
/// Latest report of every edge, in memory: edges report every few seconds (deltas: only the zones whose version moved)
/// and in full after a start, a reconnect or when asked, so a restarted registry is complete again within one report
/// interval. A timer forgets edges silent for longer than <see cref="EdgeRegistryOptions.PruneAfter"/>.
/// </summary>
public sealed class EdgeRegistryGrain(IOptions<EdgeRegistryOptions> options, TimeProvider time) : Grain, IEdgeRegistryGrain
{
    private readonly EdgeRegistry registry = new();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var interval = options.Value.PruneInterval;
        this.RegisterGrainTimer(PruneSilentAsync, new GrainTimerCreationOptions { DueTime = interval, Period = interval, Interleave = true });
        return base.OnActivateAsync(cancellationToken);
    }

    public Task<EdgeReportAck> Report(EdgeReport report) => Task.FromResult(registry.Report(report));

    public Task<ImmutableArray<EdgeReport>> List() => Task.FromResult(registry.List());

    public Task<int> Prune(DateTimeOffset olderThan) => Task.FromResult(registry.Prune(olderThan));

    private Task PruneSilentAsync(CancellationToken cancellationToken)
    {
        registry.Prune(time.GetUtcNow() - options.Value.PruneAfter);
        return Task.CompletedTask;
    }
}
