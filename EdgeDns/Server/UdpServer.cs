using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Vantage.EdgeDns.Query;
using Vantage.EdgeDns.Wire;

namespace Vantage.EdgeDns.Server;

/// <summary>
/// UDP listener: one socket and one dedicated thread per worker, all bound to the same address with SO_REUSEPORT
/// so the kernel spreads clients across them. On 64-bit Linux each worker is pinned to a core (its socket marked
/// with SO_INCOMING_CPU for that core) and moves datagrams in batches with recvmmsg/sendmmsg
/// (<see cref="UdpBatchLoop"/>); elsewhere each loop does blocking receive → process → send with a reused
/// <see cref="SocketAddress"/>. Either way each loop owns its buffers and steady-state serving allocates nothing.
/// </summary>
public sealed class UdpServer : IDisposable
{
    private const int SolSocket = 1;
    private const int SoReusePort = 15;
    private const int ReceiveBufferSize = 65536;
    private const int SocketBufferBytes = 4 * 1024 * 1024;
    private const int CounterStride = 8;

    private readonly QueryProcessor processor;
    private readonly ILogger logger;
    private readonly UdpServerSettings settings;
    private readonly List<Socket> sockets = [];
    private readonly List<Thread> threads = [];
    /// <summary>Per-worker answer counts, one cache line apart; each written only by its worker's thread.</summary>
    private long[] answered = [];
    private volatile bool stopping;

    public UdpServer(QueryProcessor processor, ILogger logger, UdpServerSettings settings = default)
    {
        this.processor = processor;
        this.logger = logger;
        this.settings = settings;
    }

    /// <summary>True when the workers use recvmmsg/sendmmsg.</summary>
    public bool Batched => settings.Batched && LinuxUdp.Available;

    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>Binds <paramref name="workers"/> sockets to <paramref name="endpoint"/> (port 0: a free port, shared by all).</summary>
    public IPEndPoint Bind(IPEndPoint endpoint, int workers)
    {
        var first = CreateSocket(endpoint.AddressFamily, reusePort: workers > 1);
        first.Bind(endpoint);
        sockets.Add(first);
        var bound = (IPEndPoint)first.LocalEndPoint!;
        for (var i = 1; i < workers; i++)
        {
            try
            {
                var s = CreateSocket(endpoint.AddressFamily, reusePort: true);
                s.Bind(bound);
                sockets.Add(s);
            }
            catch (SocketException e)
            {
                ServerLog.NoReusePort(logger, e);
                break;
            }
        }
        LocalEndPoint = bound;
        return bound;
    }

    /// <summary>Queries answered since start (approximate while workers run).</summary>
    public long QueriesAnswered
    {
        get
        {
            long total = 0;
            for (var i = 0; i < answered.Length; i += CounterStride) total += Volatile.Read(ref answered[i]);
            return total;
        }
    }

    public void Start()
    {
        answered = new long[sockets.Count * CounterStride];
        for (var i = 0; i < sockets.Count; i++)
        {
            var socket = sockets[i];
            var worker = i;
            var thread = new Thread(() => Serve(socket, worker)) { IsBackground = true, Name = "dns-udp-" + i };
            threads.Add(thread);
            thread.Start();
        }
    }

    public void Stop()
    {
        stopping = true;
        foreach (var s in sockets)
        {
            try
            {
                // Wakes a worker blocked in recvmmsg (Linux wakes receivers even though UDP answers ENOTCONN).
                s.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
            s.Dispose();
        }
        foreach (var t in threads) t.Join(TimeSpan.FromSeconds(5));
    }

    public void Dispose() => Stop();

    private static Socket CreateSocket(AddressFamily family, bool reusePort)
    {
        var s = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            s.ReceiveBufferSize = SocketBufferBytes;
            s.SendBufferSize = SocketBufferBytes;
        }
        catch (SocketException)
        {
            // Best effort: the kernel caps these anyway.
        }
        if (reusePort && OperatingSystem.IsLinux()) s.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
        return s;
    }

    private void Serve(Socket socket, int worker)
    {
        if (!Batched)
        {
            Run(socket, worker);
            return;
        }
        if (settings.PinWorkers)
        {
            var cpu = worker % Environment.ProcessorCount;
            LinuxUdp.PinCurrentThread(cpu);
            LinuxUdp.SetInt((int)socket.Handle, LinuxUdp.SolSocket, LinuxUdp.SoIncomingCpu, cpu);
        }
        var handle = socket.SafeHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            UdpBatchLoop.EnablePacketInfo(socket);
            using var loop = new UdpBatchLoop();
            var slot = worker * CounterStride;
            loop.Run((int)handle.DangerousGetHandle(), processor, logger, worker, () => stopping,
                n => Volatile.Write(ref answered[slot], answered[slot] + n));
        }
        catch (ObjectDisposedException)
        {
            // Stopped before the loop began.
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    private void Run(Socket socket, int worker)
    {
        var receive = GC.AllocateUninitializedArray<byte>(ReceiveBufferSize, pinned: true);
        var send = GC.AllocateUninitializedArray<byte>(DnsLimits.EdnsUdpSize, pinned: true);
        var address = new SocketAddress(socket.AddressFamily);
        while (!stopping)
        {
            int received;
            try
            {
                received = socket.ReceiveFrom(receive, SocketFlags.None, address);
            }
            catch (SocketException e)
            {
                if (stopping) return;
                if (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize) continue;
                ServerLog.UdpReceiveFailed(logger, e, worker);
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            int length;
            try
            {
                length = processor.Process(receive.AsSpan(0, received), send, DnsTransport.Udp, ClientAddresses.Of(address));
            }
            catch (Exception e)
            {
                ServerLog.ProcessingFailed(logger, e);
                continue;
            }
            if (length == 0) continue;
            Volatile.Write(ref answered[worker * CounterStride], answered[worker * CounterStride] + 1);

            try
            {
                socket.SendTo(send.AsSpan(0, length), SocketFlags.None, address);
            }
            catch (SocketException)
            {
                // The client went away or the send buffer is full: UDP gives no guarantee, drop the answer.
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }
}

/// <summary>How the UDP workers move datagrams (from <see cref="EdgeOptions"/>).</summary>
public readonly record struct UdpServerSettings(bool Batched, bool PinWorkers);
