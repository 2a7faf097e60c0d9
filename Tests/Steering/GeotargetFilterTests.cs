using System.Collections.Immutable;
using Vantage.Steering.Filters;
using Vantage.Steering.Geo;
using Vantage.Traffic;
using static Vantage.Tests.Steering.FilterHarness;

namespace Vantage.Tests.Steering;

/// <summary>
/// geotarget_latlong fully; geotarget_country and geotarget_regional only in the tiers that need no place
/// centres (the geo tables are filled in elsewhere).
/// </summary>
public class GeotargetFilterTests
{
    private static readonly (string Name, double Lat, double Lon)[] Cities =
    [
        ("nyc", 40.71, -74.01),
        ("la", 34.05, -118.24),
        ("london", 51.51, -0.13),
        ("tokyo", 35.68, 139.69),
        ("sydney", -33.87, 151.21),
        ("sf", 37.77, -122.42),
    ];

    private static MetaValues City(string name)
    {
        var city = Cities.Single(c => c.Name == name);
        return new MetaValues { Latitude = city.Lat, Longitude = city.Lon };
    }

    /// <summary>Answers: cities by name, "none" for no coordinates, "lat" for a latitude only.</summary>
    [Theory]
    [InlineData("sf", "nyc,la,london,tokyo", "1,0,3,2")]
    [InlineData("sf", "none,london,lat,nyc", "3,1,0,2")]
    [InlineData("sf", "none,lat", "0,1")]
    [InlineData("tokyo", "london,sf,sydney", "2,1,0")]
    [InlineData("sydney", "nyc,tokyo,la", "1,2,0")]
    [InlineData("london", "la,nyc,sf,london", "3,1,2,0")]
    [InlineData("nyc", "la,sf,la", "0,2,1")]
    public void Geotarget_latlong_sorts_nearest_first_and_answers_without_coordinates_last(string client, string answers, string expected)
    {
        var metas = answers.Split(',').Select(a => a switch
        {
            "none" => MetaValues.Empty,
            "lat" => new MetaValues { Latitude = 40 },
            _ => City(a),
        }).ToArray();
        var list = Answers(metas);
        var at = Cities.Single(c => c.Name == client);
        var who = Client("192.0.2.10", new GeoLocation("ZZ", null, Georegion.None, true, at.Lat, at.Lon));
        Assert.Equal(Ints(expected), Run(new GeotargetLatlongFilter(Spec("geotarget_latlong"), list), list, who));
    }

    [Fact]
    public void Geotarget_latlong_with_unknown_client_coordinates_leaves_the_order()
    {
        var answers = Answers(City("london"), MetaValues.Empty, City("sf"), City("nyc"));
        var filter = new GeotargetLatlongFilter(Spec("geotarget_latlong"), answers);
        // A country but no coordinates, and nothing at all.
        Assert.Equal([0, 1, 2, 3], Run(filter, answers, Client("192.0.2.10", new GeoLocation("US", "CA", Georegion.UsWest, false, 37.7, -122.4))));
        Assert.Equal([0, 1, 2, 3], Run(filter, answers, Client("192.0.2.10", GeoLocation.Unknown)));
    }

    private static readonly ImmutableDictionary<string, ImmutableArray<string>> UsCalifornia =
        ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add("US", ["CA"]);

    /// <summary>Answers: us:CA = us_state CA, sub:CA = subdivisions {US:[CA]}, c:US = country US, none = no location.</summary>
    [Theory]
    [InlineData("CA", "none,c:US,us:CA", "2,1,0")]
    [InlineData("CA", "c:US,none,us:CA,c:US", "2,0,3,1")]
    [InlineData("CA", "none,sub:CA,c:US", "1,2,0")]
    [InlineData("CA", "c:US,us:CA+c:US", "1,0")]
    [InlineData("CA", "none,none", "0,1")]
    [InlineData(null, "us:CA,c:US,none", "1,0,2")]
    [InlineData(null, "none,c:US", "1,0")]
    public void Geotarget_country_ranks_subdivision_then_country_then_the_rest(string? subdivision, string answers, string expected)
    {
        var metas = answers.Split(',').Select(a =>
        {
            var meta = new MetaValues();
            foreach (var part in a.Split('+'))
            {
                meta = part switch
                {
                    "none" => meta,
                    "us:CA" => meta with { UsState = ["CA"] },
                    "sub:CA" => meta with { Subdivisions = UsCalifornia },
                    "c:US" => meta with { Country = ["US"] },
                    _ => throw new ArgumentException(part),
                };
            }
            return meta;
        }).ToArray();
        var list = Answers(metas);
        var who = Client("192.0.2.10", new GeoLocation("US", subdivision, Georegion.UsWest, true, 37.7, -122.4));
        Assert.Equal(Ints(expected), Run(new GeotargetCountryFilter(Spec("geotarget_country"), list), list, who));
    }

    [Fact]
    public void Geotarget_country_for_a_client_of_unknown_location_leaves_the_order()
    {
        var answers = Answers(MetaValues.Empty, new MetaValues { Country = ["US"] }, new MetaValues { UsState = ["CA"] });
        Assert.Equal([0, 1, 2], Run(new GeotargetCountryFilter(Spec("geotarget_country"), answers), answers, Client("192.0.2.10", GeoLocation.Unknown)));
    }

    /// <summary>The client is in US-WEST; at most one answer outside it, as the order among those needs region centres.</summary>
    [Theory]
    [InlineData("-,US-EAST,US-WEST", "2,1,0")]
    [InlineData("US-WEST+EUROPE,-,US-EAST", "0,2,1")]
    [InlineData("-,US-WEST,-,US-WEST", "1,3,0,2")]
    [InlineData("EUROPE,US-WEST", "1,0")]
    [InlineData("-,EUROPE", "1,0")]
    [InlineData("-,-", "0,1")]
    public void Geotarget_regional_puts_the_clients_region_first_and_no_georegion_last(string regions, string expected)
    {
        var answers = Answers(regions.Split(',').Select(r => r == "-"
            ? MetaValues.Empty
            : new MetaValues { Georegion = [.. r.Split('+').Select(n => Georegions.TryParse(n, out var g) ? g : throw new ArgumentException(n))] }).ToArray());
        Assert.Equal(Ints(expected), Run(new GeotargetRegionalFilter(Spec("geotarget_regional"), answers), answers, Client("192.0.2.10", SanFrancisco)));
    }

    [Fact]
    public void Geotarget_regional_for_a_client_without_a_georegion_leaves_the_order()
    {
        var answers = Answers(MetaValues.Empty, new MetaValues { Georegion = [Georegion.UsWest] });
        var who = Client("192.0.2.10", new GeoLocation("US", "CA", Georegion.None, true, 37.7, -122.4));
        Assert.Equal([0, 1], Run(new GeotargetRegionalFilter(Spec("geotarget_regional"), answers), answers, who));
    }
}
