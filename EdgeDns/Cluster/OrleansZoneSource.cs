using Vantage.Events;

namespace Vantage.EdgeDns.Cluster;

/// <summary><see cref="IZoneSource"/> over the zone grains, through an Orleans client.</summary>
public sealed class OrleansZoneSource(IClusterClient client) : IZoneSource
{
    public async Task<IReadOnlyDictionary<string, long>> Versions(CancellationToken cancellationToken) =>
        await client.GetGrain<IZoneDirectoryGrain>(GrainKeys.Directory).Versions().WaitAsync(cancellationToken).ConfigureAwait(false);

    public async Task<ZoneSnapshot?> Snapshot(string zone, CancellationToken cancellationToken)
    {
        var result = await client.GetGrain<IZoneGrain>(zone).Get().WaitAsync(cancellationToken).ConfigureAwait(false);
        return result.Ok ? result.Value : null;
    }

    public Task<ZoneChanges> ChangesSince(string zone, long version, CancellationToken cancellationToken) =>
        client.GetGrain<IZoneGrain>(zone).GetChangesSince(version).WaitAsync(cancellationToken);
}
