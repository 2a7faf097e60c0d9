using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Vantage.EdgeDns.Defense;
using Vantage.EdgeDns.Query;
using Vantage.EdgeDns.Wire;

namespace Vantage.EdgeDns.Server;

/// <summary>
/// DNS over TCP (RFC 7766): 2-byte length framing that may be split across segments, pipelined queries answered in
/// order, and the defences of §6.2.3 against clients that hold connections open: the idle timeout counts from the
/// last complete query (not the last byte), a query must arrive whole within a short I/O timeout, and when the
/// connection table is nearly full the connections idle longest are closed to make room. A new connection is
/// refused only when every slot is in the middle of a query. Accept errors back off. Buffers come from the pool.
/// </summary>
public sealed class TcpServer : IDisposable
{
    private const int FrameBuffer = 2 + DnsLimits.MaxTcpMessage;
    /// <summary>Responses are batched up to this many bytes before a send (pipelined queries).</summary>
    private const int SendBatch = 16 * 1024;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(1);

    private readonly QueryProcessor processor;
    private readonly ILogger logger;
    private readonly TimeSpan idleTimeout;
    private readonly TimeSpan queryTimeout;
    private readonly int maxConnections;
    /// <summary>From this many open connections on, each accept first closes the connection idle longest.</summary>
    private readonly int evictAt;
    private readonly TimeProvider time;
    private readonly DefenseCounters counters;
    private readonly CancellationTokenSource stop = new();
    private readonly Lock gate = new();
    private readonly List<Connection> open = [];
    private Socket? listener;
    private Task? acceptLoop;
    private long answered;
    private int stopped;

    /// <summary>One open connection as the table sees it.</summary>
    private sealed class Connection(Socket socket, CancellationTokenSource cancel, long openedAt)
    {
        public Socket Socket { get; } = socket;
        public CancellationTokenSource Cancel { get; } = cancel;
        /// <summary>When the last complete query arrived (or the connection opened).</summary>
        public long LastQueryAt = openedAt;
        /// <summary>Part of a query has arrived and the rest has not.</summary>
        public volatile bool MidQuery;
        /// <summary>When the first byte of the query in progress arrived.</summary>
        public long QueryStartedAt;
    }

    public TcpServer(QueryProcessor processor, ILogger logger, TcpServerSettings settings, TimeProvider? time = null, DefenseCounters? counters = null)
    {
        this.processor = processor;
        this.logger = logger;
        idleTimeout = settings.IdleTimeout;
        queryTimeout = settings.QueryTimeout;
        maxConnections = settings.MaxConnections;
        evictAt = Math.Max(1, maxConnections - Math.Max(1, maxConnections / 16));
        this.time = time ?? TimeProvider.System;
        this.counters = counters ?? processor.Policy.Counters;
    }

    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>Open connections with part of a query received.</summary>
    public int ConnectionsMidQuery
    {
        get
        {
            lock (gate) return open.Count(c => c.MidQuery);
        }
    }

    /// <summary>Connections currently open.</summary>
    public int ActiveConnections
    {
        get
        {
            lock (gate) return open.Count;
        }
    }

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
        var backoff = TimeSpan.Zero;
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener!.AcceptAsync(stop.Token).ConfigureAwait(false);
                backoff = TimeSpan.Zero;
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
                // Out of file descriptors or memory: wait instead of spinning; log once per streak, count each.
                counters.AcceptFailed();
                if (backoff == TimeSpan.Zero) ServerLog.AcceptFailed(logger, e);
                backoff = backoff == TimeSpan.Zero ? FirstBackoff : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                try
                {
                    await Task.Delay(backoff, time, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                continue;
            }

            var connection = Admit(client);
            if (connection is null)
            {
                counters.Rejected();
                client.Dispose();
                continue;
            }
            _ = Task.Run(() => Serve(connection));
        }
    }

    /// <summary>Takes a slot for a new connection, closing the connection idle longest when the table is nearly full.</summary>
    private Connection? Admit(Socket client)
    {
        lock (gate)
        {
            if (open.Count >= evictAt)
            {
                // The connection idle longest goes first; failing that, one whose query has been trickling in for a
                // quarter of the query timeout (a real client sends a query whole in milliseconds).
                Connection? oldest = null;
                Connection? slowest = null;
                foreach (var c in open)
                {
                    if (!c.MidQuery)
                    {
                        if (oldest is null || c.LastQueryAt < oldest.LastQueryAt) oldest = c;
                    }
                    else if (time.GetElapsedTime(c.QueryStartedAt) >= queryTimeout / 4 && (slowest is null || c.QueryStartedAt < slowest.QueryStartedAt))
                    {
                        slowest = c;
                    }
                }
                oldest ??= slowest;
                if (oldest is not null)
                {
                    open.Remove(oldest);
                    counters.Evicted();
                    oldest.Cancel.Cancel();
                }
            }
            if (open.Count >= maxConnections) return null;
            var connection = new Connection(client, new CancellationTokenSource(Timeout.InfiniteTimeSpan, time), time.GetTimestamp());
            open.Add(connection);
            return connection;
        }
    }

    private async Task Serve(Connection connection)
    {
        var client = connection.Socket;
        var cancel = connection.Cancel;
        var input = ArrayPool<byte>.Shared.Rent(FrameBuffer);
        var output = ArrayPool<byte>.Shared.Rent(SendBatch + FrameBuffer);
        var onStop = stop.Token.Register(static c => ((CancellationTokenSource)c!).Cancel(), cancel);
        Exception? failure = null;
        EndPoint? remote = null;
        try
        {
            client.NoDelay = true;
            remote = client.RemoteEndPoint;
            var peer = (remote as IPEndPoint)?.Address.GetAddressBytes() ?? [];
            var filled = 0;
            long queryStartedAt = 0;
            while (true)
            {
                // Between queries the idle timeout runs from the last complete query; inside one, the query timeout
                // runs from its first byte. Neither is extended by bytes trickling in.
                var remaining = filled == 0
                    ? idleTimeout - time.GetElapsedTime(connection.LastQueryAt)
                    : queryTimeout - time.GetElapsedTime(queryStartedAt);
                if (remaining <= TimeSpan.Zero)
                {
                    counters.TimedOut();
                    return;
                }
                cancel.CancelAfter(remaining);
                var read = await client.ReceiveAsync(input.AsMemory(filled, FrameBuffer - filled), SocketFlags.None, cancel.Token).ConfigureAwait(false);
                if (read == 0) return;
                if (filled == 0) connection.QueryStartedAt = queryStartedAt = time.GetTimestamp();
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
                        await SendAll(client, output.AsMemory(0, pending), cancel.Token).ConfigureAwait(false);
                        pending = 0;
                    }
                }
                if (consumed > 0)
                {
                    connection.LastQueryAt = time.GetTimestamp();
                    // The rest (a partial frame) starts the next query's clock now.
                    connection.QueryStartedAt = queryStartedAt = connection.LastQueryAt;
                    // Re-arm before answering, so the clock of the next phase runs from this query even while the
                    // client already reacts to the answer.
                    cancel.CancelAfter(filled - consumed == 0 ? idleTimeout : queryTimeout);
                }
                if (pending > 0) await SendAll(client, output.AsMemory(0, pending), cancel.Token).ConfigureAwait(false);

                // Keep a partial frame at the front of the buffer.
                if (consumed > 0)
                {
                    input.AsSpan(consumed, filled - consumed).CopyTo(input);
                    filled -= consumed;
                }
                connection.MidQuery = filled > 0;
            }
        }
        catch (OperationCanceledException)
        {
            // Idle or query timeout, eviction or shutdown.
            if (!stop.IsCancellationRequested && connection.Cancel.IsCancellationRequested) CountTimeout(connection);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            failure = e;
        }
        finally
        {
            ServerLog.TcpConnectionEnded(logger, failure, remote);
            await onStop.DisposeAsync().ConfigureAwait(false);
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
            lock (gate) open.Remove(connection);
            cancel.Dispose();
        }
    }

    /// <summary>A cancelled connection still in the table was not evicted: its timer fired.</summary>
    private void CountTimeout(Connection connection)
    {
        lock (gate)
        {
            if (open.Contains(connection)) counters.TimedOut();
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

/// <summary>Limits of the TCP listener (from <see cref="EdgeOptions"/>).</summary>
public readonly record struct TcpServerSettings(TimeSpan IdleTimeout, TimeSpan QueryTimeout, int MaxConnections);
