using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vantage.EdgeDns.Cluster;
using Vantage.EdgeDns.Reporting;
using Vantage.EdgeDns.Zones;
using Vantage.Events;
using Xunit;

namespace Vantage.Tests.Dns;

/// <summary>The sync logic against a fake zone source: gaps pull the journal or the snapshot; reconcile converges.</summary>
public sealed class ZoneSynchronizerTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private readonly FakeZoneSource source = new();
    private readonly ZoneStore store = new(new ZoneCatalog());
    private readonly EdgeMetrics metrics = new();
    private readonly ZoneSynchronizer sync;

    public ZoneSynchronizerTests()
    {
        sync = new ZoneSynchronizer(source, store, metrics, new FakeTimeProvider(Now), NullLogger<ZoneSynchronizer>.Instance);
    }

    public void Dispose() => metrics.Dispose();

    public static ZoneChanged Change(long version, string host, string zone = TestZones.Example, TimeSpan? age = null) => new()
    {
        Zone = zone,
        Version = version,
        Kind = ZoneChangeKind.Updated,
        Settings = zone == TestZones.Example ? TestZones.ExampleSettings : TestZones.Bare(zone).Settings,
        Records = [new RecordChange { Domain = host, Type = "A", Record = TestZones.R(host, "A", 60, ["192.0.2.77"]) with { Zone = zone } }],
        At = Now - (age ?? TimeSpan.Zero),
    };

    [Fact]
    public async Task Reconcile_loads_every_zone_and_drops_unknown_ones()
    {
        source.SetZone(TestZones.ExampleSnapshot(3));
        source.SetZone(TestZones.Bare("other.test", 9));
        store.ApplySnapshot(TestZones.Bare("gone.test"));

        Assert.Equal(0, await sync.ReconcileAsync(CancellationToken.None));

        Assert.Equal(new Dictionary<string, long> { [TestZones.Example] = 3, ["other.test"] = 9 }, store.Versions());
        Assert.Equal(2, metrics.SnapshotsFetched);
    }

    [Fact]
    public async Task A_zone_listed_with_an_unknown_version_is_caught_up_from_the_zone_itself_and_never_dropped()
    {
        // Behind, at the same version, and not served at all: all three listed as -1 by the directory.
        store.ApplySnapshot(TestZones.ExampleSnapshot(3));
        store.ApplySnapshot(TestZones.Bare("same.test", 4));
        source.SetZone(TestZones.ExampleSnapshot(5), Change(4, "a.example.test"), Change(5, "b.example.test"));
        source.SetZone(TestZones.Bare("same.test", 4));
        source.SetZone(TestZones.Bare("new.test", 2));
        foreach (var zone in new[] { TestZones.Example, "same.test", "new.test" }) source.HideVersion(zone);

        Assert.Equal(0, await sync.ReconcileAsync(CancellationToken.None));

        Assert.Equal(new Dictionary<string, long> { [TestZones.Example] = 5, ["same.test"] = 4, ["new.test"] = 2 }, store.Versions());
        // -1 is not "up to date": each zone was asked where it is; the current one needed nothing more.
        Assert.Equal(["changes example.test 3", "changes same.test 4", "snapshot new.test", "versions"],
            source.Calls.Order(StringComparer.Ordinal));
        Assert.Equal(1, metrics.SnapshotsFetched);

        // Reconciling again keeps every zone (an unknown version never looks like a zone that is gone).
        await sync.ReconcileAsync(CancellationToken.None);
        Assert.Equal(3, store.Versions().Count);
    }

    [Fact]
    public async Task Reconcile_pulls_the_journal_for_laggards_and_leaves_current_zones_alone()
    {
        store.ApplySnapshot(TestZones.ExampleSnapshot(3));
        store.ApplySnapshot(TestZones.Bare("same.test", 4));
        source.SetZone(TestZones.ExampleSnapshot(5), Change(4, "a.example.test"), Change(5, "b.example.test"));
        source.SetZone(TestZones.Bare("same.test", 4));

        await sync.ReconcileAsync(CancellationToken.None);

        Assert.Equal(["versions", "changes example.test 3"], source.Calls);
        Assert.Equal(5, store.VersionOf(TestZones.Example));
        Assert.Equal(2, metrics.ChangesApplied);
    }

    [Fact]
    public async Task A_gap_pulls_the_missing_changes_from_the_journal()
    {
        store.ApplySnapshot(TestZones.ExampleSnapshot(3));
        source.SetZone(TestZones.ExampleSnapshot(6), Change(4, "a.example.test"), Change(5, "b.example.test"), Change(6, "c.example.test"));

        await sync.HandleAsync(Change(6, "c.example.test"), CancellationToken.None);

        Assert.Equal(6, store.VersionOf(TestZones.Example));
        Assert.Equal(["changes example.test 3"], source.Calls);
        var zone = store.Catalog.Current.Zones[TestZones.Example];
        Assert.NotNull(zone.FindNode(Vantage.EdgeDns.Wire.DnsNameCodec.EncodeLower("a.example.test")!));
        Assert.Equal((3L, 0L), (metrics.ChangesApplied, metrics.SnapshotsFetched));
    }

    [Fact]
    public async Task A_gap_beyond_the_journal_pulls_the_snapshot()
    {
        store.ApplySnapshot(TestZones.ExampleSnapshot(3));
        source.SetZone(TestZones.ExampleSnapshot(50), Change(45, "x.example.test"));

        await sync.HandleAsync(Change(50, "y.example.test"), CancellationToken.None);

        Assert.Equal(50, store.VersionOf(TestZones.Example));
        Assert.Equal(["changes example.test 3", "snapshot example.test"], source.Calls);
        Assert.Equal(1, metrics.SnapshotsFetched);
    }

    [Fact]
    public async Task Many_missed_changes_are_caught_up_from_one_snapshot_not_replayed_one_by_one()
    {
        store.ApplySnapshot(TestZones.ExampleSnapshot(3));
        var journal = Enumerable.Range(4, ZoneSynchronizer.MaxChangesToReplay + 1).Select(v => Change(v, $"h{v}.example.test")).ToArray();
        var last = journal[^1].Version;
        source.SetZone(TestZones.ExampleSnapshot(last), journal);

        await sync.HandleAsync(journal[^1], CancellationToken.None);

        Assert.Equal(last, store.VersionOf(TestZones.Example));
        Assert.Equal(["changes example.test 3", "snapshot example.test"], source.Calls);
        Assert.Equal((0L, 1L), (metrics.ChangesApplied, metrics.SnapshotsFetched));
    }

    [Fact]
    public async Task An_event_sent_without_its_records_is_read_from_the_journal()
    {
        store.ApplySnapshot(TestZones.ExampleSnapshot(3));
        var full = Change(4, "big.example.test");
        source.SetZone(TestZones.ExampleSnapshot(4), full);

        await sync.HandleAsync(full with { Records = [], RecordsOmitted = true }, CancellationToken.None);

        Assert.Equal(4, store.VersionOf(TestZones.Example));
        Assert.Equal(["changes example.test 3"], source.Calls);
        var zone = store.Catalog.Current.Zones[TestZones.Example];
        Assert.NotNull(zone.FindNode(Vantage.EdgeDns.Wire.DnsNameCodec.EncodeLower("big.example.test")!));
    }

    [Fact]
    public async Task An_edge_ahead_of_the_cluster_starts_over_from_the_clusters_snapshot()
    {
        store.ApplySnapshot(TestZones.ExampleSnapshot(9));
        source.SetZone(TestZones.ExampleSnapshot(4));

        await sync.ReconcileAsync(CancellationToken.None);

        Assert.Equal(4, store.VersionOf(TestZones.Example));
        Assert.Equal(["versions", "changes example.test 9", "snapshot example.test"], source.Calls);
    }

    [Fact]
    public async Task An_event_for_an_unknown_zone_loads_its_snapshot()
    {
        source.SetZone(TestZones.Bare("other.test", 4));
        await sync.HandleAsync(Change(4, "a.other.test", zone: "other.test"), CancellationToken.None);
        Assert.Equal(4, store.VersionOf("other.test"));
        Assert.Equal(["snapshot other.test"], source.Calls);
    }

    [Fact]
    public async Task A_zone_that_no_longer_exists_is_removed_on_catch_up()
    {
        store.ApplySnapshot(TestZones.ExampleSnapshot(3));
        await sync.CatchUpAsync(TestZones.Example, CancellationToken.None);
        Assert.Empty(store.Versions());
        Assert.Empty(store.Catalog.Current.Zones);
    }

    [Fact]
    public async Task A_deletion_event_drops_the_zone_and_a_later_creation_brings_it_back()
    {
        store.ApplySnapshot(TestZones.ExampleSnapshot(3));
        await sync.HandleAsync(new ZoneChanged { Zone = TestZones.Example, Version = 4, Kind = ZoneChangeKind.Deleted, At = Now }, CancellationToken.None);
        Assert.Empty(store.Catalog.Current.Zones);

        var created = new ZoneChanged
        {
            Zone = TestZones.Example,
            Version = 5,
            Kind = ZoneChangeKind.Created,
            Settings = TestZones.ExampleSettings,
            Records = [.. TestZones.ExampleRecords.Select(r => new RecordChange { Domain = r.Domain, Type = r.Type, Record = r })],
            At = Now,
        };
        await sync.HandleAsync(created, CancellationToken.None);
        Assert.Equal(5, store.VersionOf(TestZones.Example));
        Assert.Equal(ZoneDigest.Of(TestZones.ExampleRecords), store.Digest(TestZones.Example));
        Assert.Empty(source.Calls);
    }

    [Fact]
    public async Task Duplicates_from_the_stream_cause_no_calls()
    {
        store.ApplySnapshot(TestZones.ExampleSnapshot(3));
        await sync.HandleAsync(Change(2, "a.example.test"), CancellationToken.None);
        await sync.HandleAsync(Change(3, "a.example.test"), CancellationToken.None);
        Assert.Empty(source.Calls);
        Assert.Equal(3, store.VersionOf(TestZones.Example));
        Assert.Equal(0, metrics.ChangesApplied);
    }

    [Fact]
    public async Task Applied_changes_feed_the_lag_window()
    {
        store.ApplySnapshot(TestZones.ExampleSnapshot(3));
        for (var v = 4; v <= 103; v++)
        {
            await sync.HandleAsync(Change(v, $"h{v}.example.test", age: TimeSpan.FromMilliseconds(v - 3)), CancellationToken.None);
        }

        var window = metrics.TakeWindow();
        Assert.Equal(new LagSummary(50, 99, 100, 100), window);
        Assert.Equal(default, metrics.TakeWindow());
        Assert.Equal(100, metrics.ChangesApplied);
    }
}
