namespace Vantage.EdgeDns.Defense;

/// <summary>What the rate limiter decided for one UDP response.</summary>
public enum RateDecision
{
    Answer,
    /// <summary>Over the limit: send nothing.</summary>
    Drop,
    /// <summary>Over the limit, but this one slips through as an empty TC=1 reply (or BADCOOKIE) so a real resolver retries over TCP.</summary>
    Slip,
}

/// <summary>
/// Response rate limiting in the manner of BIND's and NSD's RRL: a token bucket of <c>ResponsesPerSecond</c>
/// (burst of one second's worth) per key, where a key hashes the client's network (/24 IPv4, /56 IPv6) with the
/// answer (name, type, rcode). The table has a fixed number of slots, two per hash; a new key takes the slot
/// with more credit left, so millions of spoofed sources cannot grow memory, they only churn each other out.
/// </summary>
public sealed class ResponseRateLimiter
{
    private const int Stripes = 256;

    private struct Bucket
    {
        public ulong Key;
        public long LastMs;
        /// <summary>Thousandths of a response.</summary>
        public long Credit;
        public int Limited;
    }

    private readonly Bucket[] buckets;
    private readonly Lock[] locks;
    private readonly int mask;
    private readonly long rate;
    private readonly long burst;
    private readonly int slip;
    private readonly TimeProvider time;
    private readonly DefenseCounters counters;

    /// <param name="tableSize">Slots in the table, rounded up to a power of two.</param>
    public ResponseRateLimiter(int responsesPerSecond, int slip, int tableSize, TimeProvider time, DefenseCounters counters)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(responsesPerSecond, 1);
        var size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(tableSize, Stripes * 2));
        buckets = new Bucket[size];
        locks = new Lock[Stripes];
        for (var i = 0; i < Stripes; i++) locks[i] = new Lock();
        mask = size - 1;
        rate = responsesPerSecond;
        burst = responsesPerSecond * 1000L;
        this.slip = slip;
        this.time = time;
        this.counters = counters;
    }

    public int TableSize => buckets.Length;

    /// <summary>The key of a response: the client's network, the name the answer is about, the type and the rcode.</summary>
    public static ulong KeyOf(ReadOnlySpan<byte> client, ReadOnlySpan<byte> name, ushort qtype, int rcode)
    {
        var prefix = client.Length == 16 ? client[..7] : client.Length == 4 ? client[..3] : [];
        var low = new HashCode();
        low.AddBytes(prefix);
        low.AddBytes(name);
        low.Add(qtype);
        low.Add(rcode);
        var high = new HashCode();
        high.Add(0x5bd1e995);
        high.AddBytes(name);
        high.AddBytes(prefix);
        high.Add(rcode ^ (qtype << 8));
        var key = (uint)low.ToHashCode() | ((ulong)(uint)high.ToHashCode() << 32);
        return key == 0 ? 1 : key;
    }

    private long Refilled(in Bucket bucket, long now) =>
        bucket.Key == 0 ? long.MaxValue : Math.Min(burst, bucket.Credit + Math.Max(0, now - bucket.LastMs) * rate);

    public RateDecision Check(ulong key)
    {
        var now = (long)(time.GetTimestamp() * 1000.0 / time.TimestampFrequency);
        var first = (int)(key & (ulong)mask) & ~1;
        RateDecision decision;
        lock (locks[(first >> 1) & (Stripes - 1)])
        {
            ref var a = ref buckets[first];
            ref var b = ref buckets[first + 1];
            ref var bucket = ref a;
            if (a.Key == key) { }
            else if (b.Key == key) bucket = ref b;
            else
            {
                // A new key takes the slot with more credit (the one less likely to be limiting anybody), with a full
                // second's credit: an active flood keeps its slot however many spoofed sources pass through.
                if (Refilled(b, now) > Refilled(a, now)) bucket = ref b;
                bucket.Key = key;
                bucket.LastMs = now;
                bucket.Credit = burst;
                bucket.Limited = 0;
            }

            var elapsed = Math.Max(0, now - bucket.LastMs);
            bucket.LastMs = now;
            bucket.Credit = Math.Min(burst, bucket.Credit + elapsed * rate);
            if (bucket.Credit >= 1000)
            {
                bucket.Credit -= 1000;
                return RateDecision.Answer;
            }
            bucket.Limited++;
            decision = slip > 0 && bucket.Limited % slip == 0 ? RateDecision.Slip : RateDecision.Drop;
        }
        if (decision == RateDecision.Slip) counters.RateLimitSlipped();
        else counters.RateLimitDropped();
        return decision;
    }
}
