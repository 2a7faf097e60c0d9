using System.Net.Sockets;
using Vantage.EdgeDns.Query;
using Vantage.EdgeDns.Zones;
using Xunit;

namespace Vantage.Tests.Dns;

/// <summary>
/// Hostile input: tens of thousands of random and mutated packets (fixed seeds) over real sockets. The server must
/// never crash, every reply must parse strictly, and it must still answer a valid query afterwards.
/// </summary>
public sealed class RobustnessTests(ExampleZoneFixture fixture) : IClassFixture<ExampleZoneFixture>
{
    private static readonly byte[][] Seeds =
    [
        TestQuery.Build("host1.example.test", 1),
        TestQuery.Build("www.example.test", 1, edns: new EdnsSpec()),
        TestQuery.Build("example.test", 2, edns: new EdnsSpec(PayloadSize: 512, DnssecOk: true)),
        TestQuery.Build("foo.wild.example.test", 16),
        TestQuery.Build("x.deleg.example.test", 28, edns: new EdnsSpec(Options: [0, 8, 0, 7, 0, 1, 24, 0, 192, 0, 2])),
        TestQuery.Build("nx.example.test", 255),
        TestQuery.Build("big.example.test", 1),
        TestQuery.Build("_sip._tcp.example.test", 33, edns: new EdnsSpec(Version: 1)),
    ];

    [Fact]
    public void Thirty_thousand_hostile_datagrams()
    {
        var random = new Random(20261129);
        using var s = fixture.Edge.Connected(SocketType.Dgram, ProtocolType.Udp);
        var buffer = new byte[65536];
        var replies = 0;
        const int total = 30_000;
        const int batch = 40;
        for (var sent = 0; sent < total; sent += batch)
        {
            for (var i = 0; i < batch; i++) s.Send(Hostile(random));
            var sentinel = $"sentinel-{sent}.example.test";
            s.Send(TestQuery.Build(sentinel, 1, id: 0xFFFF));
            while (true)
            {
                var n = s.Receive(buffer);
                var r = TestResponse.Parse(buffer.AsSpan(0, n));
                Assert.True(r.QR);
                Assert.True(n <= 1232);
                if (r.Id == 0xFFFF && r.QuestionName == sentinel + ".")
                {
                    Assert.Equal(3, r.Rcode);
                    break;
                }
                replies++;
            }
        }

        Assert.True(replies > total / 4, $"only {replies} replies");
        var ok = fixture.Edge.UdpQuery(TestQuery.Build("host1.example.test", 1, id: 1));
        Assert.Equal(2, ok.Answers.Count);
    }

    [Fact]
    public void Hostile_tcp_frames_and_streams()
    {
        var random = new Random(7);
        for (var connection = 0; connection < 20; connection++)
        {
            using var s = fixture.Edge.Connected(SocketType.Stream, ProtocolType.Tcp);
            for (var i = 0; i < 100; i++) s.Send(EdgeServer.Frame(Hostile(random)));
            s.Send(EdgeServer.Frame(TestQuery.Build("sentinel.example.test", 1, id: 0xFFFF)));
            while (true)
            {
                var r = TestResponse.Parse(EdgeServer.ReadFrame(s));
                if (r.Id == 0xFFFF && r.QuestionName == "sentinel.example.test.") break;
            }
        }

        // Raw garbage (not even framed) then a hang-up must not hurt the server.
        for (var i = 0; i < 20; i++)
        {
            using var g = fixture.Edge.Connected(SocketType.Stream, ProtocolType.Tcp);
            var junk = new byte[random.Next(1, 3000)];
            random.NextBytes(junk);
            g.Send(junk);
        }
        Assert.Equal(2, fixture.Edge.TcpQuery(TestQuery.Build("host1.example.test", 1)).Answers.Count);
    }

    /// <summary>The same processor without sockets, many more inputs: nothing throws and all output parses.</summary>
    [Fact]
    public void Processor_survives_two_hundred_thousand_inputs()
    {
        var catalog = new ZoneCatalog();
        new ZoneStore(catalog).ApplySnapshot(TestZones.ExampleSnapshot());
        var processor = new QueryProcessor(catalog);
        var random = new Random(42);
        var response = new byte[65535];
        for (var i = 0; i < 200_000; i++)
        {
            var packet = Hostile(random);
            var transport = (i & 1) == 0 ? DnsTransport.Udp : DnsTransport.Tcp;
            var n = processor.Process(packet, response, transport);
            if (n == 0) continue;
            var r = TestResponse.Parse(response.AsSpan(0, n));
            Assert.True(r.QR);
            if (transport == DnsTransport.Tcp) Assert.False(r.TC);
        }
    }

    private static byte[] Hostile(Random random)
    {
        switch (random.Next(6))
        {
            case 0:
                var junk = new byte[random.Next(0, 600)];
                random.NextBytes(junk);
                return junk;
            case 1:
                // Random bytes behind a plausible query header.
                var tail = new byte[random.Next(0, 300)];
                random.NextBytes(tail);
                return [(byte)random.Next(256), (byte)random.Next(256), 0x01, 0x00, 0, 1, 0, (byte)random.Next(3), 0, (byte)random.Next(3), 0, (byte)random.Next(3), .. tail];
            default:
                var seed = (byte[])Seeds[random.Next(Seeds.Length)].Clone();
                var mutations = random.Next(1, 6);
                var m = seed.ToList();
                for (var k = 0; k < mutations && m.Count > 0; k++)
                {
                    var at = random.Next(m.Count);
                    switch (random.Next(5))
                    {
                        case 0: m[at] ^= (byte)(1 << random.Next(8)); break;
                        case 1: m[at] = (byte)random.Next(256); break;
                        case 2: m.RemoveRange(at, m.Count - at); break;
                        case 3: m.Insert(at, (byte)random.Next(256)); break;
                        default: m[at] = (byte)(0xC0 | random.Next(64)); break;
                    }
                }
                // Keep QR mostly clear so most mutants get past the first check.
                if (m.Count > 2 && random.Next(4) != 0) m[2] &= 0x7F;
                return m.ToArray();
        }
    }
}
