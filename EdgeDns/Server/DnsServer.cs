using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vantage.EdgeDns.Query;

namespace Vantage.EdgeDns.Server;

/// <summary>Runs the UDP and TCP listeners on one address and port. Needs no cluster: it serves whatever the catalog holds.</summary>
public sealed class DnsServer : IHostedService, IAsyncDisposable
{
    private const int PortAttempts = 20;

    private readonly EdgeOptions options;
    private readonly QueryProcessor processor;
    private readonly ILogger<DnsServer> logger;
    private UdpServer? udp;
    private TcpServer? tcp;
    private int stopped;

    private readonly TimeProvider time;

    public DnsServer(IOptions<EdgeOptions> options, QueryProcessor processor, ILogger<DnsServer> logger, TimeProvider? time = null)
    {
        this.options = options.Value;
        this.processor = processor;
        this.logger = logger;
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>The bound UDP endpoint (the TCP listener uses the same address and port).</summary>
    public IPEndPoint? EndPoint { get; private set; }

    public int TcpConnections => tcp?.ActiveConnections ?? 0;

    /// <summary>True when the UDP workers use recvmmsg/sendmmsg.</summary>
    public bool UdpBatched => udp?.Batched ?? false;

    /// <summary>TCP connections with part of a query received and the rest still to come.</summary>
    public int TcpConnectionsMidQuery => tcp?.ConnectionsMidQuery ?? 0;

    /// <summary>Rate limiting, cookie and TCP defence counters.</summary>
    public Defense.DefenseCounters Counters => processor.Policy.Counters;

    /// <summary>Queries answered over UDP and TCP since start.</summary>
    public long QueriesAnswered => (udp?.QueriesAnswered ?? 0) + (tcp?.QueriesAnswered ?? 0);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var address = IPAddress.Parse(options.Address);
        var workers = options.EffectiveWorkers;
        for (var attempt = 0; ; attempt++)
        {
            var u = new UdpServer(processor, logger, new UdpServerSettings(options.UdpBatching, options.PinWorkers));
            var t = new TcpServer(processor, logger, new TcpServerSettings(options.TcpIdleTimeout, options.TcpQueryTimeout, options.MaxTcpConnections), time);
            try
            {
                var bound = u.Bind(new IPEndPoint(address, options.Port), workers);
                t.Bind(bound);
                udp = u;
                tcp = t;
                EndPoint = bound;
                break;
            }
            catch (SocketException) when (options.Port == 0 && attempt < PortAttempts)
            {
                // The free UDP port was taken for TCP: try another.
                u.Dispose();
                t.Dispose();
            }
        }

        udp.Start();
        tcp.Start();
        ServerLog.Listening(logger, EndPoint, workers, udp.Batched);
        return Task.CompletedTask;
    }

    /// <summary>Stops both listeners; the host calls it and then disposes, so a second call does nothing.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1) return;
        udp?.Stop();
        if (tcp is not null) await tcp.StopAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        tcp?.Dispose();
    }
}
