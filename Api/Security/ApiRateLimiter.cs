using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Vantage.Api.Hosting;

namespace Vantage.Api.Security;

/// <summary>What the limiter decided for one request, with the figures for the <c>X-RateLimit-*</c> headers.</summary>
public readonly record struct RateDecision(bool Allowed, int Limit, int Remaining, int PeriodSeconds, TimeSpan RetryAfter);

/// <summary>
/// NS1-style token buckets, one per API key and HTTP method: a bucket holds up to <c>Limit</c> tokens, each
/// request takes one, and tokens come back evenly at <c>Limit / Period</c> per second. Time is injected.
/// </summary>
public sealed class ApiRateLimiter(IOptions<ApiOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Key, string Method), Bucket> _buckets = new();

    public RateDecision TryTake(string key, string method)
    {
        var rule = options.Value.RateLimits.For(method);
        var bucket = _buckets.GetOrAdd((key, method), _ => new Bucket(rule.Limit, time.GetTimestamp()));
        return bucket.TryTake(rule, time);
    }

    private sealed class Bucket(double tokens, long lastRefill)
    {
        private readonly Lock _gate = new();
        private double _tokens = tokens;
        private long _lastRefill = lastRefill;

        public RateDecision TryTake(RateLimitRule rule, TimeProvider time)
        {
            var perSecond = (double)rule.Limit / rule.PeriodSeconds;
            lock (_gate)
            {
                var now = time.GetTimestamp();
                var elapsed = time.GetElapsedTime(_lastRefill, now).TotalSeconds;
                _tokens = Math.Min(rule.Limit, _tokens + elapsed * perSecond);
                _lastRefill = now;

                if (_tokens >= 1)
                {
                    _tokens -= 1;
                    return new RateDecision(true, rule.Limit, (int)Math.Floor(_tokens), rule.PeriodSeconds, TimeSpan.Zero);
                }
                var wait = TimeSpan.FromSeconds((1 - _tokens) / perSecond);
                return new RateDecision(false, rule.Limit, 0, rule.PeriodSeconds, wait);
            }
        }
    }
}
