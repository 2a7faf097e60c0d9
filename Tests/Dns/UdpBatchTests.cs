using System.Net;
using System.Net.Sockets;
using Xunit;

namespace Vantage.Tests.Dns;

/// <summary>The batched UDP path (recvmmsg/sendmmsg with packet info) over real sockets, IPv4 and IPv6 loopback.</summary>
public sealed class UdpBatchTests
{
    [Fact]
    public async Task On_64_bit_Linux_the_workers_move_datagrams_in_batches()
    {
        await using var edge = await EdgeServer.StartAsync();
        Assert.Equal(OperatingSystem.IsLinux() && Environment.Is64BitProcess, edge.Server.UdpBatched);
        await using var managed = await EdgeServer.StartAsync(o => o.UdpBatching = false);
        Assert.False(managed.Server.UdpBatched);
        managed.Store.ApplySnapshot(TestZones.ExampleSnapshot());
        Assert.Equal(2, managed.UdpQuery(TestQuery.Build("host1.example.test", 1)).Answers.Count);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task A_burst_from_several_sources_is_answered_to_each_source_with_its_own_ids(string address)
    {
        await using var edge = await EdgeServer.StartAsync(o => o.Address = address);
        edge.Store.ApplySnapshot(TestZones.ExampleSnapshot());
        var family = IPAddress.Parse(address).AddressFamily;
        var clients = Enumerable.Range(0, 4).Select(_ =>
        {
            var s = new Socket(family, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 5000, ReceiveBufferSize = 1 << 20 };
            // Connected: only replies from the address and port queried are accepted, so the source is checked too.
            s.Connect(edge.EndPoint);
            return s;
        }).ToList();
        const int perClient = 100;
        for (var i = 0; i < perClient; i++)
        {
            for (var c = 0; c < clients.Count; c++) clients[c].Send(TestQuery.Build("host1.example.test", 1, id: (ushort)(c * 1000 + i)));
        }
        for (var c = 0; c < clients.Count; c++)
        {
            var ids = new HashSet<int>();
            for (var i = 0; i < perClient; i++)
            {
                var r = TestResponse.Parse(EdgeServer.Receive(clients[c]));
                Assert.Equal(2, r.Answers.Count);
                ids.Add(r.Id);
            }
            Assert.Equal(Enumerable.Range(c * 1000, perClient).ToHashSet(), ids);
            clients[c].Dispose();
        }
    }
}
