using Vantage.Traffic;

namespace Vantage.Tests.Geo;

public class GeoTablesTests
{
    [Fact]
    public void Every_assigned_country_is_there_once_with_a_region_and_a_plausible_centre()
    {
        Assert.Equal(250, GeoTables.Countries.Count); // 249 ISO 3166-1 codes + XK
        Assert.Equal(GeoTables.Countries.Count, GeoTables.Countries.Select(c => c.Code).Distinct().Count());
        foreach (var country in GeoTables.Countries)
        {
            Assert.Matches("^[A-Z]{2}$", country.Code);
            Assert.NotEqual(Georegion.None, country.Region);
            Assert.False(string.IsNullOrWhiteSpace(country.Name));
            Assert.InRange(country.Latitude, -90, 90);
            Assert.InRange(country.Longitude, -180, 180);
            Assert.Same(country, GeoTables.Country(country.Code));
        }
    }

    [Fact]
    public void States_and_provinces_are_complete_and_in_north_american_regions()
    {
        Assert.Equal(13, GeoTables.CaProvinces.Count);
        Assert.True(GeoTables.UsStates.Count >= 51);
        string[] provinces = ["AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"];
        Assert.Equal(provinces, GeoTables.CaProvinces.Select(p => p.Code).Order());
        Assert.Equal(GeoTables.UsStates.Count, GeoTables.UsStates.Select(s => s.Code).Distinct().Count());
        foreach (var place in GeoTables.UsStates.Concat(GeoTables.CaProvinces))
        {
            Assert.Contains(place.Region, new[] { Georegion.UsEast, Georegion.UsCentral, Georegion.UsWest });
        }
    }

    [Fact]
    public void Lookups_by_code_ignore_case()
    {
        Assert.Equal("US", GeoTables.Country("us")!.Code);
        Assert.Equal("Japan", GeoTables.Country("JP")!.Name);
        Assert.Equal("Texas", GeoTables.UsState("tx")!.Name);
        Assert.Equal("Québec", GeoTables.CaProvince("QC")!.Name);
        Assert.Null(GeoTables.Country("ZZ"));
        Assert.Null(GeoTables.UsState("ZZ"));
    }

    [Theory]
    [InlineData("US", "California", "CA")]
    [InlineData("US", "california", "CA")]
    [InlineData("US", "District of Columbia", "DC")]
    [InlineData("US", "NEW YORK", "NY")]
    [InlineData("US", "TX", "TX")]
    [InlineData("CA", "Québec", "QC")]
    [InlineData("CA", "Quebec", "QC")]
    [InlineData("CA", "QUÉBEC", "QC")]
    [InlineData("CA", "Newfoundland and Labrador", "NL")]
    [InlineData("CA", "Yukon", "YT")]
    [InlineData("us", "Ohio", "OH")]
    public void Subdivision_names_give_postal_codes(string country, string name, string code) =>
        Assert.Equal(code, GeoTables.SubdivisionCode(country, name));

    [Theory]
    [InlineData("FR", "Ile-de-France")]
    [InlineData("US", "Ontario")]
    [InlineData("CA", "California")]
    [InlineData("US", "")]
    public void Unknown_subdivisions_are_null(string country, string name) =>
        Assert.Null(GeoTables.SubdivisionCode(country, name));

    [Fact]
    public void Subdivision_lookup_does_not_allocate()
    {
        var names = new[] { "California", "québec", "Texas", "Ontario", "Nowhere" };
        var countries = new[] { "US", "CA", "US", "CA", "US" };
        for (var i = 0; i < names.Length; i++) GeoTables.SubdivisionCode(countries[i], names[i]);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var found = 0;
        for (var i = 0; i < 10_000; i++)
        {
            if (GeoTables.SubdivisionCode(countries[i % 5], names[i % 5].AsSpan()) is not null) found++;
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(8_000, found);
    }

    [Theory]
    [InlineData("US", "CA", Georegion.UsWest)]
    [InlineData("US", "NY", Georegion.UsEast)]
    [InlineData("US", "TX", Georegion.UsCentral)]
    [InlineData("US", null, Georegion.UsCentral)]
    [InlineData("CA", "QC", Georegion.UsEast)]
    [InlineData("CA", "BC", Georegion.UsWest)]
    [InlineData("CA", "AB", Georegion.UsCentral)]
    [InlineData("MX", null, Georegion.UsCentral)]
    [InlineData("JM", null, Georegion.UsEast)]
    [InlineData("BR", null, Georegion.SouthAmerica)]
    [InlineData("DE", "BY", Georegion.Europe)]
    [InlineData("RU", null, Georegion.Europe)]
    [InlineData("AE", null, Georegion.Europe)]
    [InlineData("JP", null, Georegion.AsiaPac)]
    [InlineData("AU", null, Georegion.AsiaPac)]
    [InlineData("EG", null, Georegion.Africa)]
    [InlineData("ZA", null, Georegion.Africa)]
    [InlineData("ZZ", null, Georegion.None)]
    public void Regions_follow_the_documented_split(string country, string? subdivision, Georegion region) =>
        Assert.Equal(region, GeoTables.RegionOf(country, subdivision));

    [Fact]
    public void Every_region_has_a_centre_inside_one_of_its_places()
    {
        foreach (var region in Enum.GetValues<Georegion>().Where(r => r != Georegion.None))
        {
            var (latitude, longitude) = GeoTables.RegionCentre(region);
            Assert.False(latitude == 0 && longitude == 0);
            var places = GeoTables.Countries.Concat(GeoTables.UsStates).Where(p => p.Region == region).ToList();
            Assert.NotEmpty(places);
            var nearest = places.Min(p => Math.Abs(p.Latitude - latitude) + Math.Abs(p.Longitude - longitude));
            Assert.True(nearest < 25, $"{region} centre is far from its places");
        }
    }
}
