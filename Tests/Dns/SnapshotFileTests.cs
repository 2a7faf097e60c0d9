using Vantage.EdgeDns.Snapshots;
using Vantage.EdgeDns.Zones;
using Vantage.Events;
using Xunit;

namespace Vantage.Tests.Dns;

/// <summary>The snapshot file format and folder: round trips, and every kind of damage is detected and skipped.</summary>
public sealed class SnapshotFileTests : IDisposable
{
    private readonly ZoneSnapshotFolder folder = new(Path.Combine(Path.GetTempPath(), "vantage-snap-" + Guid.NewGuid().ToString("N")));

    public void Dispose()
    {
        if (Directory.Exists(folder.Path)) Directory.Delete(folder.Path, recursive: true);
    }

    private static void AssertSame(ZoneSnapshot expected, ZoneSnapshot? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Settings, actual.Settings);
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.Records.AsEnumerable(), actual.Records.AsEnumerable());
    }

    [Fact]
    public void Encode_then_decode_gives_the_same_zone()
    {
        var snapshot = TestZones.ExampleSnapshot(77);
        Assert.True(ZoneSnapshotFile.TryDecode(ZoneSnapshotFile.Encode(snapshot), out var decoded, out var error), error);
        AssertSame(snapshot, decoded);
        Assert.Contains(decoded!.Records, r => r.FiltersJson.Contains("\"up\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Folder_round_trip_keeps_every_zone_and_overwrites_older_versions()
    {
        folder.Write(TestZones.ExampleSnapshot(1));
        folder.Write(TestZones.ExampleSnapshot(2));
        folder.Write(TestZones.Bare("other.test", 5));

        var load = folder.Load();

        Assert.Empty(load.Skipped);
        Assert.Equal(2, load.Zones.Count);
        AssertSame(TestZones.ExampleSnapshot(2), load.Zones.Single(z => z.Settings.Name == TestZones.Example));
        Assert.Equal(5, load.Zones.Single(z => z.Settings.Name == "other.test").Version);
        Assert.Equal(2, Directory.GetFiles(folder.Path).Length);
    }

    public static TheoryData<string, int> Damage => new()
    {
        { "magic", 0 },
        { "format version", 8 },
        { "name length", 10 },
        { "zone name", 13 },
        { "zone version", 12 + TestZones.Example.Length },
        { "payload length", 20 + TestZones.Example.Length },
        { "checksum", 30 + TestZones.Example.Length },
        { "payload start", 56 + TestZones.Example.Length },
        { "payload end", -1 },
    };

    [Theory]
    [MemberData(nameof(Damage))]
    public void A_flipped_bit_anywhere_is_detected_and_the_file_skipped(string where, int offset)
    {
        folder.Write(TestZones.ExampleSnapshot(3));
        folder.Write(TestZones.Bare("other.test", 4));
        var path = folder.FileOf(TestZones.Example);
        var bytes = File.ReadAllBytes(path);
        var at = offset < 0 ? bytes.Length + offset : offset;
        bytes[at] ^= 0x10;
        File.WriteAllBytes(path, bytes);

        Assert.False(ZoneSnapshotFile.TryDecode(bytes, out var decoded, out _), where);
        Assert.Null(decoded);
        var load = folder.Load();
        Assert.Equal(["other.test"], load.Zones.Select(z => z.Settings.Name));
        Assert.Equal(path, Assert.Single(load.Skipped).Path);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(30)]
    [InlineData(100)]
    [InlineData(-1)]
    public void A_truncated_file_is_skipped(int keep)
    {
        folder.Write(TestZones.ExampleSnapshot(3));
        var path = folder.FileOf(TestZones.Example);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(keep < 0 ? bytes.Length + keep : keep)]);

        var load = folder.Load();

        Assert.Empty(load.Zones);
        Assert.Contains("truncated", Assert.Single(load.Skipped).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Trailing_bytes_and_a_file_named_for_another_zone_are_skipped()
    {
        folder.Write(TestZones.ExampleSnapshot(3));
        folder.Write(TestZones.Bare("other.test", 4));
        File.AppendAllText(folder.FileOf(TestZones.Example), "x");
        File.Copy(folder.FileOf("other.test"), folder.FileOf("third.test"));

        var load = folder.Load();

        Assert.Equal(["other.test"], load.Zones.Select(z => z.Settings.Name));
        Assert.Equal(2, load.Skipped.Count);
    }

    [Fact]
    public void Temporary_files_left_by_a_crash_are_deleted_and_never_loaded()
    {
        folder.Write(TestZones.Bare("other.test", 4));
        var leftover = folder.FileOf(TestZones.Example) + ".0123456789abcdef" + ZoneSnapshotFolder.TempExtension;
        File.WriteAllBytes(leftover, ZoneSnapshotFile.Encode(TestZones.ExampleSnapshot(9)));

        var load = folder.Load();

        Assert.Equal(["other.test"], load.Zones.Select(z => z.Settings.Name));
        Assert.Equal(1, load.TempFilesDeleted);
        Assert.False(File.Exists(leftover));
    }

    [Theory]
    [InlineData("example.test", "example.test.zone.bin")]
    [InlineData("xn--bcher-kva.example", "xn--bcher-kva.example.zone.bin")]
    [InlineData("_tcp.example", "_tcp.example.zone.bin")]
    [InlineData("../evil", "%2E.%2Fevil.zone.bin")]
    [InlineData("a/b", "a%2Fb.zone.bin")]
    public void File_names_are_safe(string zone, string file)
    {
        Assert.Equal(Path.Combine(folder.Path, file), folder.FileOf(zone));
    }

    [Fact]
    public void Deleting_a_zone_deletes_its_file()
    {
        folder.Write(TestZones.ExampleSnapshot(3));
        Assert.True(folder.Delete(TestZones.Example));
        Assert.False(folder.Delete(TestZones.Example));
        Assert.Empty(folder.Load().Zones);
    }

    [Fact]
    public void A_missing_folder_loads_nothing()
    {
        var load = folder.Load();
        Assert.Empty(load.Zones);
        Assert.Empty(load.Skipped);
    }

    [Fact]
    public void The_store_snapshot_and_digest_match_what_was_applied()
    {
        var store = new ZoneStore(new ZoneCatalog());
        store.ApplySnapshot(TestZones.ExampleSnapshot(5));
        var snapshot = store.Snapshot(TestZones.Example);
        Assert.Equal(5, snapshot!.Version);
        Assert.Equal(TestZones.ExampleSnapshot(5).Records.OrderBy(r => r.Key, StringComparer.Ordinal), snapshot.Records.OrderBy(r => r.Key, StringComparer.Ordinal));
        Assert.Equal(ZoneDigest.Of(TestZones.ExampleRecords), store.Digest(TestZones.Example));
        Assert.Null(store.Digest("nothere.test"));
        Assert.NotEqual(ZoneDigest.Of(TestZones.ExampleRecords), ZoneDigest.Of(TestZones.ExampleRecords.Skip(1)));
    }
}
