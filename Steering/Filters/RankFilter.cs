using Vantage.Steering.Engine;
using Vantage.Traffic;

namespace Vantage.Steering.Filters;

/// <summary>
/// <c>priority</c> and <c>cost</c>: a stable sort by the meta value, lowest first (answers without it last);
/// with <c>eliminate</c> only the answers sharing the lowest value are kept.
/// </summary>
public sealed class RankFilter : SteeringFilter
{
    private readonly double[] values;
    private readonly bool eliminate;
    private readonly string key;

    public RankFilter(FilterSpec spec, SteeringAnswer[] answers) : base(spec)
    {
        key = spec.Name == FilterNames.Cost ? "cost" : "priority";
        values = answers
            .Select(a => (key == "cost" ? a.Meta.Cost : a.Meta.Priority) ?? double.PositiveInfinity)
            .ToArray();
        eliminate = spec.Flag("eliminate", false);
    }

    public override void Apply(Span<Pick> picks, ref int count, scoped in SteeringContext context)
    {
        Span<double> keys = stackalloc double[count];
        var lowest = double.PositiveInfinity;
        for (var i = 0; i < count; i++)
        {
            keys[i] = values[picks[i].Answer];
            lowest = Math.Min(lowest, keys[i]);
        }
        if (!eliminate)
        {
            Picks.StableSort(picks, keys, count);
            return;
        }
        Span<bool> keep = stackalloc bool[count];
        for (var i = 0; i < count; i++) keep[i] = keys[i] == lowest;
        count = Picks.Compact(picks, count, keep);
    }

    public override string Why(SteeringAnswer answer, scoped in SteeringContext context)
    {
        var value = values[answer.Index];
        return double.IsPositiveInfinity(value) ? $"has no {key} while others do" : $"{key} {value} is not the lowest";
    }
}
