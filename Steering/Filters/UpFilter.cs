using Vantage.Steering.Engine;
using Vantage.Traffic;

namespace Vantage.Steering.Filters;

/// <summary>
/// <c>up</c>: removes answers whose <c>up</c> is false (an answer without <c>up</c> counts as up). When every
/// answer is down the set is passed on unchanged: failing open keeps the name answering (our rule).
/// </summary>
public sealed class UpFilter(FilterSpec spec, SteeringAnswer[] answers) : SteeringFilter(spec)
{
    private readonly bool[] up = answers.Select(a => a.Meta.Up ?? true).ToArray();

    public override void Apply(Span<Pick> picks, ref int count, scoped in SteeringContext context)
    {
        Span<bool> keep = stackalloc bool[count];
        var any = false;
        for (var i = 0; i < count; i++) any |= keep[i] = up[picks[i].Answer];
        if (any) count = Picks.Compact(picks, count, keep);
    }

    public override string Why(SteeringAnswer answer, scoped in SteeringContext context) => "up is false";
}
