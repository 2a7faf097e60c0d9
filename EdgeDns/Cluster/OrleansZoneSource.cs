using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Vantage.EdgeDns.Zones;
using Vantage.Events;
using Vantage.Model;
using Vantage.Zones;

namespace Vantage.EdgeDns.Cluster;

/// <summary><see cref="IZoneSource"/> over the zone grains and the directory shards, through an Orleans client.</summary>
public sealed class OrleansZoneSource(IClusterClient client, ILogger<OrleansZoneSource>? logger = null) : IZoneSource
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

    /// <summary>Attempts at reading a zone whose version moved on (expired) while its pages were being read.</summary>
    public const int SnapshotAttempts = 3;

    /// <summary>Snapshot reads of at least this many record sets are logged with where their time went.</summary>
    private const int BigZoneRecords = 100_000;

    /// <summary>Record sets per page of an edge's snapshot read (about 1–2 MB per message).</summary>
    private const int SnapshotPageSize = 5_000;

    /// <summary>The zone streamed page by page into the compiler: each page is compiled and dropped as it arrives.</summary>
    public async Task<CompiledZone?> CompiledSnapshot(string zone, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            ZoneBuilder? builder = null;
            long version = 0;
            string? error = null;
            var grain = client.GetGrain<IZoneGrain>(zone);
            // Where the time of a big read goes (waiting for pages vs compiling them), for the log below.
            var started = Stopwatch.GetTimestamp();
            long waiting = 0, compiling = 0, records = 0, pages = 0;
            // The next page is asked for before this one is compiled: fetching and compiling overlap.
            Task<OpResult<RecordModelPage>>? next = grain.GetRecordModelsPage(0, null, SnapshotPageSize);
            while (next is not null)
            {
                var waited = Stopwatch.GetTimestamp();
                var page = await next.WaitAsync(cancellationToken).ConfigureAwait(false);
                var arrived = Stopwatch.GetTimestamp();
                waiting += arrived - waited;
                next = null;
                if (!page.Ok)
                {
                    if (page.Error == OpError.NotFound) return null;
                    error = $"zone {zone}: {page.Message}";
                    break;
                }
                if (page.Value!.Next is { } after) next = grain.GetRecordModelsPage(page.Value.Version, after, SnapshotPageSize);
                builder ??= new ZoneBuilder(page.Value.Settings);
                version = page.Value.Version;
                // Each model is kept as the edge's own form of the record: it is decoded, never encoded again.
                foreach (var model in RecordModelPage.Unpack(page.Value.Models))
                {
                    var bytes = model.ToArray();
                    builder.Add(RecordModel.Decode(bytes, zone), bytes);
                }
                records += page.Value.Count;
                pages++;
                compiling += Stopwatch.GetTimestamp() - arrived;
            }
            if (error is null)
            {
                var built = Stopwatch.GetTimestamp();
                var compiled = builder?.Build(version);
                if (records >= BigZoneRecords && logger is not null)
                {
                    SnapshotReadLog.Read(logger, zone, version, records, pages, Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                        waiting * 1000.0 / Stopwatch.Frequency, compiling * 1000.0 / Stopwatch.Frequency, Stopwatch.GetElapsedTime(built).TotalMilliseconds);
                }
                return compiled;
            }
            // The version being read expired (the zone changes fast): start over at the current one.
            if (attempt >= SnapshotAttempts) throw new InvalidOperationException(error);
        }
    }

    public Task<ZoneChanges> ChangesSince(string zone, long version, CancellationToken cancellationToken) =>
        client.GetGrain<IZoneGrain>(zone).GetChangesSince(version).WaitAsync(cancellationToken);
}

internal static partial class SnapshotReadLog
{
    [LoggerMessage(EventId = 211, Level = LogLevel.Information,
        Message = "Zone {Zone} version {Version} read from the cluster: {Records} record sets in {Pages} pages, {TotalMs:F0} ms ({WaitMs:F0} ms waiting for pages, {CompileMs:F0} ms compiling them, {BuildMs:F0} ms building the zone)")]
    public static partial void Read(ILogger logger, string zone, long version, long records, long pages, double totalMs, double waitMs, double compileMs, double buildMs);
}
