using Vantage.Steering.Engine;
using Vantage.Traffic;

namespace Vantage.Steering.Filters;

/// <summary>
/// <c>shed_load</c>: compares the answer's load metric (<c>loadavg</c>, <c>connections</c> or <c>requests</c>)
/// with its watermarks. At or below the low watermark it stays; at or above the high one it goes; in between it
/// is dropped with a probability rising linearly from 0 to 1. Answers missing a value stay, and the filter never
/// removes every answer.
/// </summary>
public sealed class ShedLoadFilter : SteeringFilter
{
    private readonly double[] load;
    private readonly double[] low;
    private readonly double[] high;
    private readonly string metric;

    public ShedLoadFilter(FilterSpec spec, SteeringAnswer[] answers) : base(spec)
    {
        metric = spec.Text("metric", "loadavg");
        load = answers.Select(a => metric switch
        {
            "connections" => (double?)a.Meta.Connections,
            "requests" => a.Meta.Requests,
            _ => a.Meta.Loadavg,
        } ?? double.NaN).ToArray();
        low = answers.Select(a => a.Meta.LowWatermark ?? double.NaN).ToArray();
        high = answers.Select(a => a.Meta.HighWatermark ?? double.NaN).ToArray();
    }

    public override void Apply(Span<Pick> picks, ref int count, scoped in SteeringContext context)
    {
        Span<bool> keep = stackalloc bool[count];
        var any = false;
        for (var i = 0; i < count; i++)
        {
            var a = picks[i].Answer;
            var share = Shed(load[a], low[a], high[a]);
            any |= keep[i] = share <= 0 || (share < 1 && context.Random.NextDouble() >= share);
        }
        if (any) count = Picks.Compact(picks, count, keep);
    }

    /// <summary>Share of queries to shed: 0 below the low watermark, 1 at the high one.</summary>
    private static double Shed(double value, double low, double high)
    {
        if (double.IsNaN(value) || double.IsNaN(high)) return 0;
        if (value >= high) return 1;
        if (double.IsNaN(low) || value <= low) return 0;
        return (value - low) / (high - low);
    }

    public override string Why(SteeringAnswer answer, scoped in SteeringContext context)
    {
        var a = answer.Index;
        return load[a] >= high[a]
            ? $"{metric} {load[a]} is at or above the high watermark {high[a]}"
            : $"{metric} {load[a]} is between the watermarks {low[a]} and {high[a]}: shed with probability {Shed(load[a], low[a], high[a]):0.##}";
    }
}
