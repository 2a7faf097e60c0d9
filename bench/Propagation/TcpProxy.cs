using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Vantage.Bench.Propagation;

/// <summary>
/// A loopback TCP forwarder in front of the silo gateway that can simulate a network partition for some clients only:
/// <see cref="Cut"/> resets every proxied connection that <c>isPartitioned</c> selects and from then on accepts such
/// connections and drops them at once; other clients (the API) keep going through. <see cref="Heal"/> forwards again.
/// Records when the first partitioned connection after a heal reached the target.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly Func<IPEndPoint, bool> _isPartitioned;
    private readonly ConcurrentDictionary<int, (Socket Client, Socket Upstream, IPEndPoint From, bool Partitioned)> _pairs = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private int _nextPair;
    private volatile bool _cut;
    private long _firstForwardAfterHeal;

    /// <param name="isPartitioned">Given a client's endpoint, whether the partition applies to that connection.</param>
    public TcpProxy(IPEndPoint listen, IPEndPoint target, Func<IPEndPoint, bool> isPartitioned)
    {
        _target = target;
        _isPartitioned = isPartitioned;
        _listener = new TcpListener(listen);
        _listener.Start();
        _acceptLoop = AcceptLoop();
    }

    public IPEndPoint LocalEndpoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Partitioned connections accepted (and dropped) while cut.</summary>
    public int RefusedWhileCut { get; private set; }

    /// <summary>Partitioned connections forwarded so far.</summary>
    public int Forwarded { get; private set; }

    /// <summary>Connections of other clients forwarded so far.</summary>
    public int ForwardedOthers { get; private set; }

    /// <summary>Partitioned connections reset by <see cref="Cut"/>.</summary>
    public int ResetByCut { get; private set; }

    /// <summary><see cref="Stopwatch"/> timestamp of the first connection forwarded after the last heal, or 0.</summary>
    public long FirstForwardAfterHeal => Interlocked.Read(ref _firstForwardAfterHeal);

    public void Cut()
    {
        _cut = true;
        foreach (var (id, pair) in _pairs)
        {
            // Decided again now: the selector may not have known the client when it connected.
            if (!(pair.Partitioned || _isPartitioned(pair.From)) || !_pairs.TryRemove(id, out _)) continue;
            ResetByCut++;
            Reset(pair.Client, pair.Upstream);
        }
    }

    public void Heal()
    {
        Interlocked.Exchange(ref _firstForwardAfterHeal, 0);
        _cut = false;
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            var from = (IPEndPoint)client.RemoteEndPoint!;
            var partitioned = _isPartitioned(from);
            if (_cut && partitioned)
            {
                RefusedWhileCut++;
                Reset(client, client);
                continue;
            }
            _ = Forward(client, from, partitioned);
        }
    }

    private async Task Forward(Socket client, IPEndPoint from, bool partitioned)
    {
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        try
        {
            await upstream.ConnectAsync(_target, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            Reset(client, upstream);
            return;
        }
        if (_cut && partitioned)
        {
            Reset(client, upstream);
            return;
        }
        if (partitioned)
        {
            Forwarded++;
            Interlocked.CompareExchange(ref _firstForwardAfterHeal, Stopwatch.GetTimestamp(), 0);
        }
        else
        {
            ForwardedOthers++;
        }
        var id = Interlocked.Increment(ref _nextPair);
        _pairs[id] = (client, upstream, from, partitioned);
        await Task.WhenAny(Pump(client, upstream), Pump(upstream, client)).ConfigureAwait(false);
        if (_pairs.TryRemove(id, out var pair)) Reset(pair.Client, pair.Upstream);
    }

    private async Task Pump(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                if (read == 0) return;
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Either side went away (or we reset it): the pair is torn down by the caller.
        }
    }

    /// <summary>Closes both sockets with RST (linger 0), like a broken path rather than a polite shutdown.</summary>
    private static void Reset(Socket client, Socket upstream)
    {
        foreach (var socket in new[] { client, upstream }.Distinct())
        {
            try
            {
                socket.LingerState = new LingerOption(enable: true, seconds: 0);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Already closed.
            }
            socket.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _acceptLoop.ConfigureAwait(false);
        foreach (var (_, pair) in _pairs) Reset(pair.Client, pair.Upstream);
        _stop.Dispose();
    }
}
