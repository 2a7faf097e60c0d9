using Vantage.Steering.Engine;
using Vantage.Traffic;

namespace Vantage.Steering.Filters;

/// <summary>
/// <c>ipv4_prefix_shuffle</c> (A records): each answer with IPv4 <c>ip_prefixes</c> is replaced by N distinct
/// addresses drawn uniformly from all the addresses of its prefixes (all of them when there are fewer than N);
/// answers without prefixes stay.
/// </summary>
public sealed class Ipv4PrefixShuffleFilter : SteeringFilter
{
    private readonly IpPrefix[][] prefixes;
    private readonly int n;
    private readonly ulong[] sizes;

    public Ipv4PrefixShuffleFilter(FilterSpec spec, SteeringAnswer[] answers) : base(spec)
    {
        n = Math.Clamp(spec.Number("N", 1), 1, SteeredRecord.MaxPicks);
        // Overlapping prefixes would count addresses twice: keep only those not inside another.
        prefixes = answers.Select(a => Distinct((a.Meta.IpPrefixes ?? []).Where(p => !p.IsV6).ToArray())).ToArray();
        sizes = prefixes.Select(own => own.Aggregate(0UL, (sum, p) => sum + (1UL << (32 - p.Length)))).ToArray();
    }

    public override void Apply(Span<Pick> picks, ref int count, scoped in SteeringContext context)
    {
        Span<Pick> output = stackalloc Pick[picks.Length];
        var written = 0;
        for (var i = 0; i < count && written < output.Length; i++)
        {
            var answer = picks[i].Answer;
            var own = prefixes[answer];
            if (own.Length == 0)
            {
                output[written++] = picks[i];
                continue;
            }
            var room = (ulong)(output.Length - written);
            var want = (int)Math.Min(Math.Min((ulong)n, sizes[answer]), room);
            var from = written;
            if ((ulong)want * 2 >= sizes[answer])
            {
                // Few addresses in all (at most 2N): list every one, then keep a random N of them (partial Fisher–Yates).
                var total = (int)Math.Min(sizes[answer], room);
                for (var k = 0; k < total; k++) output[written + k] = Pick.Made(answer, AddressAt(own, (ulong)k));
                for (var k = 0; k < want; k++)
                {
                    var j = k + Math.Min(total - k - 1, (int)(context.Random.NextDouble() * (total - k)));
                    (output[from + k], output[from + j]) = (output[from + j], output[from + k]);
                }
                written += want;
                continue;
            }
            // Many addresses: draw uniformly over all of them (a prefix weighs its size); with at least 2N to choose
            // from, a repeat has probability below 1/2, so the expected number of draws is under 2N.
            while (written - from < want)
            {
                var address = AddressAt(own, (ulong)(context.Random.NextDouble() * sizes[answer]));
                if (!Contains(output[from..written], address)) output[written++] = Pick.Made(answer, address);
            }
        }
        output[..written].CopyTo(picks);
        count = written;
    }

    private static IpPrefix[] Distinct(IpPrefix[] own) =>
        [.. own.Where((p, i) => !own.Where((q, j) => j != i && q.Length <= p.Length && (q.Length < p.Length || j < i)
            && q.Contains(false, p.Network)).Any())];

    /// <summary>The <paramref name="index"/>-th address of the prefixes taken in order.</summary>
    private static uint AddressAt(IpPrefix[] prefixes, ulong index)
    {
        foreach (var prefix in prefixes)
        {
            var size = 1UL << (32 - prefix.Length);
            if (index < size) return (uint)prefix.Network + (uint)index;
            index -= size;
        }
        return (uint)prefixes[^1].Network;
    }

    private static bool Contains(ReadOnlySpan<Pick> picks, uint address)
    {
        foreach (var p in picks)
        {
            if (p.Address == address) return true;
        }
        return false;
    }

    public override string Why(SteeringAnswer answer, scoped in SteeringContext context) => "replaced by addresses from its ip_prefixes";
}
