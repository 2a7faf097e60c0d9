using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Runtime;
using Orleans.Storage;
using Vantage.Events;
using Vantage.Grains.Zones;
using Vantage.Model;
using Vantage.Silo.Production;
using Xunit.Abstractions;
using Vantage.Zones;

namespace Vantage.Tests.Production;

/// <summary>Zone state on both production grain stores: durable across a full cluster restart, and safe against stale writes.</summary>
[Collection(ProductionServicesCollection.Name)]
public sealed class ZoneStateStoreTests(ProductionServicesFixture services, ITestOutputHelper output)
{
    [Theory]
    [InlineData(GrainStoreKind.Postgres)]
    [InlineData(GrainStoreKind.AzureTable)]
    public async Task A_zone_survives_a_full_cluster_restart(GrainStoreKind store)
    {
        var clusterId = services.NewId("restart");
        var zone = $"restart-{store}-{services.RunId}.test".ToLowerInvariant();
        var www = "www." + zone;
        ZoneSnapshot before;
        var clock = Stopwatch.StartNew();
        await using (var silo = await ProductionSilo.StartAsync(ProductionSilo.OptionsFor(services, clusterId, store)))
        {
            output.WriteLine($"{store}: silo started in {clock.ElapsedMilliseconds} ms");
            var grain = silo.Grains.GetGrain<IZoneGrain>(zone);
            Assert.True((await grain.Create(new ZonePatch { Ttl = 900, DnsServers = ["ns1.example.net"] })).Ok);
            var record = await grain.CreateRecord(www, "A", new RecordPatch
            {
                Ttl = 60,
                Answers = [new DnsAnswer { Id = "", Rdata = ["192.0.2.10"] }, new DnsAnswer { Id = "", Rdata = ["192.0.2.11"] }],
            });
            Assert.True(record.Ok, record.Message);
            before = (await grain.Get()).Value!;
        }

        clock.Restart();
        await using (var silo = await ProductionSilo.StartAsync(ProductionSilo.OptionsFor(services, clusterId, store)))
        {
            var grain = silo.Grains.GetGrain<IZoneGrain>(zone);
            var after = (await grain.Get()).Value!;
            output.WriteLine($"{store}: restarted and read the zone back in {clock.ElapsedMilliseconds} ms");

            Assert.Equal((2L, 900, before.Settings.Serial, before.Settings.Id), (after.Version, after.Settings.Ttl, after.Settings.Serial, after.Settings.Id));
            Assert.Equal<string>(["ns1.example.net"], after.Settings.DnsServers);
            Assert.Equal(Describe(before.Records), Describe(after.Records));
            Assert.Contains($"{www} A 60 192.0.2.10,192.0.2.11", Describe(after.Records));
            var journal = await grain.GetChangesSince(0);
            Assert.Equal([1L, 2L], journal.Changes.Select(c => c.Version));
            Assert.Equal<string>([zone], await ZoneDirectory.List(silo.Grains));
        }
        Assert.True(await StoredRows(store, clusterId) >= 2, "zone and directory rows are in the store");
    }

    [Theory]
    [InlineData(GrainStoreKind.Postgres)]
    [InlineData(GrainStoreKind.AzureTable)]
    public async Task A_stale_write_is_rejected_and_leaves_the_stored_state_unchanged(GrainStoreKind store)
    {
        var clusterId = services.NewId("etag");
        await using var silo = await ProductionSilo.StartAsync(ProductionSilo.OptionsFor(services, clusterId, store));
        var storage = silo.Host.Services.GetRequiredKeyedService<IGrainStorage>(ProviderNames.ZoneStore);
        var grainId = GrainId.Create("zone", "stale.test");
        const string grainType = "zone";

        var writerA = new GrainState<ZoneState>(new ZoneState { Version = 1 });
        await storage.WriteStateAsync(grainType, grainId, writerA);
        var writerB = new GrainState<ZoneState>();
        await storage.ReadStateAsync(grainType, grainId, writerB);
        Assert.Equal((writerA.ETag, 1L, true), (writerB.ETag, writerB.State!.Version, writerB.RecordExists));
        writerB.State = writerB.State with { Version = 2 };
        await storage.WriteStateAsync(grainType, grainId, writerB);
        Assert.NotEqual(writerA.ETag, writerB.ETag);

        writerA.State = writerA.State! with { Version = 99 };
        await Assert.ThrowsAnyAsync<InconsistentStateException>(() => storage.WriteStateAsync(grainType, grainId, writerA));
        var newcomer = new GrainState<ZoneState>(new ZoneState { Version = 100 });
        await Assert.ThrowsAnyAsync<InconsistentStateException>(() => storage.WriteStateAsync(grainType, grainId, newcomer));

        var stored = new GrainState<ZoneState>();
        await storage.ReadStateAsync(grainType, grainId, stored);
        Assert.Equal((writerB.ETag, 2L), (stored.ETag, stored.State!.Version));
    }

    private static IEnumerable<string> Describe(IEnumerable<DnsRecord> records) =>
        records.Select(r => $"{r.Domain} {r.Type} {r.Ttl} {string.Join(',', r.Answers.SelectMany(a => a.Rdata))}")
            .Order(StringComparer.Ordinal);

    private async Task<int> StoredRows(GrainStoreKind store, string serviceId)
    {
        if (store == GrainStoreKind.AzureTable)
        {
            var table = new TableServiceClient(services.AzureConnectionString).GetTableClient(services.AzureTableName);
            var count = 0;
            await foreach (var entity in table.QueryAsync<TableEntity>())
            {
                if (entity.PartitionKey.StartsWith(serviceId, StringComparison.Ordinal)) count++;
            }
            return count;
        }
        await using var connection = await services.OpenPostgres();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM OrleansStorage WHERE ServiceId = @id AND PayloadBinary IS NOT NULL", connection);
        command.Parameters.AddWithValue("id", serviceId);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
