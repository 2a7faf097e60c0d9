using Microsoft.Data.Sqlite;
using Orleans.Serialization;
using Orleans.Storage;
using Vantage.Grains.Zones;

namespace Vantage.Tests.Silo;

/// <summary>The embedded SQLite grain storage through Orleans' ADO.NET provider and our schema.</summary>
public sealed class SqliteStorageTests(StorageSiloFixture silo) : IClassFixture<StorageSiloFixture>
{
    private readonly string grainType = "vantage-tests/zone-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task A_zone_state_round_trips_through_the_database()
    {
        var id = GrainId.Create("zone", "example.com");
        var written = new GrainState<ZoneState>(SampleZones.State("example.com"));

        await silo.ZoneStore.WriteStateAsync(grainType, id, written);
        var read = new GrainState<ZoneState>();
        await silo.ZoneStore.ReadStateAsync(grainType, id, read);

        Assert.Equal("1", written.ETag);
        Assert.Equal("1", read.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal(silo.Serializer.SerializeToArray(written.State), silo.Serializer.SerializeToArray(read.State));
        Assert.Equal(["dns1.vantage.test", "dns2.vantage.test"], read.State!.Settings!.DnsServers.ToArray());
        Assert.Equal(["192.0.2.1", "192.0.2.2"], read.State!.Records["www.example.com/A"].Answers.Select(a => a.Rdata[0]));
        Assert.Equal("""{"note":"ünïcode ✓"}""", read.State!.Settings.MetaJson);
        Assert.Null(read.State!.Journal[0].Records[1].Record);
        Assert.Equal(written.State!.Journal[0].At, read.State!.Journal[0].At);
    }

    [Fact]
    public async Task Each_write_bumps_the_version_and_the_latest_state_wins()
    {
        var id = GrainId.Create("zone", "example.net");
        var state = new GrainState<ZoneState>(SampleZones.State("example.net", version: 1));
        await silo.ZoneStore.WriteStateAsync(grainType, id, state);
        state.State = SampleZones.State("example.net", version: 2);
        await silo.ZoneStore.WriteStateAsync(grainType, id, state);
        state.State = SampleZones.State("example.net", version: 3);
        await silo.ZoneStore.WriteStateAsync(grainType, id, state);

        var read = new GrainState<ZoneState>();
        await silo.ZoneStore.ReadStateAsync(grainType, id, read);

        Assert.Equal("3", state.ETag);
        Assert.Equal("3", read.ETag);
        Assert.Equal(3, read.State!.Version);
        Assert.Equal((3L, 1L), await VersionAndRowCount());
    }

    [Fact]
    public async Task Reading_a_grain_that_was_never_written_gives_the_default_state()
    {
        var read = new GrainState<ZoneState>();
        await silo.ZoneStore.ReadStateAsync(grainType, GrainId.Create("zone", "never.example"), read);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.False(read.State!.Exists);
        Assert.Empty(read.State!.Records);
    }

    public static TheoryData<string, int, string?> RefusedWrites => new()
    {
        // case, accepted writes before the refused one, ETag the refused write carries
        { "stale ETag (another activation wrote since)", 2, "1" },
        { "no ETag while a row exists (duplicate activation)", 1, null },
        { "ETag ahead of the stored version", 1, "5" },
        { "ETag for a row that does not exist", 0, "3" },
    };

    [Theory]
    [MemberData(nameof(RefusedWrites))]
    public async Task A_write_with_the_wrong_ETag_is_refused_and_leaves_the_row_unchanged(string @case, int writesBefore, string? etag)
    {
        var id = GrainId.Create("zone", "conflict.example");
        var accepted = new GrainState<ZoneState>();
        for (var i = 1; i <= writesBefore; i++)
        {
            accepted.State = SampleZones.State("conflict.example", version: i);
            await silo.ZoneStore.WriteStateAsync(grainType, id, accepted);
        }

        var before = await Row();
        var refused = new GrainState<ZoneState>(SampleZones.State("conflict.example", version: 99)) { ETag = etag };

        await Assert.ThrowsAsync<InconsistentStateException>(() => silo.ZoneStore.WriteStateAsync(grainType, id, refused));

        Assert.Equal(before, await Row());
        Assert.Equal(etag, refused.ETag);
        var read = new GrainState<ZoneState>();
        await silo.ZoneStore.ReadStateAsync(grainType, id, read);
        Assert.Equal(writesBefore, read.State!.Version);
        Assert.True(writesBefore > 0 == read.RecordExists, @case);
    }

    [Fact]
    public async Task Clearing_keeps_a_versioned_row_without_payload_and_refuses_a_stale_clear()
    {
        var id = GrainId.Create("zone", "clear.example");
        var state = new GrainState<ZoneState>(SampleZones.State("clear.example"));
        await silo.ZoneStore.WriteStateAsync(grainType, id, state);
        var stale = new GrainState<ZoneState> { ETag = "7", RecordExists = true };

        await Assert.ThrowsAsync<InconsistentStateException>(() => silo.ZoneStore.ClearStateAsync(grainType, id, stale));
        await silo.ZoneStore.ClearStateAsync(grainType, id, state);

        Assert.Equal("2", state.ETag);
        Assert.False(state.RecordExists);
        var row = await Row();
        Assert.Equal(2, row!.Value.Version);
        Assert.Null(row.Value.Payload);
        var read = new GrainState<ZoneState>();
        await silo.ZoneStore.ReadStateAsync(grainType, id, read);
        Assert.Equal("2", read.ETag);
        Assert.False(read.State!.Exists);

        state.State = SampleZones.State("clear.example", version: 4);
        await silo.ZoneStore.WriteStateAsync(grainType, id, state);
        Assert.Equal("3", state.ETag);
    }

    private async Task<(long Version, long Rows)> VersionAndRowCount()
    {
        await using var connection = silo.Store.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT max(Version), count(*) FROM Storage WHERE GrainTypeString = $type";
        command.Parameters.AddWithValue("$type", grainType);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private async Task<(long Version, string? Payload, string ModifiedOn)?> Row()
    {
        await using var connection = silo.Store.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Version, hex(PayloadBinary), ModifiedOn, PayloadBinary IS NULL FROM Storage WHERE GrainTypeString = $type";
        command.Parameters.AddWithValue("$type", grainType);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        var row = (reader.GetInt64(0), reader.GetBoolean(3) ? null : reader.GetString(1), reader.GetString(2));
        Assert.False(await reader.ReadAsync());
        return row;
    }
}
