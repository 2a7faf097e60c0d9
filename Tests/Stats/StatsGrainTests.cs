using Vantage.Grains.Stats;
using Vantage.Stats;
using Vantage.Tests.Grains;
using Vantage.Tests.Resilience;

namespace Vantage.Tests.Stats;

/// <summary>Exactly-once batches in the zone stats grain: retried, and retried after the grain's silo died.</summary>
[Collection(GrainClusterCollection.Name)]
public sealed class StatsGrainTests(GrainClusterFixture fixture)
{
    private static QueryCountBatch Batch(string zone, long sequence, long count, string incarnation = "i1") => new()
    {
        EdgeId = "edge-a",
        Incarnation = incarnation,
        Sequence = sequence,
        CapturedAt = DateTimeOffset.UtcNow,
        Zone = zone,
        Counts =
        [
            new QueryCount { Domain = "www." + zone, Type = "A", Rcode = 0, Transport = "udp", Count = count },
            new QueryCount { Domain = "", Type = "", Rcode = 3, Transport = "udp", Count = 1 },
        ],
    };

    [Fact]
    public async Task A_retried_batch_counts_once()
    {
        var zone = "retry-" + Guid.NewGuid().ToString("N")[..8] + ".test";
        var grain = fixture.Client.GetGrain<IZoneStatsGrain>(zone);
        Assert.True(await grain.Apply(Batch(zone, 1, 10)));
        Assert.False(await grain.Apply(Batch(zone, 1, 10)));
        Assert.True(await grain.Apply(Batch(zone, 2, 5)));
        Assert.False(await grain.Apply(Batch(zone, 1, 10)));
        // A restarted edge (new incarnation) starts at 1 again and is counted.
        Assert.True(await grain.Apply(Batch(zone, 1, 100, incarnation: "i2")));

        var usage = await grain.Usage(UsagePeriod.Hour);
        Assert.Equal(115 + 3, usage.Usage.Queries);
        Assert.Equal(115, Assert.Single(usage.Records).Usage.Queries);
        Assert.Equal(115, (await grain.Usage(UsagePeriod.Month, "WWW." + zone, "a")).Usage.Queries);
        Assert.Contains(zone, await fixture.Client.GetGrain<IAccountStatsGrain>(GrainKeys.Directory).Zones());
        var live = await grain.Live();
        Assert.Equal(118 / ZoneStatsGrain.QpsWindow.TotalSeconds, live.Qps, 6);
        Assert.Equal(3 / ZoneStatsGrain.QpsWindow.TotalSeconds, live.QpsByRcode["NXDOMAIN"], 6);
    }

    [Fact]
    public async Task A_batch_whose_write_failed_is_counted_once_when_retried()
    {
        var zone = "fail-" + Guid.NewGuid().ToString("N")[..8] + ".test";
        var grain = fixture.Client.GetGrain<IZoneStatsGrain>(zone);
        Assert.True(await grain.Apply(Batch(zone, 1, 10)));
        fixture.Storage.FailWrites = true;
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => grain.Apply(Batch(zone, 2, 7)));
        }
        finally
        {
            fixture.Storage.FailWrites = false;
        }
        Assert.True(await grain.Apply(Batch(zone, 2, 7)));
        Assert.False(await grain.Apply(Batch(zone, 2, 7)));
        Assert.Equal(17, (await grain.Usage(UsagePeriod.Day, "www." + zone, "A")).Usage.Queries);
    }
}

/// <summary>The stats grain's silo dies after applying a batch: the edge's retry on the new activation counts once.</summary>
public sealed class StatsFailoverTests
{
    [Fact]
    public async Task A_batch_retried_after_a_silo_failover_counts_once()
    {
        await using var cluster = await ResilienceCluster.StartAsync(2);
        var zone = "failover-" + Guid.NewGuid().ToString("N")[..8] + ".test";
        var grain = cluster.Client.GetGrain<IZoneStatsGrain>(zone);
        var batch = new QueryCountBatch
        {
            EdgeId = "edge-f", Incarnation = "x", Sequence = 1, CapturedAt = DateTimeOffset.UtcNow, Zone = zone,
            Counts = [new QueryCount { Domain = "a." + zone, Type = "A", Count = 41 }],
        };
        Assert.True(await grain.Apply(batch));
        Assert.True(cluster.Cluster.TryGetGrainContext(grain.GetGrainId(), out var context));
        var host = cluster.Cluster.Silos.Single(s => s.SiloAddress.Equals(context.Address.SiloAddress));
        await cluster.Cluster.KillSiloAsync(host);

        // The edge did not see the acknowledgement: it retries the same batch until a silo answers.
        bool? applied = null;
        await Poll.Require(async () => { applied = await grain.Apply(batch); return true; }, TimeSpan.FromSeconds(30), () => "no silo answered");
        Assert.False(applied);
        Assert.True(await grain.Apply(batch with { Sequence = 2, Counts = [batch.Counts[0] with { Count = 1 }] }));
        Assert.Equal(42, (await grain.Usage(UsagePeriod.Hour)).Usage.Queries);
    }
}
