using System.Collections.Immutable;
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
