using Vantage.Stats;
using Vantage.Tests.Resilience;

namespace Vantage.Tests.Stats;

/// <summary>
/// The account layer keeps its own buckets, fed by the zones' stats grains: after retried and duplicated edge batches,
/// a failed write, duplicated and failed pushes and a zone grain's reactivation, the account's total is exactly the
/// sum of its zones' (a cluster of its own, so that no other test's zones count).
/// </summary>
public sealed class AccountRollupTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static QueryCountBatch Batch(string zone, long sequence, long count, DateTimeOffset at) => new()
    {
        EdgeId = "edge-r", Incarnation = "1", Sequence = sequence, CapturedAt = at, Zone = zone,
        Counts =
        [
            new QueryCount { Domain = "www." + zone, Type = "A", Count = count },
            new QueryCount { Rcode = 3, Count = 2 },
        ],
    };

    [Fact]
    public async Task The_account_total_is_the_sum_of_the_zones_after_retries_and_duplicates()
    {
        await using var cluster = await ResilienceCluster.StartAsync(1);
        var account = cluster.Client.GetGrain<IAccountStatsGrain>(GrainKeys.Directory);
        var zones = Enumerable.Range(0, 3).Select(i => $"rollup{i}-{Guid.NewGuid().ToString("N")[..8]}.test").ToArray();
        var now = DateTimeOffset.UtcNow;
        long expected = 0;
        foreach (var (zone, z) in zones.Select((zone, z) => (zone, z)))
        {
            var grain = cluster.Client.GetGrain<IZoneStatsGrain>(zone);
            for (var sequence = 1; sequence <= 4; sequence++)
            {
                // Spread over three minutes: the account's graph has several buckets to match.
                var batch = Batch(zone, sequence, 10 * (z + 1) + sequence, now.AddMinutes(-(sequence % 3)));
                Assert.True(await grain.Apply(batch));
                Assert.False(await grain.Apply(batch));   // the edge's retry of a batch that did land
                expected += batch.Total;
            }
            // A batch whose write failed: not counted, then counted once when retried.
            var failing = Batch(zone, 5, 7, now);
            cluster.Storage.FailWrites = true;
            try
            {
                await Assert.ThrowsAnyAsync<Exception>(() => grain.Apply(failing));
            }
            finally
            {
                cluster.Storage.FailWrites = false;
            }
            Assert.True(await grain.Apply(failing));
            expected += failing.Total;
            // The zone grain moves (a deactivation); its next activation pushes what is left in its outbox.
            await cluster.Cluster.DeactivateAsync(grain);
        }

        // The account recognises a delta it already applied, and one whose own write failed counts once when retried.
        var extra = new AccountDelta { Zone = zones[0], Sequence = 1000, At = now, Count = 5 };
        cluster.Storage.FailWrites = true;
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => account.Push(extra));
        }
        finally
        {
            cluster.Storage.FailWrites = false;
        }
        Assert.True(await account.Push(extra));
        Assert.False(await account.Push(extra));
        Assert.False(await account.Push(extra with { Sequence = 1 }));

        UsageSeries total = new();
        var sum = 0L;
        await Poll.Require(async () =>
        {
            total = await account.Usage(UsagePeriod.Hour);
            sum = 0;
            foreach (var zone in zones) sum += (await cluster.Client.GetGrain<IZoneStatsGrain>(zone).Usage(UsagePeriod.Hour)).Usage.Queries;
            return total.Queries == sum + extra.Count;
        }, Deadline, () => $"account {total.Queries}, zones {sum} + {extra.Count}");
        Assert.Equal(expected, sum);
        // Bucket by bucket, too (the extra delta is in the current minute).
        var byMinute = new Dictionary<long, long>();
        foreach (var zone in zones)
            foreach (var p in (await cluster.Client.GetGrain<IZoneStatsGrain>(zone).Usage(UsagePeriod.Hour)).Usage.Graph)
                byMinute[p.Timestamp] = byMinute.GetValueOrDefault(p.Timestamp) + p.Count;
        var minute = now.ToUnixTimeSeconds() - (now.ToUnixTimeSeconds() % 60);
        byMinute[minute] = byMinute.GetValueOrDefault(minute) + extra.Count;
        Assert.Equal(byMinute.OrderBy(p => p.Key).Select(p => (p.Key, p.Value)), total.Graph.Select(p => (p.Timestamp, p.Count)));
        Assert.Equal(zones.Order(StringComparer.Ordinal), (await account.Zones()).Order(StringComparer.Ordinal));
        Assert.True(await account.Qps() > 0);
    }
}
