using BenchmarkDotNet.Attributes;
using Vantage.EdgeDns.Query;
using Vantage.EdgeDns.Stats;

namespace Vantage.Bench;

/// <summary>
/// What query counting adds to the query path, in the same run: the anchors' mix through a processor without counters
/// (the baseline) and through one with them (per-zone/record/rcode/transport counting and the 1-in-16 latency sample
/// turned off, as no meter listens here). Must report 0 B allocated.
/// </summary>
[MemoryDiagnoser]
public class CountingBenchmarks
{
    private readonly byte[] response = new byte[65535];
    private QueryProcessor plain = null!;
    private QueryProcessor counted = null!;
    private byte[][] mix = null!;
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        var zone = BenchZone.Load();
        plain = new QueryProcessor(zone);
        counted = new QueryProcessor(zone, counters: new QueryCounters());
        var random = new Random(42);
        mix = Enumerable.Range(0, 1000).Select(_ => random.NextDouble() switch
        {
            < 0.80 => Query.Build($"host{random.Next(10_000)}.example.test", 1),
            < 0.90 => Query.Build($"host{random.Next(2_000)}.example.test", 28),
            < 0.95 => Query.Build($"nx{random.Next(1_000_000)}.example.test", 1),
            _ => Query.Build("www.example.test", 1),
        }).ToArray();
        // Every key is seen once before measuring (a key's first query registers it).
        foreach (var q in mix) counted.Process(q, response, DnsTransport.Udp);
    }

    [Benchmark(Baseline = true)]
    public int Mix_counting_off() => plain.Process(mix[next++ % mix.Length], response, DnsTransport.Udp);

    [Benchmark]
    public int Mix_counting_on() => counted.Process(mix[next++ % mix.Length], response, DnsTransport.Udp);
}
