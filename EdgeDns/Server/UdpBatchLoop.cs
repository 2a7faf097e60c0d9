using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Vantage.EdgeDns.Query;
using Vantage.EdgeDns.Wire;

namespace Vantage.EdgeDns.Server;

/// <summary>
/// One worker's batched receive → process → send loop on Linux: up to <see cref="Batch"/> datagrams per
/// <c>recvmmsg</c>, every answer of the batch in one <c>sendmmsg</c>. Each datagram's source address goes to the
/// query path (steering, rate limiting, cookies); its destination address (IP_PKTINFO / IPV6_PKTINFO) becomes the
/// source of the reply, so a wildcard bind answers from the address the query was sent to. All buffers are one
/// native block allocated when the worker starts; the loop allocates nothing.
/// </summary>
internal sealed unsafe class UdpBatchLoop : IDisposable
{
    public const int Batch = 32;
    private const int ReceiveSlot = 4096;
    private const int SendSlot = DnsLimits.EdnsUdpSize;
    private const int NameSlot = 32;
    private const int ControlSlot = 64;

    private readonly byte* block;
    private readonly LinuxUdp.MMsgHdr* receive;
    private readonly LinuxUdp.MMsgHdr* send;
    private readonly LinuxUdp.IoVec* receiveIov;
    private readonly LinuxUdp.IoVec* sendIov;
    private readonly byte* names;
    private readonly byte* receiveControl;
    private readonly byte* sendControl;
    private readonly byte* receiveData;
    private readonly byte* sendData;

    public UdpBatchLoop()
    {
        var headers = Batch * sizeof(LinuxUdp.MMsgHdr);
        var iovs = Batch * sizeof(LinuxUdp.IoVec);
        var total = 2 * headers + 2 * iovs + Batch * (NameSlot + 2 * ControlSlot + ReceiveSlot + SendSlot);
        block = (byte*)NativeMemory.AlignedAlloc((nuint)total, 64);
        NativeMemory.Clear(block, (nuint)total);
        var at = block;
        receive = (LinuxUdp.MMsgHdr*)at;
        at += headers;
        send = (LinuxUdp.MMsgHdr*)at;
        at += headers;
        receiveIov = (LinuxUdp.IoVec*)at;
        at += iovs;
        sendIov = (LinuxUdp.IoVec*)at;
        at += iovs;
        names = at;
        at += Batch * NameSlot;
        receiveControl = at;
        at += Batch * ControlSlot;
        sendControl = at;
        at += Batch * ControlSlot;
        receiveData = at;
        at += Batch * ReceiveSlot;
        sendData = at;
    }

    public void Dispose() => NativeMemory.AlignedFree(block);

    /// <summary>Asks the kernel for each datagram's destination address.</summary>
    public static void EnablePacketInfo(Socket socket)
    {
        var fd = (int)socket.Handle;
        if (socket.AddressFamily == AddressFamily.InterNetworkV6)
        {
            LinuxUdp.SetInt(fd, LinuxUdp.IpProtoIpv6, LinuxUdp.Ipv6RecvPktInfo, 1);
            // A dual-stack socket also receives IPv4 (mapped addresses) with IP_PKTINFO.
            LinuxUdp.SetInt(fd, LinuxUdp.IpProtoIp, LinuxUdp.IpPktInfo, 1);
        }
        else
        {
            LinuxUdp.SetInt(fd, LinuxUdp.IpProtoIp, LinuxUdp.IpPktInfo, 1);
        }
    }

    /// <summary>Serves until <paramref name="stopping"/> says so; returns answers sent through <paramref name="answered"/>.</summary>
    public void Run(int fd, QueryProcessor processor, ILogger logger, int worker, Func<bool> stopping, Action<int> answered)
    {
        while (!stopping())
        {
            for (var i = 0; i < Batch; i++)
            {
                ref var h = ref receive[i].Header;
                receiveIov[i].Base = receiveData + i * ReceiveSlot;
                receiveIov[i].Length = ReceiveSlot;
                h.Name = names + i * NameSlot;
                h.NameLength = NameSlot;
                h.Iov = receiveIov + i;
                h.IovLength = 1;
                h.Control = receiveControl + i * ControlSlot;
                h.ControlLength = ControlSlot;
                h.Flags = 0;
                receive[i].Length = 0;
            }

            var count = LinuxUdp.recvmmsg(fd, receive, Batch, LinuxUdp.MsgWaitForOne, null);
            if (count <= 0)
            {
                if (stopping()) return;
                var errno = Marshal.GetLastPInvokeError();
                if (count < 0 && errno is not (LinuxUdp.Eintr or LinuxUdp.Eagain)) ServerLog.UdpReceiveFailedErrno(logger, errno, worker);
                continue;
            }

            var replies = 0;
            for (var i = 0; i < count; i++)
            {
                ref var h = ref receive[i].Header;
                if ((h.Flags & LinuxUdp.MsgTrunc) != 0) continue;
                var name = (byte*)h.Name;
                var family = *(ushort*)name;
                var client = family switch
                {
                    LinuxUdp.AfInet => new ReadOnlySpan<byte>(name + 4, 4),
                    LinuxUdp.AfInet6 => new ReadOnlySpan<byte>(name + 8, 16),
                    _ => default,
                };
                var output = new Span<byte>(sendData + replies * SendSlot, SendSlot);
                int length;
                try
                {
                    length = processor.Process(new ReadOnlySpan<byte>(receiveData + i * ReceiveSlot, (int)receive[i].Length), output, DnsTransport.Udp, client);
                }
                catch (Exception e)
                {
                    ServerLog.ProcessingFailed(logger, e);
                    continue;
                }
                if (length == 0) continue;

                ref var s = ref send[replies].Header;
                sendIov[replies].Base = sendData + replies * SendSlot;
                sendIov[replies].Length = (nuint)length;
                s.Name = h.Name;
                s.NameLength = h.NameLength;
                s.Iov = sendIov + replies;
                s.IovLength = 1;
                s.Flags = 0;
                var control = sendControl + replies * ControlSlot;
                var controlLength = ReplySource((byte*)h.Control, (int)h.ControlLength, control);
                s.Control = controlLength > 0 ? control : null;
                s.ControlLength = (nuint)controlLength;
                replies++;
            }

            var sent = 0;
            while (sent < replies)
            {
                var n = LinuxUdp.sendmmsg(fd, send + sent, (uint)(replies - sent), 0);
                if (n > 0)
                {
                    sent += n;
                    continue;
                }
                if (Marshal.GetLastPInvokeError() == LinuxUdp.Eintr) continue;
                // This datagram cannot be sent (client gone, buffer full): UDP gives no guarantee, drop it.
                sent++;
            }
            if (replies > 0) answered(replies);
        }
    }

    /// <summary>
    /// Turns the received packet-info control message into the one that makes the reply leave from the address the
    /// query was sent to. Returns the control length written, 0 when the query carried none.
    /// </summary>
    private static int ReplySource(byte* received, int receivedLength, byte* control)
    {
        var at = 0;
        while (at + sizeof(LinuxUdp.CMsgHdr) <= receivedLength)
        {
            var c = (LinuxUdp.CMsgHdr*)(received + at);
            if (c->Length < (nuint)sizeof(LinuxUdp.CMsgHdr)) return 0;
            var data = (byte*)(c + 1);
            var reply = (LinuxUdp.CMsgHdr*)control;
            var replyData = (byte*)(reply + 1);
            if (c->Level == LinuxUdp.IpProtoIp && c->Type == LinuxUdp.IpPktInfo)
            {
                // struct in_pktinfo { int ipi_ifindex; in_addr ipi_spec_dst; in_addr ipi_addr; }: send from ipi_addr.
                reply->Level = LinuxUdp.IpProtoIp;
                reply->Type = LinuxUdp.IpPktInfo;
                reply->Length = (nuint)LinuxUdp.CmsgLength(12);
                *(int*)replyData = 0;
                *(uint*)(replyData + 4) = *(uint*)(data + 8);
                *(uint*)(replyData + 8) = 0;
                return LinuxUdp.CmsgSpace(12);
            }
            if (c->Level == LinuxUdp.IpProtoIpv6 && c->Type == LinuxUdp.Ipv6PktInfo)
            {
                // struct in6_pktinfo { in6_addr ipi6_addr; int ipi6_ifindex; }: the same address and interface.
                reply->Level = LinuxUdp.IpProtoIpv6;
                reply->Type = LinuxUdp.Ipv6PktInfo;
                reply->Length = (nuint)LinuxUdp.CmsgLength(20);
                Buffer.MemoryCopy(data, replyData, 20, 20);
                return LinuxUdp.CmsgSpace(20);
            }
            at += LinuxUdp.Align((int)c->Length);
        }
        return 0;
    }
}
