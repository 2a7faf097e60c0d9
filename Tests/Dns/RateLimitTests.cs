using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Vantage.EdgeDns;
using Vantage.EdgeDns.Defense;
using Vantage.EdgeDns.Query;
using Vantage.EdgeDns.Zones;
using Xunit;

namespace Vantage.Tests.Dns;

/// <summary>
/// Response rate limiting and DNS Cookies over real UDP sockets. The clock is a FakeTimeProvider that never moves,
/// so a bucket never refills and every count is exact.
/// </summary>
public sealed class RateLimitTests
{
    private const int Rate = 10;
    private const int Flood = 100;
    private static readonly byte[] ClientCookie = [1, 2, 3, 4, 5, 6, 7, 8];

    private static async Task<EdgeServer> Start(FakeTimeProvider time, int slip = 2)
    {
        var edge = await EdgeServer.StartAsync(o =>
        {
            o.Workers = 1;
            o.RateLimit.ResponsesPerSecond = Rate;
            o.RateLimit.Slip = slip;
            o.Cookies.Secret = "000102030405060708090a0b0c0d0e0f";
        }, time: time);
        edge.Store.ApplySnapshot(TestZones.ExampleSnapshot());
        return edge;
    }

    /// <summary>Sends <paramref name="count"/> copies of <paramref name="query"/> from one socket, then reads <paramref name="expected"/> replies.</summary>
    private static async Task<List<TestResponse>> FloodAsync(EdgeServer edge, byte[] query, int count, Func<bool> processed, int expected)
    {
        using var s = edge.Connected(SocketType.Dgram, ProtocolType.Udp);
        s.ReceiveBufferSize = 1 << 20;
        for (var i = 0; i < count; i++) s.Send(query);
        await Poll.Require(processed, TimeSpan.FromSeconds(10), () => $"drops {edge.Server.Counters.RateLimitedDrops}, slips {edge.Server.Counters.RateLimitedSlips}");
        var replies = new List<TestResponse>();
        for (var i = 0; i < expected; i++) replies.Add(TestResponse.Parse(EdgeServer.Receive(s)));
        return replies;
    }

    [Fact]
    public async Task A_flood_from_one_source_is_cut_while_every_second_limited_query_slips_back_truncated()
    {
        var time = new FakeTimeProvider();
        await using var edge = await Start(time);
        var query = TestQuery.Build("long.example.test", 16);
        var counters = edge.Server.Counters;
        const int limited = Flood - Rate;

        var replies = await FloodAsync(edge, query, Flood,
            () => counters.RateLimitedDrops + counters.RateLimitedSlips == limited && edge.Server.QueriesAnswered == Rate + limited / 2, Rate + limited / 2);

        Assert.Equal(limited / 2, counters.RateLimitedDrops);
        Assert.Equal(limited / 2, counters.RateLimitedSlips);
        var full = replies.Where(r => !r.TC).ToList();
        Assert.Equal(Rate, full.Count);
        Assert.All(full, r => Assert.Single(r.Answers));
        var slips = replies.Where(r => r.TC).ToList();
        Assert.Equal(limited / 2, slips.Count);
        Assert.All(slips, r =>
        {
            Assert.Empty(r.Answers);
            Assert.Equal("long.example.test.", r.QuestionName);
            Assert.Equal(0, r.Rcode);
        });

        // TCP is never limited: the truncated answer is there.
        var tcp = edge.TcpQuery(query);
        Assert.False(tcp.TC);
        Assert.Single(tcp.Answers);

        // Another answer (a different name) from the same network has its own bucket.
        Assert.Equal(2, edge.UdpQuery(TestQuery.Build("host1.example.test", 1)).Answers.Count);

        // A second later the bucket has refilled.
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(edge.UdpQuery(query).Answers);
    }

    [Fact]
    public async Task A_flood_with_a_valid_server_cookie_is_not_cut()
    {
        var time = new FakeTimeProvider();
        await using var edge = await Start(time);
        var first = edge.UdpQuery(TestQuery.Build("long.example.test", 16, edns: new EdnsSpec(Options: TestQuery.Cookie(ClientCookie))));
        var cookie = first.Option(10)!;
        Assert.Equal(24, cookie.Length);
        Assert.Equal(ClientCookie, cookie[..8]);

        var query = TestQuery.Build("long.example.test", 16, edns: new EdnsSpec(Options: TestQuery.Cookie(ClientCookie, cookie[8..])));
        var replies = await FloodAsync(edge, query, Flood, () => edge.Server.QueriesAnswered == 1 + Flood, Flood);

        Assert.All(replies, r =>
        {
            Assert.False(r.TC);
            Assert.Single(r.Answers);
            Assert.Equal(ClientCookie, r.Option(10)![..8]);
        });
        Assert.Equal(0, edge.Server.Counters.RateLimitedDrops + edge.Server.Counters.RateLimitedSlips);
    }

    [Fact]
    public async Task A_limited_query_with_only_a_client_cookie_slips_back_as_BADCOOKIE_whose_cookie_then_gets_answers()
    {
        var time = new FakeTimeProvider();
        await using var edge = await Start(time, slip: 1);
        var query = TestQuery.Build("long.example.test", 16, edns: new EdnsSpec(Options: TestQuery.Cookie(ClientCookie)));
        var replies = await FloodAsync(edge, query, Rate + 5, () => edge.Server.Counters.RateLimitedSlips == 5 && edge.Server.QueriesAnswered == Rate + 5, Rate + 5);

        var bad = replies.Where(r => r.ExtendedRcode == 23).ToList();
        Assert.Equal(5, bad.Count);
        Assert.Equal(5, edge.Server.Counters.BadCookies);
        Assert.All(bad, r => Assert.Empty(r.Answers));

        var retry = edge.UdpQuery(TestQuery.Build("long.example.test", 16, edns: new EdnsSpec(Options: TestQuery.Cookie(ClientCookie, bad[0].Option(10)![8..]))));
        Assert.Equal(0, retry.ExtendedRcode);
        Assert.Single(retry.Answers);
    }

    [Fact]
    public async Task A_server_cookie_for_another_client_cookie_or_older_than_an_hour_does_not_exempt()
    {
        var time = new FakeTimeProvider();
        var cookies = new DnsCookies(Convert.FromHexString("000102030405060708090a0b0c0d0e0f"), time);
        byte[] client = [127, 0, 0, 1];
        var option = new byte[24];
        cookies.Write(ClientCookie, client, option);
        Assert.True(cookies.IsValid(option, client));
        Assert.False(cookies.IsValid(option, [127, 0, 0, 2]));
        var other = option.ToArray();
        other[0] ^= 1;
        Assert.False(cookies.IsValid(other, client));
        var forged = option.ToArray();
        forged[^1] ^= 1;
        Assert.False(cookies.IsValid(forged, client));
        time.Advance(TimeSpan.FromMinutes(59));
        Assert.True(cookies.IsValid(option, client));
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.False(cookies.IsValid(option, client));
        await Task.CompletedTask;
    }

    [Fact]
    public void SipHash_matches_the_reference_vector()
    {
        // The SipHash paper's test: key 00..0f, message 00..0e (15 bytes) -> a129ca6149be45e5.
        var key = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
        var message = Enumerable.Range(0, 15).Select(i => (byte)i).ToArray();
        var k0 = BitConverter.ToUInt64(key, 0);
        var k1 = BitConverter.ToUInt64(key, 8);
        Assert.Equal(0xa129ca6149be45e5UL, SipHash.Hash24(k0, k1, message));
    }

    [Fact]
    public void A_million_spoofed_sources_neither_grow_the_table_nor_free_a_flooding_source()
    {
        var time = new FakeTimeProvider();
        var limiter = new ResponseRateLimiter(Rate, 2, 4096, time, new DefenseCounters());
        var flooder = ResponseRateLimiter.KeyOf([192, 0, 2, 1], "\u0004long\u0007example\u0004test\0"u8, 16, 0);
        Span<byte> spoofed = stackalloc byte[4];
        var answered = 0;
        for (var i = 0; i < 20_000; i++)
        {
            // Warm-up (tiering), with sources the measured loop does not use.
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(spoofed, (i << 8) | 0x40000000);
            limiter.Check(ResponseRateLimiter.KeyOf(spoofed, "\u0004long\u0007example\u0004test\0"u8, 16, 0));
        }
        // The flood is established first: a source that has sent one query is no flood yet, and a spoofed source that
        // lands on its slot pair while both hold the same credit may take its slot (the table cannot tell them apart).
        while (limiter.Check(flooder) == RateDecision.Answer) answered++;
        for (var i = 0; i < 1_000_000; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(spoofed, i << 8);
            limiter.Check(ResponseRateLimiter.KeyOf(spoofed, "\u0004long\u0007example\u0004test\0"u8, 16, 0));
            if (i % 100 == 0 && limiter.Check(flooder) == RateDecision.Answer) answered++;
        }
        // Fresh spoofed sources on the full table allocate nothing (least of a few rounds: a one-time allocation of the
        // runtime after tier-up, 4,088 bytes once in CI, is not the limiter's).
        var next = 1_000_000;
        var allocated = Allocations.LeastPerRound(() =>
        {
            Span<byte> source = stackalloc byte[4];
            for (var i = 0; i < 100_000; i++, next++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(source, next << 8);
                limiter.Check(ResponseRateLimiter.KeyOf(source, "\u0004long\u0007example\u0004test\0"u8, 16, 0));
            }
        });
        Assert.Equal(0, allocated);
        Assert.Equal(4096, limiter.TableSize);
        Assert.Equal(Rate, answered);
    }

    [Fact]
    public void The_limited_path_with_cookies_allocates_nothing()
    {
        var time = new FakeTimeProvider();
        var options = Options.Create(new EdgeOptions { RateLimit = { ResponsesPerSecond = 5 } });
        var catalog = new ZoneCatalog();
        new ZoneStore(catalog).ApplySnapshot(TestZones.ExampleSnapshot());
        var processor = new QueryProcessor(catalog, policy: new QueryPolicy(options, time, new DefenseCounters()));
        var plain = TestQuery.Build("host1.example.test", 1);
        var cookie = TestQuery.Build("host1.example.test", 1, edns: new EdnsSpec(Options: TestQuery.Cookie(ClientCookie)));
        var response = new byte[4096];
        byte[] from = [192, 0, 2, 1];
        for (var i = 0; i < 100; i++)
        {
            processor.Process(plain, response, DnsTransport.Udp, from);
            processor.Process(cookie, response, DnsTransport.Udp, from);
        }
        Assert.Equal(0, Allocations.LeastPerRound(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                processor.Process(plain, response, DnsTransport.Udp, from);
                processor.Process(cookie, response, DnsTransport.Udp, from);
            }
        }));
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData("Localhost", 0)]
    [InlineData("AdoNet", 100)]
    public void Rate_limiting_defaults_to_off_in_development_and_100_in_production(string? mode, int expected)
    {
        var settings = EdgeTestSettings.InProcess();
        if (mode is not null) settings["Vantage:Cluster:Mode"] = mode;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddEdgeDnsServer(configuration);
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<EdgeOptions>>().Value;
        Assert.Equal(expected, options.RateLimit.ResponsesPerSecond);
    }
}
