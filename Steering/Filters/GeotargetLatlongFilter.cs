using Vantage.Steering.Engine;
using Vantage.Traffic;

namespace Vantage.Steering.Filters;

/// <summary>
/// <c>geotarget_latlong</c>: sorts answers by great-circle distance from the client's location (from the geo
/// database) to the answer's <c>latitude</c>/<c>longitude</c>; answers without coordinates last.
/// </summary>
public sealed class GeotargetLatlongFilter(FilterSpec spec, SteeringAnswer[] answers) : SteeringFilter(spec)
{
    private readonly double[] latitudes = answers.Select(a => a.Meta.Latitude ?? double.NaN).ToArray();
    private readonly double[] longitudes = answers.Select(a => a.Meta.Longitude ?? double.NaN).ToArray();

    public override ClientUse Uses => ClientUse.Address;

    public override bool NeedsLocation => true;

    public override void Apply(Span<Pick> picks, ref int count, scoped in SteeringContext context)
    {
        var geo = context.Client.Geo;
        if (!geo.HasCoordinates) return;
        Span<double> keys = stackalloc double[count];
        for (var i = 0; i < count; i++) keys[i] = Distance(picks[i].Answer, geo.Latitude, geo.Longitude);
        Picks.StableSort(picks, keys, count);
    }

    private double Distance(int answer, double lat, double lon) =>
        double.IsNaN(latitudes[answer]) || double.IsNaN(longitudes[answer])
            ? double.PositiveInfinity
            : GeoMath.DistanceKm(lat, lon, latitudes[answer], longitudes[answer]);

    public override string Why(SteeringAnswer answer, scoped in SteeringContext context)
    {
        var geo = context.Client.Geo;
        var d = Distance(answer.Index, geo.Latitude, geo.Longitude);
        return double.IsPositiveInfinity(d) ? "no latitude/longitude: ranked last" : $"about {d:0} km from the client";
    }
}
