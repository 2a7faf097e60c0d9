using Microsoft.Extensions.Logging;
using Vantage.Events;

namespace Vantage.Grains.Zones;

/// <summary>
/// The outbox: accepted changes wait here, in version order, until the change stream took them. A writer never waits
/// for the stream, so a slow or failing stream cannot turn a durable write into an error; edges that miss an event
/// catch up from versions and the log. What was published is recorded in the head at the next checkpoint, so changes
/// a crash kept from the stream are published after the restart.
/// </summary>
public sealed partial class ZoneGrain
{
    private const int PublishAttempts = 6;

    private readonly Queue<ZoneChanged> _outbox = new();
    /// <summary>True while <see cref="Drain"/> runs. Set and cleared by the drain itself: a drain that completes
    /// synchronously (a publish that finished before it was awaited) leaves nothing behind that looks like a running drain.</summary>
    private bool _draining;
    private long _published;

    private long PublishedVersion => Math.Max(_published, Head.PublishedVersion);

    private void Enqueue(ZoneChanged change)
    {
        _outbox.Enqueue(change.Records.Length > MaxRecordsPerEvent && change.Kind != ZoneChangeKind.Deleted
            ? change with { Records = [], RecordsOmitted = true }
            : change.Records.Length > MaxRecordsPerEvent ? change with { Records = [] } : change);
        if (!_draining) _ = Drain();
    }

    private async Task Drain()
    {
        _draining = true;
        try
        {
            var failures = 0;
            while (_outbox.TryPeek(out var change))
            {
                try
                {
                    await publisher.Publish(change);
                    _outbox.Dequeue();
                    _published = Math.Max(_published, change.Version);
                    failures = 0;
                }
                catch (Exception ex)
                {
                    failures++;
                    LogPublishFailed(change.Zone, change.Version, failures, ex);
                    if (failures >= PublishAttempts)
                    {
                        // Edges catch up from the directory's versions and the log; later changes still go out.
                        _outbox.Dequeue();
                        failures = 0;
                        continue;
                    }
                    await Task.Delay(TimeSpan.FromMilliseconds(100 << failures), time);
                }
            }
        }
        finally
        {
            _draining = false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Zone {Zone}: publishing version {Version} failed (attempt {Attempt}); edges catch up from versions and the log")]
    private partial void LogPublishFailed(string zone, long version, int attempt, Exception ex);
}
