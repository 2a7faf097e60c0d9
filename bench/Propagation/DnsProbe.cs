using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vantage.Bench.Propagation;

/// <summary>
/// Asks one DNS server for the A records of a name over UDP, with a query built here (no EDNS, RD clear).
/// One connected socket per probe; answers with another id (late replies to timed-out queries) are skipped.
/// Not thread-safe: one caller at a time.
/// </summary>
public sealed class DnsProbe : IDisposable
{
    private const ushort TypeA = 1;
    private const ushort ClassIn = 1;
    private readonly Socket _socket;
    private readonly byte[] _query = new byte[512];
    private readonly byte[] _reply = new byte[4096];
    private ushort _nextId = (ushort)Random.Shared.Next(ushort.MaxValue);

    public DnsProbe(IPEndPoint server)
    {
        Server = server;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Connect(server);
    }

    public IPEndPoint Server { get; }

    /// <summary>The A addresses in the answer section (empty on NXDOMAIN/NODATA), or null when no reply came in time.</summary>
    public async Task<IReadOnlyList<IPAddress>?> QueryA(string name, TimeSpan timeout)
    {
        var id = _nextId++;
        var length = WriteQuery(_query, id, name);
        await _socket.SendAsync(_query.AsMemory(0, length), SocketFlags.None).ConfigureAwait(false);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var received = await _socket.ReceiveAsync(_reply, SocketFlags.None, cts.Token).ConfigureAwait(false);
                var answer = ReadAnswer(_reply.AsSpan(0, received), id);
                if (answer is not null) return answer;
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (SocketException)
        {
            // ICMP port unreachable (server not up yet) surfaces as ConnectionRefused on a connected socket.
            return null;
        }
    }

    private static int WriteQuery(Span<byte> buffer, ushort id, string name)
    {
        BinaryPrimitives.WriteUInt16BigEndian(buffer, id);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], 0); // standard query, RD clear
        BinaryPrimitives.WriteUInt16BigEndian(buffer[4..], 1); // QDCOUNT
        buffer.Slice(6, 6).Clear();
        var at = 12;
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            var written = Encoding.ASCII.GetBytes(label, buffer[(at + 1)..]);
            buffer[at] = (byte)written;
            at += 1 + written;
        }
        buffer[at++] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[at..], TypeA);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[(at + 2)..], ClassIn);
        return at + 4;
    }

    /// <summary>Null when the packet is not the reply to <paramref name="id"/>.</summary>
    private static List<IPAddress>? ReadAnswer(ReadOnlySpan<byte> packet, ushort id)
    {
        if (packet.Length < 12 || BinaryPrimitives.ReadUInt16BigEndian(packet) != id || (packet[2] & 0x80) == 0) return null;
        var questions = BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
        var answers = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]);
        var at = 12;
        for (var i = 0; i < questions; i++) at = SkipName(packet, at) + 4;
        var result = new List<IPAddress>(answers);
        for (var i = 0; i < answers; i++)
        {
            at = SkipName(packet, at);
            var type = BinaryPrimitives.ReadUInt16BigEndian(packet[at..]);
            var rdLength = BinaryPrimitives.ReadUInt16BigEndian(packet[(at + 8)..]);
            at += 10;
            if (type == TypeA && rdLength == 4) result.Add(new IPAddress(packet.Slice(at, 4)));
            at += rdLength;
        }
        return result;
    }

    private static int SkipName(ReadOnlySpan<byte> packet, int at)
    {
        while (true)
        {
            var length = packet[at];
            if (length == 0) return at + 1;
            if ((length & 0xC0) == 0xC0) return at + 2;
            at += 1 + length;
        }
    }

    public void Dispose() => _socket.Dispose();
}
