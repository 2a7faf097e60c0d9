using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vantage.EdgeDns.Zones;

namespace Vantage.EdgeDns.Snapshots;

/// <summary>
/// Keeps the edge's zones on local disk. Before any listener starts it loads the snapshot folder into the
/// <see cref="ZoneStore"/> (so the edge serves at once, even with the cluster away); afterwards it writes every zone
/// that changes, in the background (a compiled version streamed to a temporary file, then renamed: the apply never
/// waits for it), at most once per <see cref="EdgeOptions.SnapshotWriteDelay"/> per zone, deletes
/// the files of removed zones, and flushes whatever is pending when the host stops.
/// </summary>
public sealed class ZoneSnapshotService : IHostedLifecycleService, IAsyncDisposable
{
    private readonly ZoneStore store;
    private readonly ZoneSnapshotFolder folder;
    private readonly TimeProvider time;
    private readonly ILogger<ZoneSnapshotService> logger;
    private readonly TimeSpan delay;
    private readonly Channel<string> changed = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<string> pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> lastWrite = new(StringComparer.Ordinal);
    /// <summary>Version of each zone's file on disk (loop-owned after start).</summary>
    private readonly Dictionary<string, long> onDisk = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();
    private Task loop = Task.CompletedTask;
    private int stopped;

    public ZoneSnapshotService(ZoneStore store, IOptions<EdgeOptions> options, TimeProvider time, ILogger<ZoneSnapshotService> logger)
    {
        this.store = store;
        this.time = time;
        this.logger = logger;
        folder = new ZoneSnapshotFolder(options.Value.EffectiveSnapshotFolder);
        delay = options.Value.SnapshotWriteDelay;
    }

    public ZoneSnapshotFolder Folder => folder;

    /// <summary>Loads the folder before the DNS listeners start (hosts run every StartingAsync before any StartAsync).</summary>
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        // Each file is compiled as it is read: a big zone never sits in memory as records as well.
        var load = folder.LoadCompiled();
        foreach (var skipped in load.Skipped) SnapshotLog.Skipped(logger, skipped.Path, skipped.Reason);
        var nodes = 0;
        foreach (var zone in load.Zones)
        {
            store.ApplyCompiled(zone);
            onDisk[zone.Name] = zone.Version;
            nodes += zone.NodeCount;
        }
        Vantage.Hosting.HeapCompaction.AfterZoneLoad(nodes);
        SnapshotLog.Loaded(logger, onDisk.Count, folder.Path, load.TempFilesDeleted);
        store.ZoneUpdated += OnZoneUpdated;
        // Zones installed before we subscribed (none in the normal start order) are written too.
        foreach (var zone in store.Versions().Keys) changed.Writer.TryWrite(zone);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        loop = Task.Run(() => RunAsync(stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Stops the loop and writes every zone still pending, however recently it was written.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1) return;
        store.ZoneUpdated -= OnZoneUpdated;
        await stopping.CancelAsync().ConfigureAwait(false);
        await loop.ConfigureAwait(false);
        while (changed.Reader.TryRead(out var zone)) pending.Add(zone);
        foreach (var zone in pending.ToList()) Flush(zone);
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        stopping.Dispose();
    }

    private void OnZoneUpdated(string zone) => changed.Writer.TryWrite(zone);

    private async Task RunAsync(CancellationToken token)
    {
        try
        {
            while (!token.IsCancellationRequested)
            {
                while (changed.Reader.TryRead(out var zone)) pending.Add(zone);
                var wait = FlushDue();
                if (wait is null)
                {
                    await changed.Reader.WaitToReadAsync(token).ConfigureAwait(false);
                    continue;
                }
                using var either = CancellationTokenSource.CreateLinkedTokenSource(token);
                var read = changed.Reader.WaitToReadAsync(either.Token).AsTask();
                var due = Task.Delay(wait.Value, time, either.Token);
                await Task.WhenAny(read, due).ConfigureAwait(false);
                await either.CancelAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: StopAsync flushes what is pending.
        }
    }

    /// <summary>Writes the pending zones whose delay has passed; returns how long until the next one is due, or null.</summary>
    private TimeSpan? FlushDue()
    {
        var now = time.GetUtcNow();
        TimeSpan? wait = null;
        foreach (var zone in pending.ToList())
        {
            var due = lastWrite.TryGetValue(zone, out var last) ? last + delay : now;
            if (due <= now)
            {
                lastWrite[zone] = now;
                if (Flush(zone)) continue;
                due = now + delay;
            }
            var left = due - now;
            if (wait is null || left < wait) wait = left;
        }
        return wait;
    }

    /// <summary>Makes the disk match the store for <paramref name="zone"/>; false (still pending) when that failed.</summary>
    private bool Flush(string zone)
    {
        try
        {
            // The compiled version is immutable: it is streamed to disk while newer versions are applied.
            var compiled = store.Compiled(zone);
            if (compiled is null)
            {
                folder.Delete(zone);
                onDisk.Remove(zone);
            }
            else if (onDisk.GetValueOrDefault(zone) != compiled.Version)
            {
                folder.Write(compiled);
                onDisk[zone] = compiled.Version;
                SnapshotLog.Written(logger, zone, compiled.Version);
            }
            pending.Remove(zone);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            SnapshotLog.WriteFailed(logger, e, zone);
            return false;
        }
    }
}
