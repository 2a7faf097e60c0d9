using System.Text;
using Microsoft.Extensions.Options;

namespace Vantage.EdgeDns.Defense;

/// <summary>
/// Everything the query path needs beyond the zones, fixed at start-up: the NSID, the cookie secret and the
/// response rate limiter (null when <c>Vantage:Edge:RateLimit:ResponsesPerSecond</c> is 0).
/// </summary>
public sealed class QueryPolicy
{
    /// <summary>Longest NSID accepted (it is sent in every response that asks for it).</summary>
    public const int MaxNsidLength = 128;

    public QueryPolicy(IOptions<EdgeOptions> options, TimeProvider time, DefenseCounters counters)
    {
        var o = options.Value;
        Nsid = string.IsNullOrEmpty(o.Nsid) ? [] : Encoding.UTF8.GetBytes(o.Nsid);
        Cookies = new DnsCookies(DnsCookies.ParseSecret(o.Cookies.Secret), time);
        Counters = counters;
        var rps = o.RateLimit.ResponsesPerSecond ?? 0;
        Limiter = rps > 0 ? new ResponseRateLimiter(rps, o.RateLimit.Slip, o.RateLimit.TableSize, time, counters) : null;
    }

    /// <summary>No NSID, no rate limiting, a random cookie secret.</summary>
    public static QueryPolicy Default() => new(Options.Create(new EdgeOptions()), TimeProvider.System, new DefenseCounters());

    /// <summary>The NSID (RFC 5001) and the <c>id.server</c>/<c>hostname.bind</c> CH TXT answer; empty: off.</summary>
    public byte[] Nsid { get; }

    public DnsCookies Cookies { get; }

    public ResponseRateLimiter? Limiter { get; }

    public DefenseCounters Counters { get; }
}
