using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Vantage.Grains;
using Vantage.Grains.Stats;
using Vantage.Silo.Production;
using Vantage.Stats;

namespace Vantage.Tests.Production;

/// <summary>Closed stats buckets archived in Azure Table Storage (Azurite) and read back by time range.</summary>
[Collection(ProductionServicesCollection.Name)]
public sealed class StatsArchiveTests(ProductionServicesFixture services)
{
    private TableStatsArchive Archive(out string table)
    {
        table = "VantageStats" + services.RunId + Guid.NewGuid().ToString("N")[..6];
        return new TableStatsArchive(new TableServiceClient(services.AzureConnectionString).GetTableClient(table));
    }

    private Task DropAsync(string table) => new TableServiceClient(services.AzureConnectionString).DeleteTableAsync(table);

    [Fact]
    public async Task Buckets_are_read_back_by_time_range_replaced_when_rewritten_and_pruned()
    {
        var archive = Archive(out var table);
        try
        {
            const string zone = "archive.test";
            var rows = Enumerable.Range(0, 150)
                .Select(i => new ArchivedBucket(BucketSize.Minute, 1_772_359_200 + i * 60L, i % 2 == 0 ? "" : "www.archive.test", i % 2 == 0 ? "" : "A", i + 1))
                .Append(new ArchivedBucket(BucketSize.Hour, 1_772_359_200, "", "", 9999))
                .ToList();
            await archive.WriteAsync(zone, rows);
            await archive.WriteAsync("other.test", [new ArchivedBucket(BucketSize.Minute, 1_772_359_260, "", "", 5)]);

            var range = await archive.ReadAsync(zone, BucketSize.Minute, 1_772_359_200 + 10 * 60, 1_772_359_200 + 20 * 60);
            Assert.Equal(Enumerable.Range(10, 10).Select(i => 1_772_359_200 + i * 60L), range.Select(r => r.Start));
            Assert.Equal(Enumerable.Range(11, 10).Select(i => (long)i), range.Select(r => r.Count));
            Assert.Equal("www.archive.test", range[1].Domain);
            Assert.Equal("A", range[1].Type);
            Assert.Equal(9999, Assert.Single(await archive.ReadAsync(zone, BucketSize.Hour, 0, long.MaxValue / 10)).Count);

            // Late counts: the same bucket written again replaces its row.
            await archive.WriteAsync(zone, [rows[10] with { Count = 500 }]);
            Assert.Equal(500, Assert.Single(await archive.ReadAsync(zone, BucketSize.Minute, rows[10].Start, rows[10].Start + 1)).Count);

            Assert.Equal(100, await archive.PruneAsync(zone, BucketSize.Minute, 1_772_359_200 + 100 * 60));
            Assert.Equal(50, (await archive.ReadAsync(zone, BucketSize.Minute, 0, long.MaxValue / 10)).Count);
            Assert.Single(await archive.ReadAsync("other.test", BucketSize.Minute, 0, long.MaxValue / 10));
        }
        finally
        {
            await DropAsync(table);
        }
    }

    [Fact]
    public async Task The_zone_stats_grain_archives_its_closed_buckets()
    {
        var archive = Archive(out var table);
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddVantageGrains(new ConfigurationBuilder().Build());
            silo.Services.AddSingleton<IStatsArchive>(archive);
            silo.AddMemoryGrainStorage(ProviderNames.ZoneStore);
        });
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        try
        {
            var zone = services.NewId("zone") + ".test";
            var grain = cluster.Client.GetGrain<IZoneStatsGrain>(zone);
            var closed = DateTimeOffset.UtcNow.AddMinutes(-5);
            Assert.True(await grain.Apply(new QueryCountBatch
            {
                EdgeId = "e", Incarnation = "1", Sequence = 1, CapturedAt = closed, Zone = zone,
                Counts = [new QueryCount { Domain = "www." + zone, Type = "A", Count = 12 }, new QueryCount { Count = 3 }],
            }));
            Assert.True(await grain.Archive() >= 2);
            var minute = StatsBuckets.Floor(closed.ToUnixTimeSeconds(), 60);
            var rows = await archive.ReadAsync(zone, BucketSize.Minute, minute, minute + 60);
            Assert.Equal([("", 15L), ("www." + zone, 12L)], rows.Select(r => (r.Domain, r.Count)).Order().ToArray());
            // Archived once: a second run rewrites no minute (only an hour or day that closed in between, if any).
            Assert.True(await grain.Archive() <= 4);
            Assert.Equal(2, (await archive.ReadAsync(zone, BucketSize.Minute, 0, long.MaxValue / 10)).Count);
        }
        finally
        {
            await DropAsync(table);
        }
    }
}
