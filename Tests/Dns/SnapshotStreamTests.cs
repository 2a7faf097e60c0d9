using System.Collections.Immutable;
using Vantage.Zones;
using Vantage.EdgeDns.Snapshots;
using Vantage.EdgeDns.Zones;
using Vantage.Events;
using Vantage.Model;
using Xunit;

namespace Vantage.Tests.Dns;

/// <summary>
/// The streamed snapshot format (2) the edge writes from a compiled zone: a round trip keeps every record exactly,
/// the compact record form keeps every field, and damage anywhere makes the file skipped.
/// </summary>
public sealed class SnapshotStreamTests : IDisposable
{
    private readonly ZoneSnapshotFolder folder = new(Path.Combine(Path.GetTempPath(), "vantage-snap2-" + Guid.NewGuid().ToString("N")));

    public void Dispose()
    {
        if (Directory.Exists(folder.Path)) Directory.Delete(folder.Path, recursive: true);
    }

    private static CompiledZone Compiled(ZoneSnapshot snapshot) => ZoneCompiler.Compile(snapshot.Settings, snapshot.Version, snapshot.Records);

    [Fact]
    public void A_compiled_zone_written_and_read_back_has_the_same_records_digest_and_nodes()
    {
        var snapshot = TestZones.ExampleSnapshot(8);
        folder.Write(Compiled(snapshot));
        folder.Write(Compiled(TestZones.Bare("other.test", 3)));

        var load = folder.LoadCompiled();
        Assert.Empty(load.Skipped);
        var zone = load.Zones.Single(z => z.Name == TestZones.Example);
        Assert.Equal(8, zone.Version);
        Assert.Equal(snapshot.Settings, zone.Settings);
        Assert.Equal(ZoneDigest.Of(snapshot.Records), ZoneDigest.Of(ZoneStore.RecordsOf(zone)));
        Assert.Equal(snapshot.Records.OrderBy(r => r.Key, StringComparer.Ordinal), ZoneStore.RecordsOf(zone).OrderBy(r => r.Key, StringComparer.Ordinal));
        Assert.Equal(Compiled(snapshot).NodeCount, zone.NodeCount);

        // The whole-file decoder (tools, tests) reads the same file.
        Assert.True(ZoneSnapshotFile.TryDecode(File.ReadAllBytes(folder.FileOf(TestZones.Example)), out var decoded, out var error), error);
        Assert.Equal(snapshot.Records.OrderBy(r => r.Key, StringComparer.Ordinal), decoded!.Records.OrderBy(r => r.Key, StringComparer.Ordinal));
        Assert.Equal(2, folder.Load().Zones.Count);
    }

    [Fact]
    public void The_compact_record_form_keeps_every_field()
    {
        var plain = TestZones.ExampleRecords[0];
        var full = plain with
        {
            Ttl = 77,
            MetaJson = "{\"up\":true}",
            RegionsJson = "{\"eu\":{}}",
            FiltersJson = "[{\"filter\":\"up\"}]",
            UseClientSubnet = false,
            OverrideTtl = true,
            Link = "other.example.test",
            Tier = 3,
            Networks = [0, 4],
            FeedsJson = "[{\"feed\":\"f\"}]",
            Answers = [new DnsAnswer { Id = "x", Rdata = ["ns9.example.test"], RdataJson = "[\"ns9.example.test\"]", MetaJson = "{\"weight\":2}", Region = "eu" }],
        };
        var withFeeds = full with { FeedData = ImmutableDictionary<string, Vantage.Feeds.FeedValue>.Empty.Add("f", new Vantage.Feeds.FeedValue { Version = 3, DataJson = "{\"up\":false}" }) };
        var hexIds = plain with { Id = "5f1a2b3c4d5e6f7a8b9c0d1e", Domain = "cafe", Zone = "elsewhere.test", Answers = [new DnsAnswer { Id = "00ff", Rdata = ["abcdef"] }] };
        foreach (var record in new[] { plain, full, full with { OverrideTtl = false, Networks = [] }, withFeeds, hexIds, plain with { Zone = "" } })
        {
            Assert.Equal(record, RecordModel.Decode(RecordModel.Encode(record)));
            Assert.Equal(record.Key, RecordModel.KeyOf(RecordModel.Encode(record)));
        }
        Assert.True(RecordModel.Encode(plain).Length < 120);
    }

    [Fact]
    public void Records_stored_relative_to_their_zone_and_addresses_as_bytes_decode_exactly()
    {
        var zone = "rel.example.test";
        var a = new DnsRecord
        {
            Id = "5f1a2b3c4d5e6f7a8b9c0d1e", Zone = zone, Domain = "www." + zone, Type = "A",
            Answers = [new DnsAnswer { Id = "0a0b0c0d0e0f101112131415", Rdata = ["198.51.100.7"] }],
        };
        var records = new[]
        {
            a,
            a with { Domain = zone },                                                         // the apex: nothing before the zone
            a with { Domain = "deep.er." + zone },
            a with { Domain = "." + zone },                                                   // empty first label: not the apex
            a with { Type = "AAAA", Answers = [new DnsAnswer { Id = "x1", Rdata = ["2001:db8::1"] }] },
            a with { Type = "AAAA", Answers = [new DnsAnswer { Id = "x2", Rdata = ["::ffff:192.0.2.1"] }] },
            a with { Answers = [new DnsAnswer { Id = "x3", Rdata = ["198.051.100.7"] }] },  // not canonical: kept as text
            a with { Answers = [new DnsAnswer { Id = "x4", Rdata = ["1"] }] },              // parses as 0.0.0.1: kept as text
            a with { Type = "AAAA", Answers = [new DnsAnswer { Id = "x5", Rdata = ["2001:DB8::1"] }] }, // upper case: text
            a with { Type = "TXT", Answers = [new DnsAnswer { Id = "x6", Rdata = ["192.0.2.1"] }] },
            a with { Answers = [new DnsAnswer { Id = "x7", Rdata = ["192.0.2.1"] }, new DnsAnswer { Id = "x8", Rdata = ["192.0.2.2"], MetaJson = "{\"up\":false}" }] },
            a with { Zone = "other.test", Domain = "www.other.test" },                       // another zone: stored whole
        };
        foreach (var record in records)
        {
            var model = RecordModel.Encode(record, zone);
            Assert.Equal(record, RecordModel.Decode(model, zone));
            Assert.Equal(record.Key, RecordModel.KeyOf(model, zone));
        }
        // Relative to the zone it is kept in, the zone's name is not stored again; an address is 4 bytes, not its text.
        Assert.True(RecordModel.Encode(a, zone).Length <= RecordModel.Encode(a).Length - zone.Length);
        Assert.True(RecordModel.Encode(a, zone).Length <= RecordModel.Encode(a with { Answers = [a.Answers[0] with { Rdata = ["198.051.100.7"] }] }, zone).Length - 8);
        // A relative model cannot be decoded without its zone: an error, never a wrong name.
        Assert.Throws<FormatException>(() => RecordModel.Decode(RecordModel.Encode(a, zone)));
    }

    [Fact]
    public void A_flipped_bit_or_a_cut_anywhere_makes_the_file_skipped()
    {
        folder.Write(Compiled(TestZones.ExampleSnapshot(3)));
        var path = folder.FileOf(TestZones.Example);
        var original = File.ReadAllBytes(path);
        var random = new Random(5);
        for (var i = 0; i < 40; i++)
        {
            var bytes = (byte[])original.Clone();
            if (i % 4 == 3) bytes = bytes[..random.Next(bytes.Length)];
            else bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
            File.WriteAllBytes(path, bytes);
            var load = folder.LoadCompiled();
            Assert.Empty(load.Zones);
            Assert.Single(load.Skipped);
            Assert.False(ZoneSnapshotFile.TryDecode(bytes, out _, out _));
        }
        File.WriteAllBytes(path, [.. original, 0]);
        Assert.Contains("trailing", Assert.Single(folder.LoadCompiled().Skipped).Reason, StringComparison.Ordinal);
    }
}
