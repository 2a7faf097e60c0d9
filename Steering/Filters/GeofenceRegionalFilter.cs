using Vantage.Steering.Engine;
using Vantage.Traffic;

namespace Vantage.Steering.Filters;

/// <summary><c>geofence_regional</c>: fences on <c>georegion</c>.</summary>
public sealed class GeofenceRegionalFilter(FilterSpec spec, SteeringAnswer[] answers) : FenceFilter(spec, "remove_no_georegion")
{
    private readonly Georegion[][] regions = answers.Select(a => (a.Meta.Georegion ?? []).ToArray()).ToArray();

    public override bool NeedsLocation => true;

    protected override string DataName => "georegion";

    protected override Fit Classify(int answer, scoped in SteeringContext context)
    {
        var own = regions[answer];
        if (own.Length == 0) return Fit.NoData;
        var client = context.Client.Geo.Region;
        return client != Georegion.None && Array.IndexOf(own, client) >= 0 ? Fit.Match : Fit.Miss;
    }

    protected override string Describe(SteeringAnswer answer) =>
        "georegion " + string.Join(",", regions[answer.Index].Select(Georegions.Name));

    protected override string Client(scoped in SteeringContext context) =>
        context.Client.Geo.Region == Georegion.None ? "unknown georegion" : "georegion " + Georegions.Name(context.Client.Geo.Region);
}
