using System.Collections.Immutable;
using Vantage.EdgeDns.Zones;
using Vantage.Events;
using Vantage.Model;
using Xunit;

namespace Vantage.Tests.Dns;

/// <summary>Zone application: strict version order per zone, duplicates ignored, gaps reported, atomic swaps.</summary>
public sealed class ZoneStoreTests
{
    private static ZoneChanged Update(long version, params RecordChange[] changes) => new()
    {
        Zone = TestZones.Example,
        Version = version,
        Kind = ZoneChangeKind.Updated,
        Settings = TestZones.ExampleSettings with { Serial = (uint)(42 + version) },
        Records = [.. changes],
    };

    private static RecordChange Set(string domain, string type, string value) =>
        new() { Domain = domain, Type = type, Record = TestZones.R(domain, type, 60, [value]) };

    private static RecordChange Delete(string domain, string type) => new() { Domain = domain, Type = type };

    [Fact]
    public void Snapshot_then_changes_apply_in_order()
    {
        var catalog = new ZoneCatalog();
        var store = new ZoneStore(catalog);
        Assert.Equal(ApplyOutcome.Applied, store.ApplySnapshot(TestZones.ExampleSnapshot(version: 5)));
        Assert.Equal(5, store.VersionOf(TestZones.Example));

        Assert.Equal(ApplyOutcome.Applied, store.Apply(Update(6, Set("new.example.test", "A", "192.0.2.99"))));
        Assert.Equal(ApplyOutcome.Applied, store.Apply(Update(7, Delete("host1.example.test", "A"))));
        var zone = catalog.Current.Zones[TestZones.Example];
        Assert.Equal(7, zone.Version);
        Assert.Equal(49u, zone.Settings.Serial);
        Assert.NotNull(zone.FindNode(Wire("new.example.test"))!.Find(1));
        Assert.Null(zone.FindNode(Wire("host1.example.test"))!.Find(1));
        Assert.NotNull(zone.FindNode(Wire("host1.example.test"))!.Find(28));
    }

    [Fact]
    public void Duplicates_and_old_versions_are_ignored()
    {
        var store = new ZoneStore(new ZoneCatalog());
        store.ApplySnapshot(TestZones.ExampleSnapshot(version: 5));
        var before = store.Catalog.Current;
        Assert.Equal(ApplyOutcome.Duplicate, store.Apply(Update(5, Set("x.example.test", "A", "192.0.2.1"))));
        Assert.Equal(ApplyOutcome.Duplicate, store.Apply(Update(3, Set("x.example.test", "A", "192.0.2.1"))));
        Assert.Equal(ApplyOutcome.Duplicate, store.ApplySnapshot(TestZones.ExampleSnapshot(version: 5)));
        Assert.Equal(ApplyOutcome.Duplicate, store.ApplySnapshot(TestZones.ExampleSnapshot(version: 4)));
        Assert.Same(before, store.Catalog.Current);
        Assert.Equal(5, store.VersionOf(TestZones.Example));
    }

    [Fact]
    public void A_gap_is_reported_and_nothing_changes()
    {
        var store = new ZoneStore(new ZoneCatalog());
        store.ApplySnapshot(TestZones.ExampleSnapshot(version: 5));
        Assert.Equal(ApplyOutcome.Gap, store.Apply(Update(7, Set("x.example.test", "A", "192.0.2.1"))));
        Assert.Equal(5, store.VersionOf(TestZones.Example));
        Assert.Null(store.Catalog.Current.Zones[TestZones.Example].FindNode(Wire("x.example.test")));

        // After the caller re-fetches, the same change applies in order.
        Assert.Equal(ApplyOutcome.Applied, store.Apply(Update(6, Set("y.example.test", "A", "192.0.2.2"))));
        Assert.Equal(ApplyOutcome.Applied, store.Apply(Update(7, Set("x.example.test", "A", "192.0.2.1"))));
    }

    [Fact]
    public void Update_for_an_unknown_zone_is_a_gap()
    {
        var store = new ZoneStore(new ZoneCatalog());
        Assert.Equal(ApplyOutcome.Gap, store.Apply(Update(3)));
        Assert.Empty(store.Versions());
    }

    [Fact]
    public void Created_and_deleted_events()
    {
        var store = new ZoneStore(new ZoneCatalog());
        var created = new ZoneChanged
        {
            Zone = "new.test",
            Version = 1,
            Kind = ZoneChangeKind.Created,
            Settings = new ZoneSettings { Id = "n", Name = "new.test" },
            Records = [new RecordChange { Domain = "a.new.test", Type = "A", Record = TestZones.R("a.new.test", "A", 60, ["192.0.2.7"]) with { Zone = "new.test" } }],
        };
        Assert.Equal(ApplyOutcome.Applied, store.Apply(created));
        Assert.Equal(ApplyOutcome.Duplicate, store.Apply(created));
        Assert.True(store.Catalog.Current.Zones.ContainsKey("new.test"));

        var deleted = new ZoneChanged { Zone = "new.test", Version = 2, Kind = ZoneChangeKind.Deleted };
        Assert.Equal(ApplyOutcome.Removed, store.Apply(deleted));
        Assert.False(store.Catalog.Current.Zones.ContainsKey("new.test"));
        Assert.Equal(0, store.VersionOf("new.test"));
        Assert.Equal(ApplyOutcome.Duplicate, store.Apply(deleted));

        // Re-created later: starts from the creation event again.
        Assert.Equal(ApplyOutcome.Applied, store.Apply(created));
    }

    [Fact]
    public void Invalid_records_are_skipped_not_fatal()
    {
        var store = new ZoneStore(new ZoneCatalog());
        var snapshot = TestZones.Bare("bad.test") with
        {
            Records =
            [
                TestZones.R("a.bad.test", "A", 60, ["not-an-ip"]) with { Zone = "bad.test" },
                TestZones.R("outside.example.org", "A", 60, ["192.0.2.1"]) with { Zone = "bad.test" },
                TestZones.R("mx.bad.test", "MX", 60, ["x", "mail.bad.test"]) with { Zone = "bad.test" },
                TestZones.R("ok.bad.test", "A", 60, ["192.0.2.1"]) with { Zone = "bad.test" },
            ],
        };
        Assert.Equal(ApplyOutcome.Applied, store.ApplySnapshot(snapshot));
        var zone = store.Catalog.Current.Zones["bad.test"];
        Assert.Equal(3, zone.SkippedRecords);
        Assert.NotNull(zone.FindNode(Wire("ok.bad.test")));
    }

    [Fact]
    public async Task Changes_are_visible_to_queries_and_swaps_are_atomic()
    {
        await using var edge = await EdgeServer.StartAsync();
        edge.Store.ApplySnapshot(TestZones.ExampleSnapshot(version: 1));
        var query = TestQuery.Build("host1.example.test", 1);
        Assert.Equal(2, edge.UdpQuery(query).Answers.Count);

        // Flip host1 between one and three addresses while querying: every answer is one whole version.
        var writer = Task.Run(() =>
        {
            for (var v = 2; v <= 200; v++)
            {
                var values = v % 2 == 0 ? new[] { "192.0.2.1" } : new[] { "192.0.2.1", "192.0.2.2", "192.0.2.3" };
                var record = TestZones.R("host1.example.test", "A", 60, [.. values.Select(x => new[] { x })]);
                Assert.Equal(ApplyOutcome.Applied, edge.Store.Apply(Update(v, new RecordChange { Domain = record.Domain, Type = "A", Record = record })));
            }
        });
        var seen = new HashSet<int>();
        while (!writer.IsCompleted)
        {
            var count = edge.UdpQuery(query).Answers.Count;
            Assert.Contains(count, new[] { 1, 2, 3 });
            seen.Add(count);
        }
        await writer;
        Assert.Single(edge.UdpQuery(query).Answers);
    }

    private static byte[] Wire(string name) => Vantage.EdgeDns.Wire.DnsNameCodec.EncodeLower(name)!;
}
