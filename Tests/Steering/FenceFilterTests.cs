using System.Collections.Immutable;
using Vantage.Steering.Engine;
using Vantage.Steering.Filters;
using Vantage.Steering.Geo;
using Vantage.Traffic;
using static Vantage.Tests.Steering.FilterHarness;

namespace Vantage.Tests.Steering;

/// <summary>
/// geofence_country, geofence_regional, netfence_asn and netfence_prefix. Tables write one answer per comma,
/// several values of one answer joined by '+', and '-' for an answer without that meta. remove is the
/// remove_no_* option ('' = not sent).
/// </summary>
public class FenceFilterTests
{
    private static FilterSpec FenceSpec(string name, string option, string remove) =>
        remove.Length == 0 ? Spec(name) : Spec(name, (option, remove));

    private static SteeringAnswer[] Parse(string answers, Func<string[], MetaValues> meta) =>
        Answers(answers.Split(',').Select(a => a == "-" ? MetaValues.Empty : meta(a.Split('+'))).ToArray());

    [Theory]
    [InlineData("US,DE,FR", "", "0")]
    [InlineData("DE,US,US", "", "1,2")]
    [InlineData("DE+US,FR", "", "0")]
    [InlineData("US,-,DE", "", "0")]
    [InlineData("US,-,DE", "1", "0")]
    [InlineData("US,-,DE", "0", "0,1")]
    [InlineData("-,US,-,DE", "0", "0,1,2")]
    [InlineData("DE,-,FR,-", "", "1,3")]
    [InlineData("DE,-,FR,-", "0", "1,3")]
    [InlineData("DE,FR", "", "0,1")]
    [InlineData("DE,FR", "0", "0,1")]
    [InlineData("-,-", "", "0,1")]
    [InlineData("US", "", "0")]
    public void Geofence_country_on_country(string countries, string remove, string expected)
    {
        var answers = Parse(countries, c => new MetaValues { Country = [.. c] });
        var filter = new GeofenceCountryFilter(FenceSpec("geofence_country", "remove_no_location", remove), answers);
        Assert.Equal(Ints(expected), Run(filter, answers, Client("192.0.2.10", SanFrancisco)));
    }

    [Theory]
    [InlineData("US,-", "1")]
    [InlineData("US,DE", "0,1")]
    [InlineData("-,-", "0,1")]
    public void Geofence_country_for_a_client_of_unknown_location(string countries, string expected)
    {
        var answers = Parse(countries, c => new MetaValues { Country = [.. c] });
        var filter = new GeofenceCountryFilter(Spec("geofence_country"), answers);
        Assert.Equal(Ints(expected), Run(filter, answers, Client("192.0.2.10", GeoLocation.Unknown)));
    }

    private static readonly SteeringAnswer[] Subdivided = Answers(
        new MetaValues { UsState = ["CA", "OR"] },
        new MetaValues { UsState = ["NY"] },
        new MetaValues { CaProvince = ["ON"] },
        new MetaValues { CaProvince = ["QC", "BC"] },
        new MetaValues { Subdivisions = ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add("BR", ["SP", "SC"]) },
        new MetaValues { Subdivisions = ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add("BR", ["RJ"]).Add("US", ["TX"]) },
        new MetaValues { Country = ["US", "BR"] },
        MetaValues.Empty);

    [Theory]
    [InlineData("US", "CA", "0,6")]
    [InlineData("US", "OR", "0,6")]
    [InlineData("US", "NY", "1,6")]
    [InlineData("US", "TX", "5,6")]
    [InlineData("US", null, "6")]
    [InlineData("CA", "ON", "2")]
    [InlineData("CA", "BC", "3")]
    [InlineData("CA", null, "7")]
    [InlineData("BR", "SP", "4,6")]
    [InlineData("BR", "RJ", "5,6")]
    [InlineData("BR", "MG", "6")]
    [InlineData("MX", "CA", "7")]
    [InlineData("AR", "SP", "7")]
    public void Geofence_country_on_states_provinces_and_subdivisions(string country, string? subdivision, string expected)
    {
        var filter = new GeofenceCountryFilter(Spec("geofence_country"), Subdivided);
        var client = Client("192.0.2.10", new GeoLocation(country, subdivision, Georegion.None, false, 0, 0));
        Assert.Equal(Ints(expected), Run(filter, Subdivided, client));
    }

    [Fact]
    public void Geofence_country_only_answers_with_a_location_being_missed_keeps_them_all()
    {
        var answers = Answers(new MetaValues { UsState = ["NY"] }, new MetaValues { CaProvince = ["ON"] });
        var filter = new GeofenceCountryFilter(Spec("geofence_country"), answers);
        Assert.Equal([0, 1], Run(filter, answers, Client("192.0.2.10", SanFrancisco)));
    }

    /// <summary>The client is in US-WEST.</summary>
    [Theory]
    [InlineData("US-WEST,US-EAST,EUROPE", "", "0")]
    [InlineData("EUROPE,US-WEST,US-WEST", "", "1,2")]
    [InlineData("US-EAST+US-WEST,EUROPE", "", "0")]
    [InlineData("US-WEST,-,EUROPE", "", "0")]
    [InlineData("US-WEST,-,EUROPE", "1", "0")]
    [InlineData("US-WEST,-,EUROPE", "0", "0,1")]
    [InlineData("EUROPE,-,ASIAPAC,-", "", "1,3")]
    [InlineData("EUROPE,ASIAPAC", "", "0,1")]
    [InlineData("-,-", "", "0,1")]
    public void Geofence_regional(string regions, string remove, string expected)
    {
        var answers = Parse(regions, r => new MetaValues { Georegion = [.. r.Select(n => Georegions.TryParse(n, out var g) ? g : throw new ArgumentException(n))] });
        var filter = new GeofenceRegionalFilter(FenceSpec("geofence_regional", "remove_no_georegion", remove), answers);
        Assert.Equal(Ints(expected), Run(filter, answers, Client("192.0.2.10", SanFrancisco)));
    }

    [Theory]
    [InlineData("US-WEST,-", "1")]
    [InlineData("US-WEST,EUROPE", "0,1")]
    public void Geofence_regional_for_a_client_without_a_georegion(string regions, string expected)
    {
        var answers = Parse(regions, r => new MetaValues { Georegion = [.. r.Select(n => Georegions.TryParse(n, out var g) ? g : throw new ArgumentException(n))] });
        var filter = new GeofenceRegionalFilter(Spec("geofence_regional"), answers);
        Assert.Equal(Ints(expected), Run(filter, answers, Client("192.0.2.10", new GeoLocation("US", "CA", Georegion.None, false, 0, 0))));
    }

    /// <summary>The client is in AS15169 (0 = unknown).</summary>
    [Theory]
    [InlineData(15169u, "15169,3356,13335", "", "0")]
    [InlineData(15169u, "3356,15169+1,15169", "", "1,2")]
    [InlineData(15169u, "15169,-,3356", "", "0")]
    [InlineData(15169u, "15169,-,3356", "1", "0")]
    [InlineData(15169u, "15169,-,3356", "0", "0,1")]
    [InlineData(15169u, "3356,-,13335,-", "", "1,3")]
    [InlineData(15169u, "3356,13335", "", "0,1")]
    [InlineData(15169u, "-,-", "", "0,1")]
    [InlineData(0u, "15169,-", "", "1")]
    [InlineData(0u, "15169,3356", "", "0,1")]
    public void Netfence_asn(uint asn, string asns, string remove, string expected)
    {
        var answers = Parse(asns, a => new MetaValues { Asn = [.. a.Select(uint.Parse)] });
        var filter = new NetfenceAsnFilter(FenceSpec("netfence_asn", "remove_no_asn", remove), answers);
        Assert.Equal(Ints(expected), Run(filter, answers, Client("192.0.2.10", GeoLocation.Unknown, asn)));
    }

    /// <summary>client: an address, or address/length for an ECS client.</summary>
    [Theory]
    [InlineData("10.1.2.3", "10.1.2.0/24,10.1.3.0/24", "", "0")]
    [InlineData("10.1.2.3", "10.1.3.0/24,10.0.0.0/8+192.0.2.0/24,10.1.2.3/32", "", "1,2")]
    [InlineData("10.1.2.3", "10.1.2.0/24,-,10.1.3.0/24", "", "0")]
    [InlineData("10.1.2.3", "10.1.2.0/24,-,10.1.3.0/24", "1", "0")]
    [InlineData("10.1.2.3", "10.1.2.0/24,-,10.1.3.0/24", "0", "0,1")]
    [InlineData("10.1.2.3", "10.1.3.0/24,-,10.1.4.0/24,-", "", "1,3")]
    [InlineData("10.1.2.3", "10.1.3.0/24,10.1.4.0/24", "", "0,1")]
    [InlineData("10.1.2.3", "-,-", "", "0,1")]
    [InlineData("10.1.2.3", "0.0.0.0/0,2001:db8::/32", "", "0")]
    [InlineData("10.1.0.0/16", "10.1.0.0/24,10.0.0.0/8", "", "1")]
    [InlineData("10.1.0.0/16", "10.1.0.0/24,10.1.0.0/16", "", "1")]
    [InlineData("10.1.0.0/16", "10.1.0.0/24,-", "", "1")]
    [InlineData("10.1.2.0/24", "10.1.2.0/24,10.1.2.0/25,10.1.0.0/16", "", "0,2")]
    [InlineData("::ffff:10.1.2.3", "10.1.2.0/24,2001:db8::/32", "", "0")]
    [InlineData("2001:db8:1::5", "2001:db8::/32,10.0.0.0/8,2001:db9::/32", "", "0")]
    [InlineData("2001:db8:1::5", "::/0,-", "", "0")]
    [InlineData("2001:db8:1::5", "2001:db8:1::5/128,2001:db8:1::6/128", "", "0")]
    [InlineData("2001:db8:1::/48", "2001:db8:1::/64,2001:db8::/32", "", "1")]
    [InlineData("2001:db8:1::/48", "2001:db8:1::/48,-", "", "0")]
    [InlineData("2001:db8:1::5", "10.0.0.0/8,-", "", "1")]
    public void Netfence_prefix(string client, string prefixes, string remove, string expected)
    {
        var answers = Parse(prefixes, p => new MetaValues { IpPrefixes = Prefixes(p) });
        var filter = new NetfencePrefixFilter(FenceSpec("netfence_prefix", "remove_no_ip_prefixes", remove), answers);
        var slash = client.IndexOf('/');
        var who = slash < 0 ? Client(client) : Client(client[..slash], int.Parse(client[(slash + 1)..]));
        Assert.Equal(Ints(expected), Run(filter, answers, who));
    }
}
