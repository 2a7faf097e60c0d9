using System.Diagnostics.Metrics;
using Vantage.EdgeDns.Reporting;

namespace Vantage.EdgeDns.Defense;

/// <summary>
/// How often the edge defended itself: responses cut or slipped by rate limiting, BADCOOKIE replies, TCP
/// connections refused or closed early. Plain counters (one increment per event, never a log line each),
/// published on the edge's meter (<see cref="EdgeMetrics.MeterName"/>).
/// </summary>
public sealed class DefenseCounters : IDisposable
{
    private readonly Meter meter;
    private long rrlDropped;
    private long rrlSlipped;
    private long badCookies;
    private long tcpRejected;
    private long tcpEvicted;
    private long tcpTimedOut;
    private long acceptErrors;

    public DefenseCounters(IMeterFactory? meterFactory = null)
    {
        meter = meterFactory?.Create(EdgeMetrics.MeterName) ?? new Meter(EdgeMetrics.MeterName);
        meter.CreateObservableCounter("vantage.edge.rrl.dropped", () => RateLimitedDrops, "{response}", "UDP responses not sent by response rate limiting");
        meter.CreateObservableCounter("vantage.edge.rrl.slipped", () => RateLimitedSlips, "{response}", "Rate-limited UDP queries answered with TC=1 or BADCOOKIE");
        meter.CreateObservableCounter("vantage.edge.cookies.bad", () => BadCookies, "{response}", "BADCOOKIE responses");
        meter.CreateObservableCounter("vantage.edge.tcp.rejected", () => TcpRejected, "{connection}", "TCP connections closed at accept: the table was full of busy connections");
        meter.CreateObservableCounter("vantage.edge.tcp.evicted", () => TcpEvicted, "{connection}", "Idle TCP connections closed to make room for new ones");
        meter.CreateObservableCounter("vantage.edge.tcp.timed_out", () => TcpTimedOut, "{connection}", "TCP connections closed by the idle or I/O timeout");
        meter.CreateObservableCounter("vantage.edge.tcp.accept_errors", () => AcceptErrors, "{error}", "Failed TCP accepts (the listener backs off)");
    }

    public long RateLimitedDrops => Interlocked.Read(ref rrlDropped);
    public long RateLimitedSlips => Interlocked.Read(ref rrlSlipped);
    public long BadCookies => Interlocked.Read(ref badCookies);
    public long TcpRejected => Interlocked.Read(ref tcpRejected);
    public long TcpEvicted => Interlocked.Read(ref tcpEvicted);
    public long TcpTimedOut => Interlocked.Read(ref tcpTimedOut);
    public long AcceptErrors => Interlocked.Read(ref acceptErrors);

    internal void RateLimitDropped() => Interlocked.Increment(ref rrlDropped);
    internal void RateLimitSlipped() => Interlocked.Increment(ref rrlSlipped);
    internal void BadCookie() => Interlocked.Increment(ref badCookies);
    internal void Rejected() => Interlocked.Increment(ref tcpRejected);
    internal void Evicted() => Interlocked.Increment(ref tcpEvicted);
    internal void TimedOut() => Interlocked.Increment(ref tcpTimedOut);
    internal void AcceptFailed() => Interlocked.Increment(ref acceptErrors);

    public void Dispose() => meter.Dispose();
}
