using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
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
    public async Task The_idle_timeout_counts_from_the_last_complete_query()
    {
        var time = new FakeTimeProvider();
        await using var edge = await EdgeServer.StartAsync(o => o.TcpIdleTimeout = TimeSpan.FromSeconds(10), time: time);
        edge.Store.ApplySnapshot(TestZones.ExampleSnapshot());
        using var s = edge.Connected(SocketType.Stream, ProtocolType.Tcp);
        for (var i = 0; i < 3; i++)
        {
            // 6 s after each query: 18 s after the connection opened, still open because queries keep coming.
            s.Send(EdgeServer.Frame(TestQuery.Build("host1.example.test", 1, id: (ushort)i)));
            Assert.Equal(i, TestResponse.Parse(EdgeServer.ReadFrame(s)).Id);
            time.Advance(TimeSpan.FromSeconds(6));
        }
        s.Send(EdgeServer.Frame(TestQuery.Build("host1.example.test", 1, id: 9)));
        Assert.Equal(9, TestResponse.Parse(EdgeServer.ReadFrame(s)).Id);

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, s.Receive(new byte[16]));
        await PollAsync(() => edge.Server.Counters.TcpTimedOut == 1);
    }

    [Fact]
    public async Task A_query_trickling_in_is_closed_after_the_query_timeout_however_often_bytes_come()
    {
        var time = new FakeTimeProvider();
        await using var edge = await EdgeServer.StartAsync(o => o.TcpQueryTimeout = TimeSpan.FromSeconds(2), time: time);
        edge.Store.ApplySnapshot(TestZones.ExampleSnapshot());
        using var s = edge.Connected(SocketType.Stream, ProtocolType.Tcp);
        s.NoDelay = true;
        var frame = EdgeServer.Frame(TestQuery.Build("host1.example.test", 1));
        s.Send(frame.AsSpan(0, 1));
        await PollAsync(() => edge.Server.TcpConnectionsMidQuery == 1);
        for (var i = 1; i < 4; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(600));
            try
            {
                s.Send(frame.AsSpan(i, 1));
            }
            catch (SocketException)
            {
                break;
            }
        }
        time.Advance(TimeSpan.FromMilliseconds(300));
        try
        {
            Assert.Equal(0, s.Receive(new byte[16]));
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset)
        {
            // Closed while bytes were in flight: also closed.
        }
        await PollAsync(() => edge.Server.TcpConnections == 0);
    }

    [Fact]
    public async Task When_the_table_is_nearly_full_the_connection_idle_longest_is_closed_for_a_new_one()
    {
        var time = new FakeTimeProvider();
        await using var edge = await EdgeServer.StartAsync(o => o.MaxTcpConnections = 4, time: time);
        edge.Store.ApplySnapshot(TestZones.ExampleSnapshot());
        var clients = new List<Socket>();
        for (var i = 0; i < 3; i++)
        {
            var c = edge.Connected(SocketType.Stream, ProtocolType.Tcp);
            c.Send(EdgeServer.Frame(TestQuery.Build("host1.example.test", 1, id: (ushort)i)));
            Assert.Equal(i, TestResponse.Parse(EdgeServer.ReadFrame(c)).Id);
            clients.Add(c);
            time.Advance(TimeSpan.FromSeconds(1));
        }
        // The first one asks again: now the second is the one idle longest.
        clients[0].Send(EdgeServer.Frame(TestQuery.Build("host1.example.test", 1, id: 10)));
        Assert.Equal(10, TestResponse.Parse(EdgeServer.ReadFrame(clients[0])).Id);

        using var fresh = edge.Connected(SocketType.Stream, ProtocolType.Tcp);
        fresh.Send(EdgeServer.Frame(TestQuery.Build("host1.example.test", 1, id: 20)));
        Assert.Equal(20, TestResponse.Parse(EdgeServer.ReadFrame(fresh)).Id);
        Assert.Equal(0, clients[1].Receive(new byte[16]));
        Assert.Equal(1, edge.Server.Counters.TcpEvicted);
        foreach (var i in new[] { 0, 2 })
        {
            clients[i].Send(EdgeServer.Frame(TestQuery.Build("host1.example.test", 1, id: (ushort)(30 + i))));
            Assert.Equal(30 + i, TestResponse.Parse(EdgeServer.ReadFrame(clients[i])).Id);
        }
        foreach (var c in clients) c.Dispose();
    }

    [Fact]
    public async Task When_every_slot_is_mid_query_new_connections_are_refused_and_counted_until_one_is_slow()
    {
        var time = new FakeTimeProvider();
        await using var edge = await EdgeServer.StartAsync(o =>
        {
            o.MaxTcpConnections = 2;
            o.TcpQueryTimeout = TimeSpan.FromSeconds(2);
        }, time: time);
        edge.Store.ApplySnapshot(TestZones.ExampleSnapshot());
        using var a = edge.Connected(SocketType.Stream, ProtocolType.Tcp);
        a.Send([0]);
        await PollAsync(() => edge.Server.TcpConnectionsMidQuery == 1);
        using var b = edge.Connected(SocketType.Stream, ProtocolType.Tcp);
        b.Send([0]);
        await PollAsync(() => edge.Server.TcpConnectionsMidQuery == 2);

        using (var refused = edge.Connected(SocketType.Stream, ProtocolType.Tcp))
        {
            await PollAsync(() => edge.Server.Counters.TcpRejected == 1);
            Assert.Equal(0, ReceiveOrReset(refused));
        }

        // Half a second into its query a connection counts as slow and makes room.
        time.Advance(TimeSpan.FromMilliseconds(500));
        using var fresh = edge.Connected(SocketType.Stream, ProtocolType.Tcp);
        fresh.Send(EdgeServer.Frame(TestQuery.Build("host1.example.test", 1, id: 7)));
        Assert.Equal(7, TestResponse.Parse(EdgeServer.ReadFrame(fresh)).Id);
        Assert.Equal(0, ReceiveOrReset(a));
        Assert.Equal(1, edge.Server.Counters.TcpEvicted);
    }

    [Fact]
    public async Task Slow_clients_holding_every_slot_do_not_keep_fresh_queries_from_being_answered()
    {
        // The attack of issue 11 scaled down: more trickling connections than slots, reopened as soon as they are
        // closed, while fresh clients query over new connections. Real clock, bounded: it stops by itself.
        await using var edge = await EdgeServer.StartAsync(o =>
        {
            o.MaxTcpConnections = 32;
            o.TcpQueryTimeout = TimeSpan.FromMilliseconds(800);
        });
        edge.Store.ApplySnapshot(TestZones.ExampleSnapshot());
        using var attack = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var slow = Enumerable.Range(0, 48).Select(_ => Task.Run(async () =>
        {
            while (!attack.IsCancellationRequested)
            {
                try
                {
                    using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    await s.ConnectAsync(edge.EndPoint, attack.Token);
                    while (!attack.IsCancellationRequested)
                    {
                        await s.SendAsync(new byte[] { 0 }, SocketFlags.None, attack.Token);
                        await Task.Delay(200, attack.Token);
                    }
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException)
                {
                    // closed by the server (or the attack is over): reconnect
                }
            }
        })).ToArray();

        await PollAsync(() => edge.Server.TcpConnectionsMidQuery >= 24);
        var answered = 0;
        for (var i = 0; i < 10; i++)
        {
            // A fresh client retries like a resolver would, within a deadline.
            var ok = await Poll.Until(() =>
            {
                var r = edge.TcpQuery(TestQuery.Build("host1.example.test", 1, id: (ushort)i));
                return r.Id == i && r.Answers.Count == 2;
            }, TimeSpan.FromSeconds(3));
            if (ok) answered++;
        }
        await attack.CancelAsync();
        await Task.WhenAll(slow);
        Assert.Equal(10, answered);
        Assert.True(edge.Server.Counters.TcpTimedOut + edge.Server.Counters.TcpEvicted > 0);
    }

    private static int ReceiveOrReset(Socket s)
    {
        try
        {
            return s.Receive(new byte[16]);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
        {
            return 0;
        }
    }

    private static Task PollAsync(Func<bool> condition) =>
        Poll.Require(condition, TimeSpan.FromSeconds(5), () => "condition not met before the deadline");
}
