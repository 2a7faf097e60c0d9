using System.Net;
using Vantage.Steering.Geo;
using Vantage.Traffic;

namespace Vantage.Tests.Geo;

/// <summary>Against the installed ip-location-db data; the values were checked in that data first.</summary>
public class GeoDatabaseTests
{
    private static GeoLocation Locate(string address) => GeoData.Database.Locate(IPAddress.Parse(address).GetAddressBytes());

    private static uint Asn(string address) => GeoData.Database.Asn(IPAddress.Parse(address).GetAddressBytes());

    [Theory]
    [InlineData("8.8.8.8", "US", Georegion.UsCentral)]            // Google DNS: country only
    [InlineData("193.0.14.129", "NL", Georegion.Europe)]         // k.root-servers.net, RIPE NCC
    [InlineData("202.12.27.33", "JP", Georegion.AsiaPac)]        // m.root-servers.net, WIDE
    [InlineData("200.160.0.8", "BR", Georegion.SouthAmerica)]    // registro.br
    [InlineData("196.216.2.1", "ZA", Georegion.Africa)]          // AFRINIC
    [InlineData("2001:500:2f::f", "US", Georegion.UsCentral)]    // f.root-servers.net
    [InlineData("2001:7fd::1", "NL", Georegion.Europe)]          // k.root-servers.net
    [InlineData("::ffff:202.12.27.33", "JP", Georegion.AsiaPac)] // IPv4-mapped: the IPv4 table
    public void Countries_and_regions_of_well_known_addresses(string address, string country, Georegion region)
    {
        var location = Locate(address);
        Assert.Equal(country, location.Country);
        Assert.Equal(region, location.Region);
        Assert.True(location.HasCoordinates);
        Assert.Same(GeoTables.Country(country)!.Code, location.Country);
    }

    [Theory]
    [InlineData("128.32.0.1", "US", "CA", Georegion.UsWest)]   // UC Berkeley
    [InlineData("18.0.0.1", "US", "MA", Georegion.UsEast)]     // MIT
    [InlineData("132.206.0.1", "CA", "QC", Georegion.UsEast)]  // McGill University
    [InlineData("129.97.0.1", "CA", "ON", Georegion.UsEast)]   // University of Waterloo
    public void States_and_provinces_come_as_postal_codes(string address, string country, string subdivision, Georegion region)
    {
        var location = Locate(address);
        Assert.Equal(country, location.Country);
        Assert.Equal(subdivision, location.Subdivision);
        Assert.Equal(region, location.Region);
    }

    [Fact]
    public void Coordinates_come_from_the_city_data()
    {
        var berkeley = Locate("128.32.0.1");
        Assert.InRange(berkeley.Latitude, 36, 40);
        Assert.InRange(berkeley.Longitude, -124, -120);
    }

    [Theory]
    [InlineData("8.8.8.8", 15169u)]
    [InlineData("2001:4860:4860::8888", 15169u)]
    [InlineData("::ffff:8.8.8.8", 15169u)]
    [InlineData("193.0.14.129", 25152u)]
    [InlineData("202.12.27.33", 7500u)]
    [InlineData("2001:500:2f::f", 3557u)]
    public void As_numbers_of_well_known_addresses(string address, uint asn) => Assert.Equal(asn, Asn(address));

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("127.0.0.1")]
    [InlineData("fe80::1")]
    public void Private_addresses_are_unknown(string address)
    {
        Assert.False(Locate(address).IsKnown);
        Assert.Equal(0u, Asn(address));
    }

    [Fact]
    public void Other_address_lengths_are_unknown()
    {
        Assert.Equal(GeoLocation.Unknown, GeoData.Database.Locate([1, 2, 3]));
        Assert.Equal(0u, GeoData.Database.Asn([]));
    }

    [Fact]
    public void Every_country_in_the_data_is_in_the_tables()
    {
        var database = GeoData.Database;
        var unknown = new HashSet<string>();
        for (uint a = 0; a < 0xE0000000; a += 1 << 16)
        {
            var location = database.Locate([(byte)(a >> 24), (byte)(a >> 16), 0, 1]);
            if (location.Country is { } country && GeoTables.Country(country) is null) unknown.Add(country);
            if (location.IsKnown) Assert.NotEqual(Georegion.None, location.Region);
        }
        Assert.Empty(unknown);
    }

    [Fact]
    public void Lookups_do_not_allocate()
    {
        var database = GeoData.Database;
        var addresses = new[] { "8.8.8.8", "128.32.0.1", "2001:7fd::1", "::ffff:8.8.8.8", "10.0.0.1" }
            .Select(a => IPAddress.Parse(a).GetAddressBytes()).ToArray();
        long sum = 0;
        foreach (var a in addresses) sum += database.Asn(a) + (database.Locate(a).IsKnown ? 1 : 0);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            var address = addresses[i % addresses.Length];
            sum += database.Asn(address) + (database.Locate(address).IsKnown ? 1 : 0);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sum > 0);
    }
}
