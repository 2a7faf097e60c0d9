using System.Diagnostics;
using System.Net.Sockets;
using Xunit;

namespace Vantage.Tests.Dns;

/// <summary>DNS over TCP (RFC 7766): framing split across segments, pipelining, idle timeout, connection limit.</summary>
public sealed class TcpTransportTests(ExampleZoneFixture fixture) : IClassFixture<ExampleZoneFixture>
{
    [Fact]
    public void Frame_sent_one_byte_at_a_time_is_answered()
    {
        using var s = fixture.Edge.Connected(SocketType.Stream, ProtocolType.Tcp);
        s.NoDelay = true;
        foreach (var b in EdgeServer.Frame(TestQuery.Build("host1.example.test", 1, id: 99))) s.Send([b]);
        var r = TestResponse.Parse(EdgeServer.ReadFrame(s));
        Assert.Equal(99, r.Id);
        Assert.Equal(2, r.Answers.Count);
    }

    [Fact]
    public void Pipelined_queries_in_one_segment_are_all_answered_in_order()
    {
        using var s = fixture.Edge.Connected(SocketType.Stream, ProtocolType.Tcp);
        var names = new[] { "host1.example.test", "nx.example.test", "www.example.test", "big.example.test", "mail.example.test" };
        var batch = names.SelectMany((n, i) => EdgeServer.Frame(TestQuery.Build(n, 1, id: (ushort)(100 + i)))).ToArray();
        s.Send(batch);
        var ids = new List<int>();
        for (var i = 0; i < names.Length; i++) ids.Add(TestResponse.Parse(EdgeServer.ReadFrame(s)).Id);
        Assert.Equal([100, 101, 102, 103, 104], ids);
    }

    [Fact]
    public void Many_pipelined_queries_split_at_odd_boundaries()
    {
        using var s = fixture.Edge.Connected(SocketType.Stream, ProtocolType.Tcp);
        s.NoDelay = true;
        const int count = 300;
        var stream = Enumerable.Range(0, count).SelectMany(i => EdgeServer.Frame(TestQuery.Build("host1.example.test", 1, id: (ushort)i))).ToArray();
        for (var at = 0; at < stream.Length; at += 7) s.Send(stream.AsSpan(at, Math.Min(7, stream.Length - at)));
        for (var i = 0; i < count; i++)
        {
            var r = TestResponse.Parse(EdgeServer.ReadFrame(s));
            Assert.Equal(i, r.Id);
        }
    }

    [Fact]
    public void A_response_frame_on_tcp_gets_no_reply_but_the_connection_stays()
    {
        using var s = fixture.Edge.Connected(SocketType.Stream, ProtocolType.Tcp);
        s.Send(EdgeServer.Frame(TestQuery.Build("host1.example.test", 1, id: 1, flags: 0x8000)));
        s.Send(EdgeServer.Frame(TestQuery.Build("host1.example.test", 1, id: 2)));
        Assert.Equal(2, TestResponse.Parse(EdgeServer.ReadFrame(s)).Id);
    }

    [Fact]
    public async Task Idle_connection_is_closed_after_the_timeout()
    {
        await using var edge = await EdgeServer.StartAsync(o => o.TcpIdleTimeout = TimeSpan.FromMilliseconds(300));
        edge.Store.ApplySnapshot(TestZones.ExampleSnapshot());
        using var s = edge.Connected(SocketType.Stream, ProtocolType.Tcp);
        s.Send(EdgeServer.Frame(TestQuery.Build("host1.example.test", 1, id: 5)));
        Assert.Equal(5, TestResponse.Parse(EdgeServer.ReadFrame(s)).Id);

        // Receive blocks until the server closes the connection (0 bytes) or the socket timeout fails the test. The
        // upper bound is generous: on a loaded 2-core CI machine timers run late; what matters is that the server
        // closed the idle connection by itself, after at least about the timeout.
        s.ReceiveTimeout = 30_000;
        var clock = Stopwatch.StartNew();
        var n = s.Receive(new byte[16]);
        Assert.Equal(0, n);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Connections_beyond_the_limit_are_closed()
    {
        await using var edge = await EdgeServer.StartAsync(o => o.MaxTcpConnections = 2);
        edge.Store.ApplySnapshot(TestZones.ExampleSnapshot());
        using var a = edge.Connected(SocketType.Stream, ProtocolType.Tcp);
        using var b = edge.Connected(SocketType.Stream, ProtocolType.Tcp);
        a.Send(EdgeServer.Frame(TestQuery.Build("host1.example.test", 1, id: 1)));
        b.Send(EdgeServer.Frame(TestQuery.Build("host1.example.test", 1, id: 2)));
        Assert.Equal(1, TestResponse.Parse(EdgeServer.ReadFrame(a)).Id);
        Assert.Equal(2, TestResponse.Parse(EdgeServer.ReadFrame(b)).Id);

        using var c = edge.Connected(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            c.Send(EdgeServer.Frame(TestQuery.Build("host1.example.test", 1, id: 3)));
            Assert.Equal(0, c.Receive(new byte[16]));
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
        {
            // Closed before or while we wrote: also a refusal.
        }

        // Closing one frees a slot.
        a.Dispose();
        await PollAsync(() => edge.Server.TcpConnections < 2);
        using var d = edge.Connected(SocketType.Stream, ProtocolType.Tcp);
        d.Send(EdgeServer.Frame(TestQuery.Build("host1.example.test", 1, id: 4)));
        Assert.Equal(4, TestResponse.Parse(EdgeServer.ReadFrame(d)).Id);
    }

    private static Task PollAsync(Func<bool> condition) =>
        Poll.Require(condition, TimeSpan.FromSeconds(5), () => "condition not met before the deadline");
}
