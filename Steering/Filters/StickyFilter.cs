using Vantage.Steering.Engine;
using Vantage.Traffic;

namespace Vantage.Steering.Filters;

/// <summary>
/// <c>sticky</c>, <c>weighted_sticky</c> and <c>sticky_region</c>: an order that is random across clients but
/// fixed for one client (its address, or its /24 or /44 with <c>sticky_by_network</c>). Each answer (or region)
/// scores hash(client network, answer RDATA) and the order follows the scores: rendezvous hashing, so adding or
/// removing an answer only moves the clients whose first answer it becomes or was (about 1/N of them).
/// <c>weighted_sticky</c> turns the hash into -ln(u)/weight, so the first answer follows the weights;
/// <c>sticky_region</c> scores regions, keeping each region's answers together in their current order.
/// </summary>
public sealed class StickyFilter : SteeringFilter
{
    private readonly ulong[] keys;
    private readonly double[] weights;
    private readonly bool byNetwork;
    private readonly bool weighted;

    public StickyFilter(FilterSpec spec, SteeringAnswer[] answers) : base(spec)
    {
        byNetwork = spec.Flag("sticky_by_network", false);
        weighted = spec.Name == FilterNames.WeightedSticky;
        keys = answers.Select(a => spec.Name == FilterNames.StickyRegion ? a.RegionKey : a.Key).ToArray();
        weights = answers.Select(a => weighted ? a.Meta.Weight ?? 1 : 1).ToArray();
    }

    public override ClientUse Uses => byNetwork ? ClientUse.Network : ClientUse.Address;

    public override void Apply(Span<Pick> picks, ref int count, scoped in SteeringContext context)
    {
        if (context.Client.AddressLength == 0) return;
        var network = context.Client.NetworkHash(byNetwork);
        Span<double> scores = stackalloc double[count];
        for (var i = 0; i < count; i++)
        {
            var a = picks[i].Answer;
            var hash = Hashing.Mix(network ^ keys[a]);
            scores[i] = !weighted ? hash : weights[a] > 0 ? -Math.Log(Hashing.Unit(hash)) / weights[a] : double.PositiveInfinity;
        }
        Picks.StableSort(picks, scores, count);
    }
}
