using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Vantage.EdgeDns.Query;
using Vantage.EdgeDns.Wire;

namespace Vantage.EdgeDns.Server;

/// <summary>
/// DNS over TCP (RFC 7766): 2-byte length framing that may be split across segments, pipelined queries answered in
/// order, an idle timeout and a cap on concurrent connections. Buffers are rented from the shared pool.
/// </summary>
public sealed class TcpServer : IDisposable
{
    private const int FrameBuffer = 2 + DnsLimits.MaxTcpMessage;
    /// <summary>Responses are batched up to this many bytes before a send (pipelined queries).</summary>
    private const int SendBatch = 16 * 1024;

    private readonly QueryProcessor processor;
    private readonly ILogger logger;
    private readonly TimeSpan idleTimeout;
    private readonly int maxConnections;
    private readonly CancellationTokenSource stop = new();
    private Socket? listener;
    private Task? acceptLoop;
    private int active;
    private long answered;
    private int stopped;

    public TcpServer(QueryProcessor processor, ILogger logger, TimeSpan idleTimeout, int maxConnections)
    {
        this.processor = processor;
        this.logger = logger;
        this.idleTimeout = idleTimeout;
        this.maxConnections = maxConnections;
    }

    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>Connections currently open.</summary>
    public int ActiveConnections => Volatile.Read(ref active);

    public IPEndPoint Bind(IPEndPoint endpoint)
    {
        var s = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            s.NoDelay = true;
            s.Bind(endpoint);
            s.Listen(1024);
        }
        catch
        {
            s.Dispose();
            throw;
        }
        listener = s;
        LocalEndPoint = (IPEndPoint)s.LocalEndPoint!;
        return LocalEndPoint;
    }

    public void Start() => acceptLoop = Task.Run(AcceptLoop);

    /// <summary>Stops accepting and ends every open connection. Safe to call more than once.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1) return;
        await stop.CancelAsync().ConfigureAwait(false);
        listener?.Dispose();
        if (acceptLoop is not null) await acceptLoop.ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1) return;
        stop.Cancel();
        listener?.Dispose();
    }

    private async Task AcceptLoop()
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener!.AcceptAsync(stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                if (stop.IsCancellationRequested) return;
                ServerLog.AcceptFailed(logger, e);
                continue;
            }

            if (Interlocked.Increment(ref active) > maxConnections)
            {
                Interlocked.Decrement(ref active);
                ServerLog.TcpLimitReached(logger, maxConnections, client.RemoteEndPoint);
                client.Dispose();
                continue;
            }
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(Socket client)
    {
        var input = ArrayPool<byte>.Shared.Rent(FrameBuffer);
        var output = ArrayPool<byte>.Shared.Rent(SendBatch + FrameBuffer);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        Exception? failure = null;
        EndPoint? remote = null;
        try
        {
            client.NoDelay = true;
            remote = client.RemoteEndPoint;
            var peer = (remote as IPEndPoint)?.Address.GetAddressBytes() ?? [];
            var filled = 0;
            while (true)
            {
                idle.CancelAfter(idleTimeout);
                var read = await client.ReceiveAsync(input.AsMemory(filled, FrameBuffer - filled), SocketFlags.None, idle.Token).ConfigureAwait(false);
                if (read == 0) return;
                filled += read;

                var consumed = 0;
                var pending = 0;
                while (filled - consumed >= 2)
                {
                    var length = BinaryPrimitives.ReadUInt16BigEndian(input.AsSpan(consumed));
                    if (filled - consumed - 2 < length) break;
                    var answer = processor.Process(input.AsSpan(consumed + 2, length), output.AsSpan(pending + 2, DnsLimits.MaxTcpMessage), DnsTransport.Tcp, peer);
                    consumed += 2 + length;
                    if (answer == 0) continue;
                    Interlocked.Increment(ref answered);
                    BinaryPrimitives.WriteUInt16BigEndian(output.AsSpan(pending), (ushort)answer);
                    pending += 2 + answer;
                    if (pending >= SendBatch)
                    {
                        await SendAll(client, output.AsMemory(0, pending), idle.Token).ConfigureAwait(false);
                        pending = 0;
                    }
                }
                if (pending > 0) await SendAll(client, output.AsMemory(0, pending), idle.Token).ConfigureAwait(false);

                // Keep a partial frame at the front of the buffer.
                if (consumed > 0)
                {
                    input.AsSpan(consumed, filled - consumed).CopyTo(input);
                    filled -= consumed;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Idle timeout or shutdown.
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            failure = e;
        }
        finally
        {
            ServerLog.TcpConnectionEnded(logger, failure, remote);
            try
            {
                client.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
            }
            client.Dispose();
            ArrayPool<byte>.Shared.Return(input);
            ArrayPool<byte>.Shared.Return(output);
            Interlocked.Decrement(ref active);
        }
    }

    /// <summary>Queries answered over TCP since start.</summary>
    public long QueriesAnswered => Interlocked.Read(ref answered);

    private static async Task SendAll(Socket client, ReadOnlyMemory<byte> data, CancellationToken token)
    {
        while (!data.IsEmpty)
        {
            var sent = await client.SendAsync(data, SocketFlags.None, token).ConfigureAwait(false);
            data = data[sent..];
        }
    }
}
