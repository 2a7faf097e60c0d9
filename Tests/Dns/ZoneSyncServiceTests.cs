using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Vantage.EdgeDns;
using Vantage.EdgeDns.Cluster;
using Vantage.EdgeDns.Reporting;
using Vantage.EdgeDns.Zones;
using Xunit;

namespace Vantage.Tests.Dns;

/// <summary>
/// The sync service's loop against a fake cluster and stream: it subscribes and reconciles at start, resubscribes
/// and reconciles after a reconnect, reconciles on its own every interval (fake time), and retries failures.
/// </summary>
public sealed class ZoneSyncServiceTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly FakeZoneSource source = new();
    private readonly FakeChangeFeed feed = new();
    private readonly ClusterConnectionMonitor connection = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly ZoneStore store = new(new ZoneCatalog());
    private readonly EdgeMetrics metrics = new();
    private readonly Lock gate = new();
    private readonly List<(long Count, TaskCompletionSource Done)> waiters = [];
    private ZoneSyncService service = null!;
    private long reconciled;

    public async Task InitializeAsync()
    {
        source.SetZone(TestZones.ExampleSnapshot(3));
        var sync = new ZoneSynchronizer(source, store, metrics, time, NullLogger<ZoneSynchronizer>.Instance);
        service = new ZoneSyncService(feed, sync, connection, Options.Create(new EdgeOptions { ReconcileInterval = Interval }), time,
            NullLogger<ZoneSyncService>.Instance);
        service.Reconciled += _ => OnReconciled();
        await service.StartAsync(CancellationToken.None);
        await ReconciledAsync(1);
    }

    public async Task DisposeAsync()
    {
        await service.StopAsync(CancellationToken.None);
        service.Dispose();
        metrics.Dispose();
    }

    private void OnReconciled()
    {
        lock (gate)
        {
            reconciled++;
            foreach (var w in waiters.Where(w => w.Count <= reconciled)) w.Done.TrySetResult();
            waiters.RemoveAll(w => w.Count <= reconciled);
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> reconciles completed.</summary>
    private Task ReconciledAsync(long count)
    {
        lock (gate)
        {
            if (reconciled >= count) return Task.CompletedTask;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((count, done));
            return done.Task.WaitAsync(Deadline);
        }
    }

    private long Reconciled
    {
        get
        {
            lock (gate) return reconciled;
        }
    }

    [Fact]
    public void Start_subscribes_then_loads_every_zone()
    {
        Assert.Equal([SubscribeMode.Renew], feed.Subscribes);
        Assert.Equal(3, store.VersionOf(TestZones.Example));
        Assert.Equal(["versions", "snapshot example.test"], source.Calls);
    }

    [Fact]
    public async Task Changes_from_the_stream_apply_and_a_gap_pulls_the_journal()
    {
        source.SetZone(TestZones.ExampleSnapshot(6), ZoneSynchronizerTests.Change(4, "a.example.test"), ZoneSynchronizerTests.Change(5, "b.example.test"),
            ZoneSynchronizerTests.Change(6, "c.example.test"));
        source.ClearCalls();

        Assert.True(await feed.PushAsync(ZoneSynchronizerTests.Change(4, "a.example.test")));
        Assert.True(await feed.PushAsync(ZoneSynchronizerTests.Change(6, "c.example.test")));

        await Until(() => store.VersionOf(TestZones.Example) == 6);
        Assert.Equal(["changes example.test 4"], source.Calls);
    }

    [Fact]
    public async Task A_reconnect_renews_the_subscription_and_reconciles_every_zone()
    {
        // While the link was down: a zone changed beyond the journal, one was created, one deleted.
        store.ApplySnapshot(TestZones.Bare("deleted.test", 2));
        source.SetZone(TestZones.ExampleSnapshot(40));
        source.SetZone(TestZones.Bare("created.test", 1));
        connection.NotifyClusterConnectionLost();
        connection.NotifyGatewayCountChanged(1, 0, connectionRecovered: true);

        await ReconciledAsync(2);

        Assert.Equal([SubscribeMode.Renew, SubscribeMode.Renew], feed.Subscribes);
        Assert.Equal(new Dictionary<string, long> { [TestZones.Example] = 40, ["created.test"] = 1 }, store.Versions());
    }

    [Fact]
    public async Task A_silo_leaving_checks_the_subscription_and_resubscribes_when_it_was_lost()
    {
        feed.Forget();
        connection.NotifyGatewayCountChanged(1, 2, connectionRecovered: false);

        await ReconciledAsync(2);

        Assert.Equal([SubscribeMode.Renew, SubscribeMode.IfMissing], feed.Subscribes);
        Assert.True(feed.Subscribed);
    }

    [Fact]
    public async Task The_periodic_reconcile_catches_changes_whose_events_were_lost()
    {
        source.SetZone(TestZones.ExampleSnapshot(9));
        feed.Forget();
        Assert.Equal(1, Reconciled);

        time.Advance(Interval);
        await ReconciledAsync(2);

        Assert.Equal(9, store.VersionOf(TestZones.Example));
        Assert.Equal([SubscribeMode.Renew, SubscribeMode.IfMissing], feed.Subscribes);

        time.Advance(Interval);
        await ReconciledAsync(3);
        Assert.Equal(2, feed.Subscribes.Count);
    }

    [Fact]
    public async Task A_failed_reconcile_is_retried_after_the_retry_delay()
    {
        source.Unreachable = true;
        source.SetZone(TestZones.ExampleSnapshot(12));
        time.Advance(Interval);
        await Until(() => source.Failures >= 1 && service.RetryPending);
        source.Unreachable = false;

        // Well before the next periodic reconcile: only the retry can converge the zone.
        time.Advance(ZoneSyncService.RetryDelay);
        await Until(() => store.VersionOf(TestZones.Example) == 12);
        Assert.Equal(1, source.Failures);
    }

    private static Task Until(Func<bool> condition) =>
        Poll.Require(condition, TimeSpan.FromSeconds(10), () => "condition not met before the deadline");
}
