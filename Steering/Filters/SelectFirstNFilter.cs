using Vantage.Steering.Engine;
using Vantage.Traffic;

namespace Vantage.Steering.Filters;

/// <summary><c>select_first_n</c>: keeps the first N answers (N defaults to 1).</summary>
public sealed class SelectFirstNFilter(FilterSpec spec) : SteeringFilter(spec)
{
    private readonly int n = Math.Max(1, spec.Number("N", 1));

    public override void Apply(Span<Pick> picks, ref int count, scoped in SteeringContext context) => count = Math.Min(count, n);

    public override string Why(SteeringAnswer answer, scoped in SteeringContext context) => $"not among the first {n}";
}
