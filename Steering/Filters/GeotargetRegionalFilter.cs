using Vantage.Steering.Engine;
using Vantage.Traffic;

namespace Vantage.Steering.Filters;

/// <summary>
/// <c>geotarget_regional</c>: answers in the client's georegion first, then the others by distance between
/// the centres of their georegions and the client's; answers without <c>georegion</c> last.
/// </summary>
public sealed class GeotargetRegionalFilter(FilterSpec spec, SteeringAnswer[] answers) : SteeringFilter(spec)
{
    private readonly Georegion[][] regions = answers.Select(a => (a.Meta.Georegion ?? []).ToArray()).ToArray();

    public override ClientUse Uses => ClientUse.Address;

    public override bool NeedsLocation => true;

    public override void Apply(Span<Pick> picks, ref int count, scoped in SteeringContext context)
    {
        var client = context.Client.Geo.Region;
        if (client == Georegion.None) return;
        Span<double> keys = stackalloc double[count];
        for (var i = 0; i < count; i++) keys[i] = Rank(picks[i].Answer, client);
        Picks.StableSort(picks, keys, count);
    }

    private double Rank(int answer, Georegion client)
    {
        var own = regions[answer];
        if (own.Length == 0) return double.PositiveInfinity;
        var (cLat, cLon) = GeoTables.RegionCentre(client);
        var nearest = double.MaxValue;
        foreach (var region in own)
        {
            if (region == client) return 0;
            var (lat, lon) = GeoTables.RegionCentre(region);
            nearest = Math.Min(nearest, 1 + GeoMath.DistanceKm(cLat, cLon, lat, lon));
        }
        return nearest;
    }

    public override string Why(SteeringAnswer answer, scoped in SteeringContext context)
    {
        var client = context.Client.Geo.Region;
        var rank = Rank(answer.Index, client);
        var own = "georegion " + string.Join(",", regions[answer.Index].Select(Georegions.Name));
        return rank switch
        {
            0 => $"{own} includes the client's {Georegions.Name(client)}",
            double.PositiveInfinity => "no georegion: ranked last",
            _ => $"{own}: about {rank - 1:0} km from {Georegions.Name(client)}",
        };
    }
}
