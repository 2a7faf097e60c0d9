using Vantage.Steering.Engine;
using Vantage.Traffic;

namespace Vantage.Steering.Filters;

/// <summary><c>geofence_country</c>: fences on <c>country</c>, <c>us_state</c>, <c>ca_province</c> and <c>subdivisions</c>.</summary>
public sealed class GeofenceCountryFilter(FilterSpec spec, SteeringAnswer[] answers) : FenceFilter(spec, "remove_no_location")
{
    private readonly MetaValues[] meta = answers.Select(a => a.Meta).ToArray();
    private readonly bool[] hasLocation = answers.Select(a => GeoMath.HasLocation(a.Meta)).ToArray();

    public override bool NeedsLocation => true;

    protected override string DataName => "location";

    protected override Fit Classify(int answer, scoped in SteeringContext context)
    {
        if (!hasLocation[answer]) return Fit.NoData;
        var geo = context.Client.Geo;
        return GeoMath.CountryMatches(meta[answer], geo) || GeoMath.SubdivisionMatches(meta[answer], geo) ? Fit.Match : Fit.Miss;
    }

    protected override string Describe(SteeringAnswer answer) => GeoMath.List(answer.Meta);

    protected override string Client(scoped in SteeringContext context) => GeoMath.Describe(context.Client.Geo);
}
