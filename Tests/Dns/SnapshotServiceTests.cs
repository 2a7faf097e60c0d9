using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Vantage.EdgeDns;
using Vantage.EdgeDns.Snapshots;
using Vantage.EdgeDns.Zones;
using Vantage.Events;
using Xunit;

namespace Vantage.Tests.Dns;

/// <summary>The background snapshot writer and the start-up loader, with fake time.</summary>
public sealed class SnapshotServiceTests : IDisposable
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(250);
    private readonly string path = Path.Combine(Path.GetTempPath(), "vantage-snapsvc-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));

    public void Dispose()
    {
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
    }

    private (ZoneStore Store, ZoneSnapshotService Service) Create()
    {
        var store = new ZoneStore(new ZoneCatalog());
        var options = Options.Create(new EdgeOptions { SnapshotFolder = path, SnapshotWriteDelay = Delay });
        return (store, new ZoneSnapshotService(store, options, time, NullLogger<ZoneSnapshotService>.Instance));
    }

    private static async Task StartAsync(ZoneSnapshotService service)
    {
        await service.StartingAsync(CancellationToken.None);
        await service.StartAsync(CancellationToken.None);
    }

    /// <summary>Reads the zone's file without touching anything else (Load would delete the writer's temporary files).</summary>
    private long VersionOnDisk(string zone)
    {
        var file = new ZoneSnapshotFolder(path).FileOf(zone);
        if (!File.Exists(file)) return 0;
        return ZoneSnapshotFile.TryDecode(File.ReadAllBytes(file), out var snapshot, out _) ? snapshot!.Version : -1;
    }

    private static ZoneChanged Change(long version) => ZoneSynchronizerTests.Change(version, $"h{version}.example.test");

    [Fact]
    public async Task Changes_are_written_coalesced_and_the_latest_is_flushed_on_stop()
    {
        var (store, service) = Create();
        await StartAsync(service);
        store.ApplySnapshot(TestZones.ExampleSnapshot(1));
        await Until(() => VersionOnDisk(TestZones.Example) == 1);

        for (var v = 2; v <= 10; v++) store.Apply(Change(v));
        // The writer's timer may be set just after any single step of fake time, so keep stepping.
        await Until(() =>
        {
            time.Advance(TimeSpan.FromMilliseconds(10));
            return VersionOnDisk(TestZones.Example) == 10;
        });

        // Within the delay window nothing is written until the host stops, which flushes at once.
        store.Apply(Change(11));
        await service.StopAsync(CancellationToken.None);
        Assert.Equal(11, VersionOnDisk(TestZones.Example));
        Assert.Equal(store.Digest(TestZones.Example), ZoneDigest.Of(new ZoneSnapshotFolder(path).Load().Zones.Single().Records));
    }

    [Fact]
    public async Task Start_loads_valid_files_before_serving_and_skips_damaged_ones()
    {
        var folder = new ZoneSnapshotFolder(path);
        folder.Write(TestZones.ExampleSnapshot(7));
        folder.Write(TestZones.Bare("other.test", 3));
        var damaged = File.ReadAllBytes(folder.FileOf("other.test"));
        damaged[^3] ^= 0x01;
        File.WriteAllBytes(folder.FileOf("other.test"), damaged);

        var (store, service) = Create();
        await service.StartingAsync(CancellationToken.None);

        Assert.Equal(new Dictionary<string, long> { [TestZones.Example] = 7 }, store.Versions());
        Assert.True(store.Catalog.Current.Zones.ContainsKey(TestZones.Example));
        await service.StartAsync(CancellationToken.None);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_removed_zone_loses_its_file()
    {
        var (store, service) = Create();
        await StartAsync(service);
        store.ApplySnapshot(TestZones.Bare("other.test", 2));
        await Until(() => VersionOnDisk("other.test") == 2);

        time.Advance(Delay);
        store.Remove("other.test");
        await Until(() => !File.Exists(new ZoneSnapshotFolder(path).FileOf("other.test")));
        await service.StopAsync(CancellationToken.None);
    }

    private static Task Until(Func<bool> condition) =>
        Poll.Require(condition, TimeSpan.FromSeconds(10), () => "condition not met before the deadline");
}
