using Vantage.Steering.Engine;
using Vantage.Traffic;

namespace Vantage.Steering.Filters;

/// <summary><c>shuffle</c>: a uniformly random order (Fisher–Yates).</summary>
public sealed class ShuffleFilter(FilterSpec spec) : SteeringFilter(spec)
{
    public override void Apply(Span<Pick> picks, ref int count, scoped in SteeringContext context)
    {
        for (var i = count - 1; i > 0; i--)
        {
            var j = Math.Min(i, (int)(context.Random.NextDouble() * (i + 1)));
            (picks[i], picks[j]) = (picks[j], picks[i]);
        }
    }
}
