using Vantage.Steering.Engine;
using Vantage.Traffic;

namespace Vantage.Steering.Filters;

/// <summary><c>select_first_region</c>: keeps the answers in the same region (answer group) as the first one.</summary>
public sealed class SelectFirstRegionFilter(FilterSpec spec, SteeringAnswer[] answers) : SteeringFilter(spec)
{
    public override void Apply(Span<Pick> picks, ref int count, scoped in SteeringContext context)
    {
        if (count == 0) return;
        var region = answers[picks[0].Answer].Region;
        Span<bool> keep = stackalloc bool[count];
        for (var i = 0; i < count; i++) keep[i] = string.Equals(answers[picks[i].Answer].Region, region, StringComparison.Ordinal);
        count = Picks.Compact(picks, count, keep);
    }

    public override string Why(SteeringAnswer answer, scoped in SteeringContext context) =>
        $"region {answer.Region ?? "(none)"} is not the first answer's region";
}
