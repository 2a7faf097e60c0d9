using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Vantage.Bench.Propagation;

/// <summary>
/// A loopback TCP forwarder between an edge and the silo gateway that can simulate a network partition:
/// <see cref="Cut"/> resets every proxied connection and from then on accepts new ones and drops them at once;
/// <see cref="Heal"/> forwards again. Records when the first connection after a heal reached the target.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly ConcurrentDictionary<int, (Socket Client, Socket Upstream)> _pairs = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private int _nextPair;
    private volatile bool _cut;
    private long _firstForwardAfterHeal;

    public TcpProxy(IPEndPoint listen, IPEndPoint target)
    {
        _target = target;
        _listener = new TcpListener(listen);
        _listener.Start();
        _acceptLoop = AcceptLoop();
    }

    public IPEndPoint LocalEndpoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Connections accepted (and dropped) while cut.</summary>
    public int RefusedWhileCut { get; private set; }

    public int Forwarded { get; private set; }

    /// <summary><see cref="Stopwatch"/> timestamp of the first connection forwarded after the last heal, or 0.</summary>
    public long FirstForwardAfterHeal => Interlocked.Read(ref _firstForwardAfterHeal);

    public void Cut()
    {
        _cut = true;
        foreach (var (id, pair) in _pairs)
        {
            if (_pairs.TryRemove(id, out _)) Reset(pair);
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
            if (_cut)
            {
                RefusedWhileCut++;
                Reset((client, client));
                continue;
            }
            _ = Forward(client);
        }
    }

    private async Task Forward(Socket client)
    {
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        try
        {
            await upstream.ConnectAsync(_target, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            Reset((client, upstream));
            return;
        }
        if (_cut)
        {
            Reset((client, upstream));
            return;
        }
        Forwarded++;
        Interlocked.CompareExchange(ref _firstForwardAfterHeal, Stopwatch.GetTimestamp(), 0);
        var id = Interlocked.Increment(ref _nextPair);
        _pairs[id] = (client, upstream);
        await Task.WhenAny(Pump(client, upstream), Pump(upstream, client)).ConfigureAwait(false);
        if (_pairs.TryRemove(id, out var pair)) Reset(pair);
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
    private static void Reset((Socket Client, Socket Upstream) pair)
    {
        foreach (var socket in new[] { pair.Client, pair.Upstream }.Distinct())
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
        foreach (var (_, pair) in _pairs) Reset(pair);
        _stop.Dispose();
    }
}
