using Vantage.Steering.Engine;
using Vantage.Steering.Geo;
using Vantage.Traffic;

namespace Vantage.Steering.Filters;

/// <summary>Distances and the place lists the geographic filters compare.</summary>
public static class GeoMath
{
    private const double EarthRadiusKm = 6371.0;

    /// <summary>Great-circle distance in kilometres (haversine).</summary>
    public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        const double Rad = Math.PI / 180;
        var dLat = (lat2 - lat1) * Rad;
        var dLon = (lon2 - lon1) * Rad;
        var h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
            + Math.Cos(lat1 * Rad) * Math.Cos(lat2 * Rad) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    /// <summary>
    /// Where the client is for country-level targeting: the centre of its US state or CA province, else of its
    /// country, else its own coordinates.
    /// </summary>
    public static bool TryClientPlace(in GeoLocation geo, out double latitude, out double longitude)
    {
        var place = geo.Country switch
        {
            "US" when geo.Subdivision is not null => GeoTables.UsState(geo.Subdivision),
            "CA" when geo.Subdivision is not null => GeoTables.CaProvince(geo.Subdivision),
            _ => null,
        } ?? (geo.Country is null ? null : GeoTables.Country(geo.Country));
        if (place is not null)
        {
            (latitude, longitude) = (place.Latitude, place.Longitude);
            return true;
        }
        (latitude, longitude) = (geo.Latitude, geo.Longitude);
        return geo.HasCoordinates;
    }

    /// <summary>True when the client's state, province or ISO subdivision is listed in <paramref name="meta"/>.</summary>
    public static bool SubdivisionMatches(MetaValues meta, in GeoLocation geo)
    {
        if (geo.Country is null || geo.Subdivision is null) return false;
        var list = geo.Country switch
        {
            "US" => meta.UsState,
            "CA" => meta.CaProvince,
            _ => null,
        };
        if (list is { } codes && codes.Contains(geo.Subdivision)) return true;
        return meta.Subdivisions is { } map && map.TryGetValue(geo.Country, out var subs) && subs.Contains(geo.Subdivision);
    }

    public static bool CountryMatches(MetaValues meta, in GeoLocation geo) =>
        geo.Country is not null && meta.Country is { } countries && countries.Contains(geo.Country);

    /// <summary>True when the meta names any country, state, province or subdivision.</summary>
    public static bool HasLocation(MetaValues meta) =>
        meta.Country is { Length: > 0 } || meta.UsState is { Length: > 0 } || meta.CaProvince is { Length: > 0 }
        || meta.Subdivisions is { Count: > 0 };

    /// <summary>Centres of every place the meta names (for the nearest-place distance).</summary>
    public static (double Lat, double Lon)[] Places(MetaValues meta)
    {
        var places = new List<GeoPlace?>();
        foreach (var c in meta.Country ?? []) places.Add(GeoTables.Country(c));
        foreach (var s in meta.UsState ?? []) places.Add(GeoTables.UsState(s));
        foreach (var p in meta.CaProvince ?? []) places.Add(GeoTables.CaProvince(p));
        foreach (var country in meta.Subdivisions?.Keys ?? Enumerable.Empty<string>()) places.Add(GeoTables.Country(country));
        return places.OfType<GeoPlace>().Select(p => (p.Latitude, p.Longitude)).ToArray();
    }

    public static string Describe(in GeoLocation geo) =>
        geo.Country is null ? "unknown location" : geo.Subdivision is null ? geo.Country : geo.Country + "-" + geo.Subdivision;

    public static string List(MetaValues meta)
    {
        var parts = new List<string>();
        if (meta.Country is { Length: > 0 } c) parts.Add("country " + string.Join(",", c));
        if (meta.UsState is { Length: > 0 } s) parts.Add("us_state " + string.Join(",", s));
        if (meta.CaProvince is { Length: > 0 } p) parts.Add("ca_province " + string.Join(",", p));
        if (meta.Subdivisions is { Count: > 0 } d) parts.Add("subdivisions " + string.Join(";", d.Select(kv => kv.Key + ":" + string.Join(",", kv.Value))));
        return parts.Count == 0 ? "no location" : string.Join(" ", parts);
    }
}

/// <summary>
/// The fences (<c>geofence_country</c>, <c>geofence_regional</c>, <c>netfence_asn</c>, <c>netfence_prefix</c>):
/// an answer whose meta matches the client stays; one whose meta is set but does not match goes; one without
/// that meta stays, unless <c>remove_no_*</c> is on (the default) and some answer matched. When the fence would
/// remove every answer, the set passes unchanged (our rule where NS1's documents disagree).
/// </summary>
public abstract class FenceFilter(FilterSpec spec, string removeOption) : SteeringFilter(spec)
{
    protected enum Fit : byte { NoData, Match, Miss }

    private readonly bool removeNoData = spec.Flag(removeOption, true);

    public override ClientUse Uses => ClientUse.Address;

    protected abstract Fit Classify(int answer, scoped in SteeringContext context);

    public override void Apply(Span<Pick> picks, ref int count, scoped in SteeringContext context)
    {
        Span<Fit> fits = stackalloc Fit[count];
        var matched = 0;
        var noData = 0;
        for (var i = 0; i < count; i++)
        {
            fits[i] = Classify(picks[i].Answer, context);
            if (fits[i] == Fit.Match) matched++;
            else if (fits[i] == Fit.NoData) noData++;
        }
        if (matched == 0 && noData == 0) return;
        var dropNoData = removeNoData && matched > 0;
        Span<bool> keep = stackalloc bool[count];
        for (var i = 0; i < count; i++) keep[i] = fits[i] == Fit.Match || (fits[i] == Fit.NoData && !dropNoData);
        count = Picks.Compact(picks, count, keep);
    }

    public override string Why(SteeringAnswer answer, scoped in SteeringContext context) =>
        Classify(answer.Index, context) == Fit.NoData
            ? $"has no {DataName}, and another answer matched ({Spec.Name} removes those without it)"
            : $"{Describe(answer)} does not match the client's {Client(context)}";

    protected abstract string DataName { get; }

    protected abstract string Describe(SteeringAnswer answer);

    protected abstract string Client(scoped in SteeringContext context);
}
