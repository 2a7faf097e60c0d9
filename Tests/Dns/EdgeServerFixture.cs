using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Vantage.EdgeDns;
using Vantage.EdgeDns.Defense;
using Vantage.EdgeDns.Query;
using Vantage.EdgeDns.Server;
using Vantage.EdgeDns.Zones;
using Xunit;

namespace Vantage.Tests.Dns;

/// <summary>An edge DNS server on 127.0.0.1 and a free port, fed zones directly (no cluster).</summary>
public sealed class EdgeServer : IAsyncDisposable
{
    private EdgeServer(ZoneStore store, DnsServer server)
    {
        Store = store;
        Server = server;
    }

    public ZoneStore Store { get; }

    public DnsServer Server { get; }

    public IPEndPoint EndPoint => Server.EndPoint!;

    /// <param name="time">The clock of TCP timeouts, rate limiting and cookies (a FakeTimeProvider in tests of those).</param>
    public static async Task<EdgeServer> StartAsync(Action<EdgeOptions>? configure = null, Vantage.Steering.Geo.IGeoLookup? geo = null, TimeProvider? time = null)
    {
        var options = new EdgeOptions { Address = "127.0.0.1", Port = 0, Workers = 2 };
        configure?.Invoke(options);
        options.RateLimit.ResponsesPerSecond ??= 0;
        time ??= TimeProvider.System;
        var catalog = new ZoneCatalog();
        var store = new ZoneStore(catalog);
        var policy = new QueryPolicy(Options.Create(options), time, new DefenseCounters());
        var server = new DnsServer(Options.Create(options), new QueryProcessor(catalog, geo, policy: policy), NullLogger<DnsServer>.Instance, time);
        await server.StartAsync(CancellationToken.None);
        return new EdgeServer(store, server);
    }

    /// <summary>Sends one datagram and returns the reply.</summary>
    public byte[] Udp(byte[] query)
    {
        using var s = Connected(SocketType.Dgram, ProtocolType.Udp);
        s.Send(query);
        return Receive(s);
    }

    public TestResponse UdpQuery(byte[] query) => TestResponse.Parse(Udp(query));

    /// <summary>One query over a new TCP connection.</summary>
    public TestResponse TcpQuery(byte[] query)
    {
        using var s = Connected(SocketType.Stream, ProtocolType.Tcp);
        s.Send(Frame(query));
        return TestResponse.Parse(ReadFrame(s));
    }

    public Socket Connected(SocketType type, ProtocolType protocol)
    {
        var s = new Socket(AddressFamily.InterNetwork, type, protocol) { ReceiveTimeout = 5000, SendTimeout = 5000 };
        s.Connect(EndPoint);
        return s;
    }

    public static byte[] Receive(Socket s)
    {
        var buffer = new byte[65536];
        var n = s.Receive(buffer);
        return buffer[..n];
    }

    public static byte[] Frame(byte[] message)
    {
        var framed = new byte[message.Length + 2];
        framed[0] = (byte)(message.Length >> 8);
        framed[1] = (byte)message.Length;
        message.CopyTo(framed, 2);
        return framed;
    }

    /// <summary>Reads one length-prefixed message; throws when the connection closes first.</summary>
    public static byte[] ReadFrame(Socket s)
    {
        var header = ReadExactly(s, 2);
        return ReadExactly(s, (header[0] << 8) | header[1]);
    }

    public static byte[] ReadExactly(Socket s, int count)
    {
        var buffer = new byte[count];
        var got = 0;
        while (got < count)
        {
            var n = s.Receive(buffer, got, count - got, SocketFlags.None);
            if (n == 0) throw new IOException("connection closed");
            got += n;
        }
        return buffer;
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>One server for a test class, loaded with <see cref="TestZones"/>.</summary>
public sealed class ExampleZoneFixture : IAsyncLifetime
{
    public EdgeServer Edge { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Edge = await EdgeServer.StartAsync();
        Edge.Store.ApplySnapshot(TestZones.ExampleSnapshot());
        Edge.Store.ApplySnapshot(TestZones.Bare("other.test"));
        Edge.Store.ApplySnapshot(TestZones.Bare("child.example.test"));
    }

    public async Task DisposeAsync() => await Edge.DisposeAsync();
}
