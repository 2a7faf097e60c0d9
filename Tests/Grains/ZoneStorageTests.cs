using System.Collections.Immutable;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using Orleans.TestingHost;
using Vantage.Events;
using Vantage.Grains;
using Vantage.Grains.Zones;
using Vantage.Grains.Zones.Storage;
using Vantage.Model;
using Vantage.Zones;

namespace Vantage.Tests.Grains;

/// <summary>
/// The zone's log-structured storage: what one change writes, what a crash leaves, paging, imports that diff, the
/// outbox and the directory's handling of unknown outcomes. Each test runs its own one-silo cluster over a storage it
/// keeps, so it can stop the silo (a crash when writes are frozen) and start a new one on the same rows.
/// </summary>
public sealed class ZoneStorageTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static string NewZone() => "s" + Guid.NewGuid().ToString("N")[..12] + ".test";

    private static RecordPatch A(params string[] addresses) => new()
    {
        Answers = [.. addresses.Select(a => new DnsAnswer { Id = "", Rdata = [a] })],
    };

    private static DnsRecord Record(string zone, string label, string address) => new()
    {
        Id = "",
        Zone = zone,
        Domain = label + "." + zone,
        Type = "A",
        Ttl = 300,
        Answers = [new DnsAnswer { Id = "", Rdata = [address] }],
    };

    private static async Task<InProcessTestCluster> Start(
        FaultInjectingStorage storage, IZoneChangePublisher? publisher = null, Dictionary<string, string?>? settings = null)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            var values = new Dictionary<string, string?>
            {
                // Checkpoints only when the test says so (deactivation), so the log is what a restart replays.
                [$"{ZoneOptions.Section}:CheckpointEvery"] = "100000",
                [$"{ZoneOptions.Section}:CheckpointDelay"] = "01:00:00",
            };
            foreach (var (k, v) in settings ?? []) values[k] = v;
            silo.Services.AddVantageGrains(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
            if (publisher is not null) silo.Services.AddSingleton(publisher);
            silo.Services.AddGrainStorage(ProviderNames.ZoneStore, (_, _) => storage);
            silo.AddMemoryGrainStorage(ProviderNames.PubSubStore);
            silo.AddMemoryGrainStorage(ProviderNames.MonitorStore);
            silo.AddMemoryStreams(ProviderNames.Streams);
        });
        builder.ConfigureClient(client => client.AddMemoryStreams(ProviderNames.Streams));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Stops the silo with storage writes frozen: nothing after this point reaches the store (like kill -9).</summary>
    private static async Task Crash(InProcessTestCluster cluster, FaultInjectingStorage storage)
    {
        storage.FailWrites = true;
        await cluster.DisposeAsync();
        storage.FailWrites = false;
    }

    private static bool IsRow(string stateName, string kind) => stateName == kind;

    [Fact]
    public async Task A_one_record_change_on_a_big_zone_writes_one_log_row_and_the_head()
    {
        var storage = new FaultInjectingStorage();
        await using var cluster = await Start(storage);
        var name = NewZone();
        var zone = cluster.Client.GetGrain<IZoneGrain>(name);
        var import = await zone.Import(new ZonePatch(), [.. Enumerable.Range(0, 5000).Select(i => Record(name, "h" + i, "192.0.2.1"))]);
        Assert.True(import.Ok, import.Message);
        var before = storage.Writes.Count;

        Assert.True((await zone.UpdateRecord("h42." + name, "A", A("192.0.2.42"))).Ok);

        var written = storage.Writes.Skip(before).Select(w => w.StateName).ToArray();
        Assert.Equal(["zonelog", "zonehead"], written);
        var log = storage.Writes.Skip(before).First();
        var part = Assert.IsType<ZoneLogPart>(storage.Peek("zonelog", log.GrainId));
        Assert.Equal("192.0.2.42", Assert.Single(part.Change.Records).Record!.Answers.Single().Rdata.Single());
    }

    [Fact]
    public async Task A_crash_after_logged_changes_comes_back_at_the_last_acknowledged_version()
    {
        var storage = new FaultInjectingStorage();
        var name = NewZone();
        long version;
        var cluster = await Start(storage);
        var zone = cluster.Client.GetGrain<IZoneGrain>(name);
        Assert.True((await zone.Import(new ZonePatch(), [.. Enumerable.Range(0, 3000).Select(i => Record(name, "h" + i, "192.0.2.1"))])).Ok);
        for (var i = 0; i < 20; i++) Assert.True((await zone.UpdateRecord($"h{i}." + name, "A", A($"198.51.100.{i}"))).Ok);
        Assert.True((await zone.DeleteRecord("h2999." + name, "A")).Ok);
        Assert.True((await zone.CreateRecord("new." + name, "A", A("203.0.113.9"))).Ok);
        version = await zone.GetVersion();
        await Crash(cluster, storage);

        await using var again = await Start(storage);
        zone = again.Client.GetGrain<IZoneGrain>(name);
        Assert.Equal(version, await zone.GetVersion());
        Assert.Equal("198.51.100.19", (await zone.GetRecord("h19." + name, "A")).Value!.Answers.Single().Rdata.Single());
        Assert.Equal("203.0.113.9", (await zone.GetRecord("new." + name, "A")).Value!.Answers.Single().Rdata.Single());
        Assert.False((await zone.GetRecord("h2999." + name, "A")).Ok);
        Assert.Equal(3001, (await zone.GetRecordsPage(0, null, 1)).Value!.Total);
        // The versions stay gap-free after the replay.
        Assert.True((await zone.UpdateRecord("h0." + name, "A", A("192.0.2.200"))).Ok);
        Assert.Equal(version + 1, await zone.GetVersion());
        var changes = await zone.GetChangesSince(version - 3);
        Assert.Equal([version - 2, version - 1, version, version + 1], changes.Changes.Select(c => c.Version));
    }

    [Fact]
    public async Task A_crash_between_the_log_row_and_the_head_leaves_the_previous_version_and_the_next_write_takes_its_place()
    {
        var storage = new FaultInjectingStorage();
        var name = NewZone();
        await using var cluster = await Start(storage);
        var zone = cluster.Client.GetGrain<IZoneGrain>(name);
        Assert.True((await zone.Create(new ZonePatch())).Ok);
        Assert.True((await zone.CreateRecord("www." + name, "A", A("192.0.2.1"))).Ok);

        storage.FailWritesWhere = (state, _) => IsRow(state, "zonehead");
        var failed = await zone.UpdateRecord("www." + name, "A", A("192.0.2.99"));
        storage.FailWritesWhere = null;

        Assert.Equal(OpError.StorageFailed, failed.Error);
        Assert.Equal(2, await zone.GetVersion());
        Assert.Equal("192.0.2.1", (await zone.GetRecord("www." + name, "A")).Value!.Answers.Single().Rdata.Single());
        // Version 3's orphaned log row is overwritten by the next accepted change.
        Assert.True((await zone.UpdateRecord("www." + name, "A", A("192.0.2.3"))).Ok);
        Assert.Equal(3, await zone.GetVersion());
        await Crash(cluster, storage);
        await using var again = await Start(storage);
        var reread = again.Client.GetGrain<IZoneGrain>(name);
        Assert.Equal(3, await reread.GetVersion());
        Assert.Equal("192.0.2.3", (await reread.GetRecord("www." + name, "A")).Value!.Answers.Single().Rdata.Single());
    }

    [Fact]
    public async Task A_checkpoint_then_more_changes_then_a_crash_replays_only_what_came_after()
    {
        var storage = new FaultInjectingStorage();
        var name = NewZone();
        var cluster = await Start(storage, settings: new() { [$"{ZoneOptions.Section}:CheckpointEvery"] = "5", [$"{ZoneOptions.Section}:CheckpointDelay"] = "00:00:00.010" });
        var zone = cluster.Client.GetGrain<IZoneGrain>(name);
        Assert.True((await zone.Create(new ZonePatch())).Ok);
        for (var i = 0; i < 12; i++) Assert.True((await zone.CreateRecord($"r{i}." + name, "A", A("192.0.2.1"))).Ok);
        await Poll.Require(() => HeadOf(storage, name) is { CheckpointVersion: >= 11 }, Timeout, () => "a checkpoint was stored");
        Assert.True((await zone.UpdateRecord("r3." + name, "A", A("192.0.2.33"))).Ok);
        var version = await zone.GetVersion();
        await Crash(cluster, storage);

        await using var again = await Start(storage);
        var reread = again.Client.GetGrain<IZoneGrain>(name);
        Assert.Equal(version, await reread.GetVersion());
        Assert.Equal("192.0.2.33", (await reread.GetRecord("r3." + name, "A")).Value!.Answers.Single().Rdata.Single());
        Assert.Equal(13, (await reread.GetRecordsPage(0, null, 100)).Value!.Total);
    }

    [Fact]
    public async Task Shards_checkpointed_over_many_changes_read_back_exactly_without_the_log()
    {
        // Enough record sets for a reshard to several shards, then creates, updates and deletes spread over them,
        // checkpointed incrementally; the reload must come from the shards alone (checkpointed at the last version).
        var storage = new FaultInjectingStorage();
        var name = NewZone();
        var cluster = await Start(storage, settings: new() { [$"{ZoneOptions.Section}:CheckpointEvery"] = "64", [$"{ZoneOptions.Section}:CheckpointDelay"] = "00:00:00.010" });
        var zone = cluster.Client.GetGrain<IZoneGrain>(name);
        Assert.True((await zone.Create(new ZonePatch())).Ok);
        var expected = new Dictionary<string, string>();
        for (var i = 0; i < 1100; i++)
        {
            Assert.True((await zone.CreateRecord($"r{i}." + name, "A", A($"192.0.{i / 256}.{i % 256}"))).Ok);
            expected[$"r{i}.{name}"] = $"192.0.{i / 256}.{i % 256}";
        }
        var random = new Random(7);
        for (var step = 0; step < 300; step++)
        {
            var i = random.Next(1300);
            var domain = $"r{i}.{name}";
            var address = $"198.51.100.{step % 256}";
            if (expected.ContainsKey(domain) && step % 3 == 0)
            {
                Assert.True((await zone.DeleteRecord(domain, "A")).Ok);
                expected.Remove(domain);
            }
            else if (expected.ContainsKey(domain))
            {
                Assert.True((await zone.UpdateRecord(domain, "A", A(address))).Ok);
                expected[domain] = address;
            }
            else
            {
                Assert.True((await zone.CreateRecord(domain, "A", A(address))).Ok);
                expected[domain] = address;
            }
        }
        var version = await zone.GetVersion();
        await Poll.Require(() => HeadOf(storage, name) is { } h && h.CheckpointVersion == version, Timeout, () => "the last version was checkpointed");
        Assert.True(HeadOf(storage, name)!.ShardCount > 1);
        await Crash(cluster, storage);

        await using var again = await Start(storage);
        var reread = again.Client.GetGrain<IZoneGrain>(name);
        Assert.Equal(version, await reread.GetVersion());
        var stored = new Dictionary<string, string>();
        string? after = null;
        do
        {
            var page = (await reread.GetRecordsPage(0, after, 500)).Value!;
            foreach (var record in page.Records.Where(r => r.Type == "A")) stored[record.Domain] = record.Answers.Single().Rdata.Single();
            after = page.Next;
        } while (after is not null);
        Assert.Equal(expected.OrderBy(e => e.Key), stored.OrderBy(e => e.Key));
    }

    private static ZoneHead? HeadOf(FaultInjectingStorage storage, string zone) =>
        storage.Peek("zonehead", GrainId.Create("vantage.zonehead", zone)) as ZoneHead;

    [Fact]
    public async Task Pages_read_one_version_in_order_while_the_zone_changes()
    {
        var storage = new FaultInjectingStorage();
        await using var cluster = await Start(storage);
        var name = NewZone();
        var zone = cluster.Client.GetGrain<IZoneGrain>(name);
        var labels = Enumerable.Range(0, 40).Select(i => "n" + i).Append("a-b").Append("a").ToArray();
        Assert.True((await zone.Import(new ZonePatch(), [.. labels.Select(l => Record(name, l, "192.0.2.1"))])).Ok);

        var first = (await zone.GetRecordsPage(0, null, 7)).Value!;
        Assert.True((await zone.DeleteRecord("n39." + name, "A")).Ok);
        Assert.True((await zone.CreateRecord("zz." + name, "A", A("192.0.2.2"))).Ok);
        var keys = first.Records.Select(r => r.Key).ToList();
        var next = first.Next;
        while (next is not null)
        {
            var page = (await zone.GetRecordsPage(first.Version, next, 7)).Value!;
            Assert.Equal(first.Version, page.Version);
            keys.AddRange(page.Records.Select(r => r.Key));
            next = page.Next;
        }

        // 42 A sets + the apex NS, at the version the first page was read, ordered by (domain, type).
        Assert.Equal(43, first.Total);
        Assert.True(keys.Count == 43, $"{keys.Count} keys; first page {first.Records.Length}, next {first.Next}");
        Assert.Contains("n39." + name + "/A", keys);
        Assert.DoesNotContain("zz." + name + "/A", keys);
        var expected = keys.Select(k => (Domain: k[..k.LastIndexOf('/')], Type: k[(k.LastIndexOf('/') + 1)..]))
            .OrderBy(k => k.Domain, StringComparer.Ordinal).ThenBy(k => k.Type, StringComparer.Ordinal).Select(k => k.Domain + "/" + k.Type);
        Assert.Equal(expected, keys);
        var latest = (await zone.GetRecordsPage(0, null, 100)).Value!;
        Assert.Equal(first.Version + 2, latest.Version);
        Assert.Contains(latest.Records, r => r.Domain == "zz." + name);
        Assert.Equal(OpError.Invalid, (await zone.GetRecordsPage(first.Version + 100, null, 5)).Error);

        // The compact pages edges read carry the same records, in the same pages, at the same version.
        var old = first.Version;
        string? after = null;
        var objects = new List<DnsRecord>();
        var compact = new List<DnsRecord>();
        do
        {
            var records = (await zone.GetRecordsPage(old, after, 7)).Value!;
            var models = (await zone.GetRecordModelsPage(old, after, 7)).Value!;
            Assert.Equal((records.Version, records.Next, records.Total, records.Records.Length), (models.Version, models.Next, models.Total, models.Count));
            Assert.Equal(records.Settings, models.Settings);
            objects.AddRange(records.Records);
            compact.AddRange(RecordModelPage.Unpack(models.Models).Select(m => RecordModel.Decode(m.Span, name)));
            after = records.Next;
        }
        while (after is not null);
        Assert.Equal(43, compact.Count);
        Assert.Equal(objects, compact);
        Assert.Equal(OpError.Invalid, (await zone.GetRecordModelsPage(old + 100, null, 5)).Error);
        Assert.Equal(OpError.NotFound, (await cluster.Client.GetGrain<IZoneGrain>(NewZone()).GetRecordModelsPage(0, null, 5)).Error);
    }

    [Fact]
    public async Task Importing_the_same_file_twice_stores_no_new_version_and_a_changed_file_keeps_ids()
    {
        var storage = new FaultInjectingStorage();
        await using var cluster = await Start(storage);
        var name = NewZone();
        var zone = cluster.Client.GetGrain<IZoneGrain>(name);
        ImmutableArray<DnsRecord> file =
        [
            Record(name, "www", "192.0.2.1"),
            Record(name, "api", "192.0.2.2") with { Answers = [new DnsAnswer { Id = "", Rdata = ["192.0.2.2"] }, new DnsAnswer { Id = "", Rdata = ["192.0.2.3"] }] },
            Record(name, "old", "192.0.2.4"),
        ];
        var first = (await zone.Import(new ZonePatch(), file)).Value!;
        var ids = first.Records.ToDictionary(r => r.Key, r => (r.Id, Answers: r.Answers.Select(a => a.Id).ToArray()));

        var same = (await zone.Import(new ZonePatch(), file)).Value!;
        Assert.Equal(first.Version, same.Version);
        Assert.Equal(first.Settings.Serial, same.Settings.Serial);

        ImmutableArray<DnsRecord> changed =
        [
            file[0],
            file[1] with { Answers = [new DnsAnswer { Id = "", Rdata = ["192.0.2.3"] }, new DnsAnswer { Id = "", Rdata = ["192.0.2.9"] }] },
            Record(name, "new", "192.0.2.5"),
        ];
        var second = (await zone.Import(new ZonePatch(), changed)).Value!;
        Assert.Equal(first.Version + 1, second.Version);
        var www = second.Records.Single(r => r.Domain == "www." + name);
        Assert.Equal(ids[www.Key].Id, www.Id);
        Assert.Equal(ids[www.Key].Answers, www.Answers.Select(a => a.Id));
        var api = second.Records.Single(r => r.Domain == "api." + name);
        Assert.Equal(ids[api.Key].Id, api.Id);
        Assert.Equal(ids[api.Key].Answers[1], api.Answers[0].Id);
        Assert.DoesNotContain(api.Answers[1].Id, ids[api.Key].Answers);
        Assert.DoesNotContain(second.Records, r => r.Domain == "old." + name);
        var change = Assert.Single((await zone.GetChangesSince(first.Version)).Changes);
        Assert.Equal(["api", "new", "old"], change.Records.Select(r => r.Domain.Split('.')[0]).Order());
    }

    [Fact]
    public async Task A_large_import_runs_in_the_background_and_reports_its_status()
    {
        var storage = new FaultInjectingStorage();
        await using var cluster = await Start(storage, settings: new() { [$"{ZoneOptions.Section}:InlineImportRecords"] = "10" });
        var name = NewZone();
        var zone = cluster.Client.GetGrain<IZoneGrain>(name);
        var records = Enumerable.Range(0, 4500).Select(i => Record(name, "h" + i, "192.0.2.7")).ToArray();
        foreach (var chunk in records.Chunk(1000)) Assert.True((await zone.StageImport("imp1", [.. chunk])).Ok);

        var committed = (await zone.CommitImport("imp1", new ZonePatch { Ttl = 900 })).Value!;
        Assert.True(committed.State is ImportState.Running or ImportState.Succeeded);
        ImportStatus? status = null;
        await Poll.Require(async () => (status = await zone.GetImport("imp1")) is { Finished: true }, Timeout, () => $"the import finished ({status})");
        Assert.NotNull(status);

        Assert.Equal(ImportState.Succeeded, status.State);
        Assert.True(status.Created);
        Assert.Equal(4500, status.Received);
        Assert.Equal(4501, status.Changed);
        Assert.Equal(4501, (await zone.GetRecordsPage(0, null, 1)).Value!.Total);
        Assert.Equal(900, (await zone.GetSettings()).Value!.Ttl);
        Assert.Contains(name, await ZoneDirectory.List(cluster.Client));
        Assert.Null(await zone.GetImport("unknown"));
        Assert.Equal(OpError.NotFound, (await zone.CommitImport("unknown", new ZonePatch())).Error);
    }

    [Fact]
    public async Task A_staged_chunk_with_a_bad_record_fails_the_import_and_changes_nothing()
    {
        var storage = new FaultInjectingStorage();
        await using var cluster = await Start(storage);
        var name = NewZone();
        var zone = cluster.Client.GetGrain<IZoneGrain>(name);
        Assert.True((await zone.StageImport("bad", [Record(name, "ok", "192.0.2.1")])).Ok);
        var refused = await zone.StageImport("bad", [Record(name, "bad", "not-an-address")]);

        Assert.Equal(OpError.Invalid, refused.Error);
        Assert.StartsWith("bad." + name + " A:", refused.Message);
        Assert.Equal(ImportState.Failed, (await zone.GetImport("bad"))!.State);
        Assert.Equal(0, await zone.GetVersion());
        Assert.DoesNotContain(name, await ZoneDirectory.List(cluster.Client));
    }

    [Fact]
    public async Task A_stream_that_does_not_answer_does_not_hold_the_writer()
    {
        var storage = new FaultInjectingStorage();
        var publisher = new BlockedPublisher();
        await using var cluster = await Start(storage, publisher);
        var name = NewZone();
        var zone = cluster.Client.GetGrain<IZoneGrain>(name);

        // Before the outbox, each of these waited for the stream: they would not finish while it is blocked.
        Assert.True((await zone.Create(new ZonePatch()).WaitAsync(TimeSpan.FromSeconds(20))).Ok);
        Assert.True((await zone.CreateRecord("www." + name, "A", A("192.0.2.1")).WaitAsync(TimeSpan.FromSeconds(20))).Ok);
        Assert.Equal(2, await zone.GetVersion());

        publisher.Release();
        await Poll.Require(() => publisher.Published.Count == 2, Timeout, () => "both changes were published");
        Assert.Equal([1L, 2L], publisher.Published.Select(c => c.Version));
    }

    [Fact]
    public async Task A_stream_that_takes_changes_at_once_still_gets_every_change()
    {
        // A publish can finish before the outbox awaits it (the queue grain answered first). The drain then runs to its
        // end at once; it used to leave a finished task behind that looked like a running drain, and the zone never
        // published again (edges saw its changes only at their 30 s reconcile).
        var storage = new FaultInjectingStorage();
        var publisher = new ImmediatePublisher();
        await using var cluster = await Start(storage, publisher);
        var name = NewZone();
        var zone = cluster.Client.GetGrain<IZoneGrain>(name);

        Assert.True((await zone.Create(new ZonePatch())).Ok);
        for (var i = 1; i <= 3; i++) Assert.True((await zone.CreateRecord($"w{i}." + name, "A", A($"192.0.2.{i}"))).Ok);

        await Poll.Require(() => publisher.Published.Count == 4, Timeout, () => $"published {publisher.Published.Count} of 4 changes");
        Assert.Equal([1L, 2L, 3L, 4L], publisher.Published.Select(c => c.Version));
    }

    [Fact]
    public async Task Shard_writes_that_block_their_thread_do_not_hold_the_zone()
    {
        // SQLite's provider completes synchronously: on the grain's scheduler, a checkpoint's burst of shard writes was
        // one long turn and every call to the zone waited for all of it (PUTs of 200-400 ms on the 1M-record zone).
        var storage = new FaultInjectingStorage();
        using var release = new ManualResetEventSlim();
        using var blocked = new ManualResetEventSlim();
        storage.BeforeWrite = (state, _) =>
        {
            if (state != "zoneshard") return;
            blocked.Set();
            release.Wait(TimeSpan.FromSeconds(30));
        };
        await using var cluster = await Start(storage, settings: new() { [$"{ZoneOptions.Section}:CheckpointEvery"] = "3" });
        var name = NewZone();
        var zone = cluster.Client.GetGrain<IZoneGrain>(name);
        try
        {
            Assert.True((await zone.Create(new ZonePatch())).Ok);
            Assert.True((await zone.CreateRecord("a." + name, "A", A("192.0.2.1"))).Ok);
            Assert.True((await zone.CreateRecord("b." + name, "A", A("192.0.2.2"))).Ok);
            Assert.True(blocked.Wait(TimeSpan.FromSeconds(20)), "the first checkpoint started writing shards");

            // The zone's first shards (written holding the write gate) are stuck in their thread: the zone still answers reads.
            Assert.Equal(3, await zone.GetVersion().WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.True((await zone.GetRecord("a." + name, "A").WaitAsync(TimeSpan.FromSeconds(10))).Ok);
        }
        finally
        {
            release.Set();
        }
        await Poll.Require(() => HeadOf(storage, name) is { CheckpointVersion: >= 3 }, Timeout, () => "the first checkpoint was stored once released");

        // Now an incremental checkpoint (dirty shards, written without the gate): reads and writes both go on.
        blocked.Reset();
        release.Reset();
        try
        {
            for (var i = 0; i < 3; i++) Assert.True((await zone.CreateRecord($"c{i}." + name, "A", A("192.0.2.3"))).Ok);
            Assert.True(blocked.Wait(TimeSpan.FromSeconds(20)), "the incremental checkpoint started writing shards");
            Assert.Equal(6, await zone.GetVersion().WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.True((await zone.CreateRecord("d." + name, "A", A("192.0.2.4")).WaitAsync(TimeSpan.FromSeconds(10))).Ok);
            Assert.True((await zone.GetRecord("d." + name, "A").WaitAsync(TimeSpan.FromSeconds(10))).Ok);
        }
        finally
        {
            release.Set();
        }
        await Poll.Require(() => HeadOf(storage, name) is { CheckpointVersion: >= 6 }, Timeout, () => "the incremental checkpoint was stored once released");
    }

    [Fact]
    public async Task A_rewrite_while_a_checkpoint_writes_shards_leaves_no_rows_of_the_old_generation()
    {
        // The checkpoint writes the old generation's shards off the grain; a rewrite (a big import) switching to a new
        // generation meanwhile must not delete the old rows before those writes are done, or the late ones stay for good.
        var storage = new FaultInjectingStorage();
        using var release = new ManualResetEventSlim();
        using var blocked = new ManualResetEventSlim();
        string? blockGeneration = null;
        storage.BeforeWrite = (state, id) =>
        {
            if (state != "zoneshard" || Volatile.Read(ref blockGeneration) is not { } g || !id.ToString().Contains("|" + g + "|", StringComparison.Ordinal)) return;
            blocked.Set();
            release.Wait(TimeSpan.FromSeconds(30));
        };
        await using var cluster = await Start(storage, settings: new() { [$"{ZoneOptions.Section}:CheckpointEvery"] = "3" });
        var name = NewZone();
        var zone = cluster.Client.GetGrain<IZoneGrain>(name);
        Assert.True((await zone.Create(new ZonePatch())).Ok);
        for (var i = 0; i < 2; i++) Assert.True((await zone.CreateRecord($"a{i}." + name, "A", A("192.0.2.1"))).Ok);
        await Poll.Require(() => HeadOf(storage, name) is { CheckpointVersion: >= 3, Generation.Length: > 0 }, Timeout, () => "the first shards were stored");
        var old = HeadOf(storage, name)!.Generation;

        bool OfOld((string StateName, GrainId GrainId) w) => w.StateName == "zoneshard" && w.GrainId.ToString().Contains("|" + old + "|", StringComparison.Ordinal);
        var oldWrites = storage.Writes.Count(OfOld);
        Task<OpResult<ZoneSnapshot>> import;
        try
        {
            Volatile.Write(ref blockGeneration, old);
            for (var i = 0; i < 3; i++) Assert.True((await zone.CreateRecord($"b{i}." + name, "A", A("192.0.2.2"))).Ok);
            Assert.True(blocked.Wait(TimeSpan.FromSeconds(20)), "the checkpoint started writing the old generation's shards");
            import = zone.Import(new ZonePatch(), [.. Enumerable.Range(0, 2500).Select(i => Record(name, "i" + i, "192.0.2.3"))]);
            await Poll.Require(() => HeadOf(storage, name) is { } h && h.Generation != old, Timeout, () => "the import switched to a new generation");
            // Before the fix the old rows were deleted at once, under the blocked write; give that the chance to happen
            // (the fixed grain deletes nothing while the write is blocked, so this waits out its short deadline).
            await Poll.Until(() => storage.Count("zoneshard", "|" + old + "|") == 0, TimeSpan.FromSeconds(2));
        }
        finally
        {
            release.Set();
        }
        // The blocked write lands (over the deleted row, before the fix), then the old generation must be gone.
        await Poll.Require(() => storage.Writes.Count(OfOld) > oldWrites, Timeout, () => "the blocked shard write finished");
        Assert.True((await import).Ok);
        await Poll.Require(() => storage.Count("zoneshard", "|" + old + "|") == 0, Timeout,
            () => $"{storage.Count("zoneshard", "|" + old + "|")} rows of the old generation are left");
    }

    [Fact]
    public async Task A_create_whose_outcome_is_unknown_stays_in_the_directory_when_it_was_stored()
    {
        var storage = new FaultInjectingStorage();
        await using var cluster = await Start(storage);
        var name = NewZone();
        var zone = cluster.Client.GetGrain<IZoneGrain>(name);

        storage.StoreThenFailWhere = (state, id) => state == "zonehead" && id.Key.ToString() == name;
        var result = await zone.Create(new ZonePatch());
        storage.StoreThenFailWhere = null;

        Assert.False(result.Ok);
        // Stored after all: the zone exists, so the directory must keep listing it (it used to drop it here).
        Assert.Contains(name, await ZoneDirectory.List(cluster.Client));
        await Poll.Require(async () => (await zone.Get()).Ok, Timeout, () => "the zone reads back once the grain reloads");
    }

    [Fact]
    public async Task A_create_that_was_not_stored_leaves_the_directory()
    {
        var storage = new FaultInjectingStorage();
        await using var cluster = await Start(storage);
        var name = NewZone();
        storage.FailWritesWhere = (state, id) => state == "zonehead" && id.Key.ToString() == name;
        var result = await cluster.Client.GetGrain<IZoneGrain>(name).Create(new ZonePatch());
        storage.FailWritesWhere = null;

        Assert.Equal(OpError.StorageFailed, result.Error);
        Assert.DoesNotContain(name, await ZoneDirectory.List(cluster.Client));
    }

    [Fact]
    public async Task A_zone_whose_version_the_directory_cannot_read_is_unknown_not_zero()
    {
        var storage = new FaultInjectingStorage();
        await using var cluster = await Start(storage);
        var name = NewZone();
        Assert.True(await ZoneDirectory.For(cluster.Client, name).TryAdd(name));
        storage.FailReadsWhere = (state, id) => state == "zonehead" && id.Key.ToString() == name;

        var versions = await ZoneDirectory.Versions(cluster.Client);

        // 0 would tell an edge that has no such zone that it is up to date; unknown makes it ask the zone itself.
        Assert.Equal(ZoneDirectory.UnknownVersion, versions[name]);
    }

    private sealed class BlockedPublisher : IZoneChangePublisher
    {
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public System.Collections.Concurrent.ConcurrentQueue<ZoneChanged> Published { get; } = new();

        public void Release() => released.TrySetResult();

        public async Task Publish(ZoneChanged change)
        {
            await released.Task;
            Published.Enqueue(change);
        }
    }

    private sealed class ImmediatePublisher : IZoneChangePublisher
    {
        public System.Collections.Concurrent.ConcurrentQueue<ZoneChanged> Published { get; } = new();

        public Task Publish(ZoneChanged change)
        {
            Published.Enqueue(change);
            return Task.CompletedTask;
        }
    }
}
