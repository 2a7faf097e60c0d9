using Vantage.Steering.Engine;
using Vantage.Traffic;

namespace Vantage.Steering.Filters;

/// <summary>
/// <c>ipv4_prefix_shuffle</c> (A records): each answer with IPv4 <c>ip_prefixes</c> is replaced by N addresses
/// drawn at random from those prefixes (a prefix at random, then a host in it); answers without prefixes stay.
/// </summary>
public sealed class Ipv4PrefixShuffleFilter : SteeringFilter
{
    private readonly IpPrefix[][] prefixes;
    private readonly int n;

    public Ipv4PrefixShuffleFilter(FilterSpec spec, SteeringAnswer[] answers) : base(spec)
    {
        n = Math.Clamp(spec.Number("N", 1), 1, SteeredRecord.MaxPicks);
        prefixes = answers.Select(a => (a.Meta.IpPrefixes ?? []).Where(p => !p.IsV6).ToArray()).ToArray();
    }

    public override void Apply(Span<Pick> picks, ref int count, scoped in SteeringContext context)
    {
        Span<Pick> output = stackalloc Pick[picks.Length];
        var written = 0;
        for (var i = 0; i < count && written < output.Length; i++)
        {
            var own = prefixes[picks[i].Answer];
            if (own.Length == 0)
            {
                output[written++] = picks[i];
                continue;
            }
            // A draw that repeats an address already given is drawn again (a bounded number of times, so prefixes
            // holding fewer than N addresses end the loop), so the answer gets N distinct addresses.
            for (int k = 0, draws = 0; k < n && draws < MaxDraws(n) && written < output.Length; draws++)
            {
                var prefix = own[Math.Min(own.Length - 1, (int)(context.Random.NextDouble() * own.Length))];
                var hostBits = 32 - prefix.Length;
                var host = hostBits == 0 ? 0u : (uint)(context.Random.NextDouble() * Math.Pow(2, hostBits));
                var address = (uint)prefix.Network | host;
                if (Contains(output[..written], address)) continue;
                output[written++] = Pick.Made(picks[i].Answer, address);
                k++;
            }
        }
        output[..written].CopyTo(picks);
        count = written;
    }

    private static int MaxDraws(int n) => 4 * n + 16;

    private static bool Contains(ReadOnlySpan<Pick> picks, uint address)
    {
        foreach (var p in picks)
        {
            if (p.Synthesized && p.Address == address) return true;
        }
        return false;
    }

    public override string Why(SteeringAnswer answer, scoped in SteeringContext context) => "replaced by addresses from its ip_prefixes";
}
