using BenchmarkDotNet.Attributes;
using Vantage.EdgeDns.Query;

namespace Vantage.Bench;

/// <summary>
/// One operation = one query through the whole query path: parse → look up → encode into the response buffer
/// (what a UDP worker does between receive and send). Must report 0 B allocated.
/// </summary>
[MemoryDiagnoser]
public class QueryPathBenchmarks
{
    private readonly byte[] response = new byte[65535];
    private QueryProcessor processor = null!;
    private byte[] aHit = null!;
    private byte[] aaaaNoData = null!;
    private byte[] nxDomain = null!;
    private byte[] cnameChain = null!;
    private byte[] wildcard = null!;
    private byte[] mxAdditional = null!;
    private byte[] ednsAHit = null!;
    private byte[] mixed = null!;
    private byte[][] mix = null!;
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        processor = new QueryProcessor(BenchZone.Load());
        aHit = Query.Build("host4242.example.test", 1);
        aaaaNoData = Query.Build("host1999.example.test", 28);
        nxDomain = Query.Build("nx123456.example.test", 1);
        cnameChain = Query.Build("www.example.test", 1);
        wildcard = Query.Build("foo.wild.example.test", 1);
        mxAdditional = Query.Build("example.test", 15);
        ednsAHit = Query.Build("host4242.example.test", 1, edns: true);
        // The dns-anchors mix in miniature: 80 % A hits, 10 % AAAA (half NODATA), 5 % NXDOMAIN, 5 % other.
        var random = new Random(42);
        mix = Enumerable.Range(0, 1000).Select(_ =>
        {
            var r = random.NextDouble();
            return r switch
            {
                < 0.80 => Query.Build($"host{random.Next(10_000)}.example.test", 1),
                < 0.90 => Query.Build($"host{random.Next(2_000)}.example.test", 28),
                < 0.95 => Query.Build($"nx{random.Next(1_000_000)}.example.test", 1),
                _ => random.Next(3) switch
                {
                    0 => Query.Build("www.example.test", 1),
                    1 => Query.Build("example.test", 15),
                    _ => Query.Build("bar.wild.example.test", 16),
                },
            };
        }).ToArray();
        mixed = mix[0];
        if (Run(aHit) == 0 || Run(mixed) == 0) throw new InvalidOperationException("no answer");
    }

    private int Run(byte[] query) => processor.Process(query, response, DnsTransport.Udp);

    [Benchmark(Baseline = true)]
    public int A_hit() => Run(aHit);

    [Benchmark]
    public int A_hit_edns() => Run(ednsAHit);

    [Benchmark]
    public int Aaaa_nodata() => Run(aaaaNoData);

    [Benchmark]
    public int Nxdomain() => Run(nxDomain);

    [Benchmark]
    public int Cname_chain() => Run(cnameChain);

    [Benchmark]
    public int Wildcard() => Run(wildcard);

    [Benchmark]
    public int Mx_with_additional() => Run(mxAdditional);

    [Benchmark]
    public int Anchor_mix()
    {
        var q = mix[next];
        next = next + 1 == mix.Length ? 0 : next + 1;
        return Run(q);
    }
}
