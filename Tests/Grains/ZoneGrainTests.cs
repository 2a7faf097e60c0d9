using System.Collections.Immutable;
using Vantage.Model;
using Vantage.Zones;

namespace Vantage.Tests.Grains;

[Collection(GrainClusterCollection.Name)]
public sealed class ZoneGrainTests(GrainClusterFixture fixture)
{
    private static string NewZone() => "z" + Guid.NewGuid().ToString("N")[..12] + ".test";

    private IZoneGrain Zone(string name) => fixture.Client.GetGrain<IZoneGrain>(name);

    private static RecordPatch A(params string[] addresses) => new()
    {
        Answers = [.. addresses.Select(a => new DnsAnswer { Id = "", Rdata = [a] })],
    };

    [Fact]
    public async Task Create_applies_ns1_defaults_and_an_apex_ns_record()
    {
        var name = NewZone();
        var result = await Zone(name).Create(new ZonePatch { NxTtl = 60 });

        Assert.True(result.Ok, result.Message);
        var snapshot = result.Value!;
        Assert.Equal(1, snapshot.Version);
        var zone = snapshot.Settings;
        Assert.Equal(name, zone.Name);
        Assert.Equal(24, zone.Id.Length);
        Assert.Equal((3600, 60, 43200, 7200, 1209600), (zone.Ttl, zone.NxTtl, zone.Refresh, zone.Retry, zone.Expiry));
        Assert.Equal(["dns1.vantage.test", "dns2.vantage.test"], zone.DnsServers.ToArray());
        Assert.Equal("hostmaster@vantage.test", zone.Hostmaster);
        Assert.True(zone.Serial > 1_700_000_000);
        var ns = Assert.Single(snapshot.Records);
        Assert.Equal((name, "NS", 60, false), (ns.Domain, ns.Type, ns.Ttl, ns.UseClientSubnet));
        Assert.Equal(["dns1.vantage.test", "dns2.vantage.test"], ns.Answers.Select(a => a.Rdata.Single()));
        Assert.All(ns.Answers, a => Assert.Equal(24, a.Id.Length));
    }

    [Fact]
    public async Task Settings_alone_are_readable_without_the_records()
    {
        var name = NewZone();
        Assert.Equal("zone not found", (await Zone(name).GetSettings()).Message);
        var created = (await Zone(name).Create(new ZonePatch { Ttl = 900 })).Value!;

        var settings = await Zone(name).GetSettings();

        Assert.True(settings.Ok);
        Assert.Equal(created.Settings, settings.Value);
        Assert.Equal(900, settings.Value!.Ttl);
    }

    [Fact]
    public async Task Creating_an_existing_zone_is_refused()
    {
        var name = NewZone();
        Assert.True((await Zone(name).Create(new ZonePatch())).Ok);

        var again = await Zone(name).Create(new ZonePatch { Ttl = 5 });

        Assert.Equal((OpError.AlreadyExists, "zone already exists"), (again.Error, again.Message));
        Assert.Equal(3600, (await Zone(name).Get()).Value!.Settings.Ttl);
    }

    [Fact]
    public async Task Operations_on_a_missing_zone_report_zone_not_found()
    {
        var zone = Zone(NewZone());
        Assert.Equal("zone not found", (await zone.Get()).Message);
        Assert.Equal("zone not found", (await zone.Update(new ZonePatch { Ttl = 1 })).Message);
        Assert.Equal("zone not found", (await zone.Delete()).Message);
        Assert.Equal("zone not found", (await zone.GetRecord("a.b", "A")).Message);
        Assert.Equal("zone not found", (await zone.CreateRecord("a.b", "A", A("192.0.2.1"))).Message);
    }

    [Fact]
    public async Task Records_are_created_read_merged_and_deleted()
    {
        var name = NewZone();
        var zone = Zone(name);
        await zone.Create(new ZonePatch { NxTtl = 60 });

        var created = await zone.CreateRecord("WWW." + name.ToUpperInvariant(), "a", A("192.0.2.1", "192.0.2.2") with { MetaJson = "{\"up\":true}" });
        Assert.True(created.Ok, created.Message);
        var record = created.Value!;
        Assert.Equal(("www." + name, "A", 60, true, 1), (record.Domain, record.Type, record.Ttl, record.UseClientSubnet, record.Tier));

        var duplicate = await zone.CreateRecord("www." + name, "A", A("192.0.2.9"));
        Assert.Equal((OpError.AlreadyExists, "record already exists"), (duplicate.Error, duplicate.Message));

        var merged = await zone.UpdateRecord("www." + name, "A", new RecordPatch { Ttl = 300 });
        Assert.True(merged.Ok, merged.Message);
        Assert.Equal(300, merged.Value!.Ttl);
        Assert.Equal(record.Answers.ToArray(), merged.Value.Answers.ToArray());
        Assert.Equal("{\"up\":true}", merged.Value.MetaJson);

        var withFilters = await zone.UpdateRecord("www." + name, "A", new RecordPatch { FiltersJson = "[{\"filter\":\"up\",\"config\":{}}]" });
        Assert.True(withFilters.Value!.Tier > 1);
        var cleared = await zone.UpdateRecord("www." + name, "A", new RecordPatch { FiltersJson = "[]" });
        Assert.Equal(("[]", 1), (cleared.Value!.FiltersJson, cleared.Value.Tier));

        Assert.True((await zone.DeleteRecord("www." + name, "A")).Ok);
        Assert.Equal("record not found", (await zone.GetRecord("www." + name, "A")).Message);
        Assert.Equal("record not found", (await zone.DeleteRecord("www." + name, "A")).Message);
    }

    [Fact]
    public async Task Each_change_bumps_version_by_one_and_serial_strictly()
    {
        var name = NewZone();
        var zone = Zone(name);
        var first = (await zone.Create(new ZonePatch())).Value!;
        await zone.CreateRecord("a." + name, "A", A("192.0.2.1"));
        await zone.UpdateRecord("a." + name, "A", new RecordPatch { Ttl = 10 });
        var updated = (await zone.Update(new ZonePatch { Refresh = 600 })).Value!;

        Assert.Equal(4, updated.Version);
        Assert.Equal(4, await zone.GetVersion());
        Assert.True(updated.Settings.Serial >= first.Settings.Serial + 3);
        Assert.Equal(600, updated.Settings.Refresh);
    }

    [Fact]
    public async Task Invalid_changes_are_refused_and_change_nothing()
    {
        var name = NewZone();
        var zone = Zone(name);
        await zone.Create(new ZonePatch());
        await zone.CreateRecord("www." + name, "A", A("192.0.2.1"));
        var before = (await zone.Get()).Value!;

        var bad = new (string Domain, string Type, RecordPatch Patch)[]
        {
            ("www." + name, "AAAA", A("192.0.2.1")),
            ("x." + name, "A", A("300.1.1.1")),
            ("www.elsewhere.test", "A", A("192.0.2.1")),
            (name, "CNAME", new RecordPatch { Answers = [new DnsAnswer { Id = "", Rdata = ["target.test"] }] }),
            ("www." + name, "CNAME", new RecordPatch { Answers = [new DnsAnswer { Id = "", Rdata = ["target.test"] }] }),
        };
        foreach (var (domain, type, patch) in bad)
        {
            var result = await zone.CreateRecord(domain, type, patch);
            Assert.Equal(OpError.Invalid, result.Error);
            Assert.False(string.IsNullOrWhiteSpace(result.Message));
        }
        var badUpdate = await zone.UpdateRecord("www." + name, "A", new RecordPatch { Ttl = -5 });
        Assert.Equal(OpError.Invalid, badUpdate.Error);

        var after = (await zone.Get()).Value!;
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Settings, after.Settings);
        Assert.Equal(before.Records.ToArray(), after.Records.ToArray());
    }

    [Fact]
    public async Task A_failed_storage_write_is_reported_and_leaves_the_stored_zone_unchanged()
    {
        var name = NewZone();
        var zone = Zone(name);
        await zone.Create(new ZonePatch());
        var before = (await zone.Get()).Value!;

        fixture.Storage.FailWrites = true;
        OpResult<DnsRecord> failed;
        try
        {
            failed = await zone.CreateRecord("www." + name, "A", A("192.0.2.1"));
        }
        finally
        {
            fixture.Storage.FailWrites = false;
        }

        Assert.Equal(OpError.StorageFailed, failed.Error);
        var after = (await zone.Get()).Value!;
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Records.ToArray(), after.Records.ToArray());
        Assert.Equal("record not found", (await zone.GetRecord("www." + name, "A")).Message);
        Assert.True((await zone.CreateRecord("www." + name, "A", A("192.0.2.1"))).Ok);
        Assert.Equal(before.Version + 1, await zone.GetVersion());
    }

    [Fact]
    public async Task Directory_lists_created_zones_and_forgets_deleted_ones()
    {
        var (a, b) = (NewZone(), NewZone());
        await Zone(a).Create(new ZonePatch());
        await Zone(b).Create(new ZonePatch());
        Assert.Contains(a, await ZoneDirectory.List(fixture.Client));
        Assert.Contains(b, await ZoneDirectory.List(fixture.Client));

        Assert.True((await Zone(a).Delete()).Ok);

        Assert.DoesNotContain(a, await ZoneDirectory.List(fixture.Client));
        Assert.Equal("zone not found", (await Zone(a).Get()).Message);
        var versions = await ZoneDirectory.Versions(fixture.Client);
        Assert.Equal(1, versions[b]);
    }

    [Fact]
    public async Task A_recreated_zone_continues_its_version_sequence()
    {
        var name = NewZone();
        await Zone(name).Create(new ZonePatch());
        await Zone(name).Delete();

        var again = await Zone(name).Create(new ZonePatch());

        Assert.Equal(3, again.Value!.Version);
    }

    [Fact]
    public async Task A_recreated_zone_keeps_its_serial_growing_even_past_an_imported_date_style_serial()
    {
        var name = NewZone();
        await Zone(name).Import(new ZonePatch { Serial = 2_100_000_000 }, []);
        var before = (await Zone(name).Get()).Value!.Settings.Serial;
        Assert.True(before >= 2_100_000_000);
        await Zone(name).Delete();

        var again = (await Zone(name).Create(new ZonePatch())).Value!;

        Assert.True(again.Settings.Serial > before, $"{again.Settings.Serial} after {before}");
    }

    [Theory]
    [InlineData(5u, 1_700_000_000u)]            // behind the clock: jumps to unix time
    [InlineData(2_100_000_000u, 2_100_000_001u)] // ahead of the clock: + 1
    [InlineData(uint.MaxValue, 1_700_000_000u)]  // wraps (RFC 1982) instead of sticking at the top
    public void Serials_always_grow_in_serial_arithmetic(uint current, uint expected)
    {
        var next = Vantage.Grains.Zones.ZoneEdits.NextSerial(current, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

        Assert.Equal(expected, next);
        Assert.True(Vantage.Grains.Zones.ZoneEdits.SerialGreater(next, current));
    }

    [Fact]
    public async Task Import_replaces_all_records_in_one_change()
    {
        var name = NewZone();
        var zone = Zone(name);
        await zone.Create(new ZonePatch());
        await zone.CreateRecord("old." + name, "A", A("192.0.2.1"));
        ImmutableArray<DnsRecord> records =
        [
            new DnsRecord { Id = "", Zone = name, Domain = "www." + name, Type = "A", Ttl = 30, Answers = [new DnsAnswer { Id = "", Rdata = ["192.0.2.7"] }] },
            new DnsRecord { Id = "", Zone = name, Domain = "mail." + name, Type = "MX", Answers = [new DnsAnswer { Id = "", Rdata = ["10", "mx." + name] }] },
        ];

        var imported = await zone.Import(new ZonePatch { NxTtl = 120 }, records);

        Assert.True(imported.Ok, imported.Message);
        Assert.Equal(3, imported.Value!.Version);
        Assert.Equal(new[] { "mail." + name + "/MX", name + "/NS", "www." + name + "/A" }.Order(StringComparer.Ordinal),
            imported.Value.Records.Select(r => r.Key).Order(StringComparer.Ordinal));
        var changes = await zone.GetChangesSince(2);
        var change = Assert.Single(changes.Changes);
        Assert.Contains(change.Records, c => c.Domain == "old." + name && c.Record is null);
    }

    [Fact]
    public async Task Import_with_one_bad_record_changes_nothing()
    {
        var name = NewZone();
        var zone = Zone(name);
        await zone.Create(new ZonePatch());
        var before = (await zone.Get()).Value!;
        ImmutableArray<DnsRecord> records =
        [
            new DnsRecord { Id = "", Zone = name, Domain = "www." + name, Type = "A", Answers = [new DnsAnswer { Id = "", Rdata = ["192.0.2.7"] }] },
            new DnsRecord { Id = "", Zone = name, Domain = "bad." + name, Type = "A", Answers = [new DnsAnswer { Id = "", Rdata = ["not-an-ip"] }] },
        ];

        var result = await zone.Import(new ZonePatch(), records);

        Assert.Equal(OpError.Invalid, result.Error);
        Assert.Contains("bad." + name, result.Message);
        Assert.Equal(before, (await zone.Get()).Value!, new SnapshotComparer());
    }

    [Fact]
    public async Task Changes_since_a_version_come_from_the_journal_until_it_no_longer_reaches_back()
    {
        var name = NewZone();
        var zone = Zone(name);
        await zone.Create(new ZonePatch());
        for (var i = 0; i < 3; i++) await zone.CreateRecord($"h{i}." + name, "A", A("192.0.2.1"));

        var since1 = await zone.GetChangesSince(1);
        Assert.False(since1.SnapshotRequired);
        Assert.Equal([2L, 3L, 4L], since1.Changes.Select(c => c.Version));
        Assert.Empty((await zone.GetChangesSince(4)).Changes);

        for (var i = 3; i < 3 + GrainClusterFixture.JournalLimit; i++) await zone.CreateRecord($"h{i}." + name, "A", A("192.0.2.1"));

        var stale = await zone.GetChangesSince(1);
        Assert.True(stale.SnapshotRequired);
        Assert.Equal(4 + GrainClusterFixture.JournalLimit, stale.CurrentVersion);
        var recent = await zone.GetChangesSince(stale.CurrentVersion - GrainClusterFixture.JournalLimit);
        Assert.False(recent.SnapshotRequired);
        Assert.Equal(GrainClusterFixture.JournalLimit, recent.Changes.Length);
    }

    private sealed class SnapshotComparer : IEqualityComparer<Vantage.Events.ZoneSnapshot>
    {
        public bool Equals(Vantage.Events.ZoneSnapshot? x, Vantage.Events.ZoneSnapshot? y) =>
            x!.Version == y!.Version && x.Settings == y.Settings && x.Records.SequenceEqual(y.Records);

        public int GetHashCode(Vantage.Events.ZoneSnapshot obj) => obj.Version.GetHashCode();
    }
}
