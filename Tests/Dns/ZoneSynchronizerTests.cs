using Microsoft.Extensions.Logging.Abstractions;
using Vantage.EdgeDns.Cluster;
using Vantage.EdgeDns.Zones;
using Vantage.Events;
using Xunit;

namespace Vantage.Tests.Dns;

/// <summary>The sync logic against a fake zone source: gaps pull the journal or the snapshot; reconcile converges.</summary>
public sealed class ZoneSynchronizerTests
{
    private sealed class FakeSource : IZoneSource
    {
        public Dictionary<string, ZoneSnapshot> Snapshots { get; } = [];
        public Dictionary<string, List<ZoneChanged>> Journals { get; } = [];
        public List<string> Calls { get; } = [];

        public Task<IReadOnlyDictionary<string, long>> Versions(CancellationToken cancellationToken)
        {
            Calls.Add("versions");
            return Task.FromResult<IReadOnlyDictionary<string, long>>(Snapshots.ToDictionary(s => s.Key, s => s.Value.Version));
        }

        public Task<ZoneSnapshot?> Snapshot(string zone, CancellationToken cancellationToken)
        {
            Calls.Add("snapshot " + zone);
            return Task.FromResult(Snapshots.GetValueOrDefault(zone));
        }

        public Task<ZoneChanges> ChangesSince(string zone, long version, CancellationToken cancellationToken)
        {
            Calls.Add($"changes {zone} {version}");
            if (!Snapshots.TryGetValue(zone, out var s)) return Task.FromResult(new ZoneChanges { CurrentVersion = 0, Exists = false });
            var journal = Journals.GetValueOrDefault(zone) ?? [];
            var reaches = journal.Count > 0 && journal[0].Version <= version + 1;
            return Task.FromResult(new ZoneChanges
            {
                CurrentVersion = s.Version,
                Exists = true,
                SnapshotRequired = !reaches,
                Changes = reaches ? [.. journal.Where(c => c.Version > version)] : [],
            });
        }
    }

    private static ZoneChanged Change(long version, string host) => new()
    {
        Zone = TestZones.Example,
        Version = version,
        Kind = ZoneChangeKind.Updated,
        Settings = TestZones.ExampleSettings,
        Records = [new RecordChange { Domain = host, Type = "A", Record = TestZones.R(host, "A", 60, ["192.0.2.77"]) }],
    };

    private static (FakeSource Source, ZoneStore Store, ZoneSynchronizer Sync) Create()
    {
        var source = new FakeSource();
        var store = new ZoneStore(new ZoneCatalog());
        return (source, store, new ZoneSynchronizer(source, store, NullLogger<ZoneSynchronizer>.Instance));
    }

    [Fact]
    public async Task Reconcile_loads_every_zone_and_drops_unknown_ones()
    {
        var (source, store, sync) = Create();
        source.Snapshots[TestZones.Example] = TestZones.ExampleSnapshot(3);
        source.Snapshots["other.test"] = TestZones.Bare("other.test", 9);
        store.ApplySnapshot(TestZones.Bare("gone.test"));

        await sync.ReconcileAsync(CancellationToken.None);

        Assert.Equal(new Dictionary<string, long> { [TestZones.Example] = 3, ["other.test"] = 9 }, store.Versions());
    }

    [Fact]
    public async Task A_gap_pulls_the_missing_changes_from_the_journal()
    {
        var (source, store, sync) = Create();
        store.ApplySnapshot(TestZones.ExampleSnapshot(3));
        source.Snapshots[TestZones.Example] = TestZones.ExampleSnapshot(6);
        source.Journals[TestZones.Example] = [Change(4, "a.example.test"), Change(5, "b.example.test"), Change(6, "c.example.test")];

        await sync.HandleAsync(Change(6, "c.example.test"), CancellationToken.None);

        Assert.Equal(6, store.VersionOf(TestZones.Example));
        Assert.Equal(["changes example.test 3"], source.Calls);
        var zone = store.Catalog.Current.Zones[TestZones.Example];
        Assert.NotNull(zone.FindNode(Vantage.EdgeDns.Wire.DnsNameCodec.EncodeLower("a.example.test")!));
    }

    [Fact]
    public async Task A_gap_beyond_the_journal_pulls_the_snapshot()
    {
        var (source, store, sync) = Create();
        store.ApplySnapshot(TestZones.ExampleSnapshot(3));
        source.Snapshots[TestZones.Example] = TestZones.ExampleSnapshot(50);
        source.Journals[TestZones.Example] = [Change(45, "x.example.test")];

        await sync.HandleAsync(Change(50, "y.example.test"), CancellationToken.None);

        Assert.Equal(50, store.VersionOf(TestZones.Example));
        Assert.Equal(["changes example.test 3", "snapshot example.test"], source.Calls);
    }

    [Fact]
    public async Task An_event_for_an_unknown_zone_loads_its_snapshot()
    {
        var (source, store, sync) = Create();
        source.Snapshots["other.test"] = TestZones.Bare("other.test", 4);
        await sync.HandleAsync(new ZoneChanged { Zone = "other.test", Version = 4, Kind = ZoneChangeKind.Updated, Settings = TestZones.Bare("other.test").Settings }, CancellationToken.None);
        Assert.Equal(4, store.VersionOf("other.test"));
    }

    [Fact]
    public async Task A_zone_that_no_longer_exists_is_removed_on_catch_up()
    {
        var (_, store, sync) = Create();
        store.ApplySnapshot(TestZones.ExampleSnapshot(3));
        await sync.CatchUpAsync(TestZones.Example, CancellationToken.None);
        Assert.Empty(store.Versions());
        Assert.Empty(store.Catalog.Current.Zones);
    }

    [Fact]
    public async Task Duplicates_from_the_stream_cause_no_calls()
    {
        var (source, store, sync) = Create();
        store.ApplySnapshot(TestZones.ExampleSnapshot(3));
        await sync.HandleAsync(Change(2, "a.example.test"), CancellationToken.None);
        await sync.HandleAsync(Change(3, "a.example.test"), CancellationToken.None);
        Assert.Empty(source.Calls);
        Assert.Equal(3, store.VersionOf(TestZones.Example));
    }
}
