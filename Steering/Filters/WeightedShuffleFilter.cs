using Vantage.Steering.Engine;
using Vantage.Traffic;

namespace Vantage.Steering.Filters;

/// <summary>
/// <c>weighted_shuffle</c>: a random order where each answer comes first with probability weight / total
/// (weighted sampling without replacement: each answer draws -ln(u)/weight and the smallest comes first).
/// An answer without <c>weight</c> weighs 1; weight 0 comes after every positive weight.
/// </summary>
public sealed class WeightedShuffleFilter(FilterSpec spec, SteeringAnswer[] answers) : SteeringFilter(spec)
{
    private readonly double[] weights = answers.Select(a => a.Meta.Weight ?? 1).ToArray();

    public override void Apply(Span<Pick> picks, ref int count, scoped in SteeringContext context)
    {
        Span<double> keys = stackalloc double[count];
        for (var i = 0; i < count; i++)
        {
            var w = weights[picks[i].Answer];
            keys[i] = w > 0 ? -Math.Log(1 - context.Random.NextDouble()) / w : double.PositiveInfinity;
        }
        Picks.StableSort(picks, keys, count);
    }
}
