using Vantage.Traffic;

namespace Vantage.Steering.Engine;

/// <summary>
/// One compiled filter of a chain. Built once per record version from its <see cref="FilterSpec"/> and the
/// record's answers (every per-answer value it reads is precomputed into arrays); <see cref="Apply"/> then runs
/// per query over the working set in place, without allocating.
/// </summary>
public abstract class SteeringFilter(FilterSpec spec)
{
    public FilterSpec Spec { get; } = spec;

    /// <summary>What of the client this filter's output depends on.</summary>
    public virtual ClientUse Uses => ClientUse.None;

    /// <summary>True when the filter reads the client's location (country, region, coordinates).</summary>
    public virtual bool NeedsLocation => false;

    /// <summary>True when the filter reads the client's AS number.</summary>
    public virtual bool NeedsAsn => false;

    /// <summary>Filters, reorders or rewrites <c>picks[..count]</c> in place.</summary>
    public abstract void Apply(Span<Pick> picks, ref int count, scoped in SteeringContext context);

    /// <summary>For explain: why this filter removed <paramref name="answer"/> (or how it ranked it).</summary>
    public virtual string Why(SteeringAnswer answer, scoped in SteeringContext context) => "removed by " + Spec.Name;
}
