using Vantage.Steering.Engine;
using Vantage.Traffic;

namespace Vantage.Steering.Filters;

/// <summary>
/// <c>geotarget_country</c>: sorts answers nearest first. An answer listing the client's US state, CA province
/// or ISO subdivision ranks first, then one listing its country, then the others by great-circle distance from
/// the client's state/country centre to the nearest place the answer names; answers naming no place come last.
/// A client whose location is unknown leaves the order as it is.
/// </summary>
public sealed class GeotargetCountryFilter(FilterSpec spec, SteeringAnswer[] answers) : SteeringFilter(spec)
{
    private const double CountryRank = 1;
    private const double DistanceBase = 2;

    private readonly MetaValues[] meta = answers.Select(a => a.Meta).ToArray();
    private readonly (double Lat, double Lon)[][] places = answers.Select(a => GeoMath.Places(a.Meta)).ToArray();

    public override ClientUse Uses => ClientUse.Address;

    public override bool NeedsLocation => true;

    public override void Apply(Span<Pick> picks, ref int count, scoped in SteeringContext context)
    {
        var geo = context.Client.Geo;
        if (!geo.IsKnown) return;
        var located = GeoMath.TryClientPlace(geo, out var lat, out var lon);
        Span<double> keys = stackalloc double[count];
        for (var i = 0; i < count; i++) keys[i] = Rank(picks[i].Answer, context, located, lat, lon);
        Picks.StableSort(picks, keys, count);
    }

    private double Rank(int answer, scoped in SteeringContext context, bool located, double lat, double lon)
    {
        var geo = context.Client.Geo;
        if (GeoMath.SubdivisionMatches(meta[answer], geo)) return 0;
        if (GeoMath.CountryMatches(meta[answer], geo)) return CountryRank;
        var own = places[answer];
        if (own.Length == 0 || !located) return double.PositiveInfinity;
        var nearest = double.MaxValue;
        foreach (var (pLat, pLon) in own) nearest = Math.Min(nearest, GeoMath.DistanceKm(lat, lon, pLat, pLon));
        return DistanceBase + nearest;
    }

    public override string Why(SteeringAnswer answer, scoped in SteeringContext context)
    {
        var geo = context.Client.Geo;
        var located = GeoMath.TryClientPlace(geo, out var lat, out var lon);
        var rank = Rank(answer.Index, context, located, lat, lon);
        return rank switch
        {
            0 => $"{GeoMath.List(answer.Meta)} includes the client's {GeoMath.Describe(geo)}",
            CountryRank => $"{GeoMath.List(answer.Meta)} includes the client's country {geo.Country}",
            double.PositiveInfinity => $"{GeoMath.List(answer.Meta)}: ranked last",
            _ => $"{GeoMath.List(answer.Meta)}: nearest about {rank - DistanceBase:0} km from {GeoMath.Describe(geo)}",
        };
    }
}
