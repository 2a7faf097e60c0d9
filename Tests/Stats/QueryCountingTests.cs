using Vantage.EdgeDns.Query;
using Vantage.EdgeDns.Stats;
using Vantage.EdgeDns.Zones;
using Vantage.Grains.Stats;
using Vantage.Stats;
using Vantage.Tests.Dns;

namespace Vantage.Tests.Stats;

/// <summary>The edge's counters on the query path, and the grain's buckets over time.</summary>
public sealed class QueryCountingTests
{
    private static (QueryProcessor Processor, QueryCounters Counters) Edge()
    {
        var catalog = new ZoneCatalog();
        new ZoneStore(catalog).ApplySnapshot(TestZones.ExampleSnapshot());
        var counters = new QueryCounters();
        return (new QueryProcessor(catalog, counters: counters), counters);
    }

    private static Dictionary<(StatsKey Key, int Cell), long> Totals(QueryCounters counters)
    {
        var totals = counters.Snapshot([]);
        var result = new Dictionary<(StatsKey, int), long>();
        for (var id = 0; id < counters.KeyCount; id++)
            for (var cell = 0; cell < QueryCounters.CellsPerKey; cell++)
                if (totals[id * QueryCounters.CellsPerKey + cell] is var n and > 0) result[(counters.KeyOf(id), cell)] = n;
        return result;
    }

    [Fact]
    public void Each_answer_counts_for_its_record_rcode_and_transport()
    {
        var (edge, counters) = Edge();
        var response = new byte[4096];
        for (var i = 0; i < 3; i++) edge.Process(TestQuery.Build("host1.example.test", 1), response, DnsTransport.Udp);
        edge.Process(TestQuery.Build("host1.example.test", 1), response, DnsTransport.Tcp);
        edge.Process(TestQuery.Build("www.example.test", 1), response, DnsTransport.Udp);
        edge.Process(TestQuery.Build("nx.example.test", 1), response, DnsTransport.Udp);
        edge.Process(TestQuery.Build("example.test", 6), response, DnsTransport.Udp);
        edge.Process(TestQuery.Build("other.invalid", 1), response, DnsTransport.Udp);

        var totals = Totals(counters);
        Assert.Equal(3, totals[(new StatsKey("example.test", "host1.example.test", "A"), 0)]);
        Assert.Equal(1, totals[(new StatsKey("example.test", "host1.example.test", "A"), 1)]);
        // A CNAME chain counts for the record asked for: the CNAME at the query name.
        Assert.Equal(1, totals[(new StatsKey("example.test", "www.example.test", "CNAME"), 0)]);
        Assert.Equal(1, totals[(new StatsKey("example.test", "", ""), 3 * 2)]);
        Assert.Equal(1, totals[(new StatsKey("example.test", "example.test", "SOA"), 0)]);
        // A name in no zone served here is no zone's query (counted for the edge's metrics only).
        Assert.Equal(1, totals[(new StatsKey(QueryCounters.NoZone, "", ""), 5 * 2)]);
        Assert.Equal(8, totals.Values.Sum());
    }

    [Fact]
    public void Counting_allocates_nothing_once_the_keys_are_known()
    {
        var (edge, counters) = Edge();
        var a = TestQuery.Build("host1.example.test", 1);
        var nx = TestQuery.Build("nx.example.test", 1);
        var response = new byte[4096];
        for (var i = 0; i < 100; i++)
        {
            edge.Process(a, response, DnsTransport.Udp);
            edge.Process(nx, response, DnsTransport.Tcp);
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            edge.Process(a, response, DnsTransport.Udp);
            edge.Process(nx, response, DnsTransport.Tcp);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(20_200, Totals(counters).Values.Sum());
    }

    [Fact]
    public void Counts_from_many_threads_add_up_exactly()
    {
        var (edge, counters) = Edge();
        var query = TestQuery.Build("host1.example.test", 1);
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            var response = new byte[4096];
            for (var i = 0; i < 5000; i++) edge.Process(query, response, DnsTransport.Udp);
        });
        Assert.Equal(40_000, Totals(counters)[(new StatsKey("example.test", "host1.example.test", "A"), 0)]);
    }

    [Fact]
    public void Buckets_fill_per_minute_hour_and_day_and_are_pruned_after_their_retention()
    {
        var t0 = new DateTimeOffset(2026, 3, 1, 10, 0, 30, TimeSpan.Zero);
        var b = new StatsBuckets();
        b.Add(t0, 5);
        b.Add(t0.AddSeconds(20), 2);
        b.Add(t0.AddMinutes(1), 3);
        b.Add(t0.AddHours(2), 4);

        var hour = b.Usage(UsagePeriod.Hour, t0.AddMinutes(2));
        Assert.Equal([new UsagePoint(t0.AddSeconds(-30).ToUnixTimeSeconds(), 7), new UsagePoint(t0.AddSeconds(30).ToUnixTimeSeconds(), 3)],
            hour.Graph.ToArray());
        Assert.Equal(10, hour.Queries);
        var day = b.Usage(UsagePeriod.Day, t0.AddHours(3));
        Assert.Equal([10L, 4L], day.Graph.Select(p => p.Count));
        Assert.Equal(14, b.Usage(UsagePeriod.Month, t0.AddDays(1)).Queries);
        // An hour later the first minutes are out of the 1h period but still in the 24h one.
        Assert.Equal(4, b.Usage(UsagePeriod.Hour, t0.AddHours(2).AddMinutes(5)).Queries);

        Assert.Equal(0, b.Prune(t0.AddHours(47)));
        Assert.Equal(2, b.Prune(t0.AddHours(49)));
        Assert.Equal([t0.AddHours(2).AddSeconds(-30).ToUnixTimeSeconds()], b.Minutes.Keys);
        b.Prune(t0.AddDays(61));
        Assert.Empty(b.Minutes);
        Assert.Empty(b.Hours);
        Assert.Single(b.Days);
        b.Prune(t0.AddDays(731));
        Assert.True(b.IsEmpty);
        Assert.Equal(14, b.Total);
    }
}
