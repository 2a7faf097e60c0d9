using Vantage.Events;
using Vantage.Model;
using Vantage.Zones;

namespace Vantage.EdgeDns.Cluster;

/// <summary><see cref="IZoneSource"/> over the zone grains and the directory shards, through an Orleans client.</summary>
public sealed class OrleansZoneSource(IClusterClient client) : IZoneSource
{
    public async Task<IReadOnlyDictionary<string, long>> Versions(CancellationToken cancellationToken) =>
        await ZoneDirectory.Versions(client).WaitAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>The zone read page by page at one version (a zone of any size never travels in one message).</summary>
    public async Task<ZoneSnapshot?> Snapshot(string zone, CancellationToken cancellationToken)
    {
        var records = new List<DnsRecord>();
        RecordPage? first = null;
        await foreach (var page in ZoneReader.Pages(client.GetGrain<IZoneGrain>(zone), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (!page.Ok)
            {
                if (page.Error == OpError.NotFound) return null;
                throw new InvalidOperationException($"zone {zone}: {page.Message}");
            }
            first ??= page.Value!;
            records.AddRange(page.Value!.Records);
        }
        return first is null ? null : new ZoneSnapshot { Settings = first.Settings, Version = first.Version, Records = [.. records] };
    }

    public Task<ZoneChanges> ChangesSince(string zone, long version, CancellationToken cancellationToken) =>
        client.GetGrain<IZoneGrain>(zone).GetChangesSince(version).WaitAsync(cancellationToken);
}
