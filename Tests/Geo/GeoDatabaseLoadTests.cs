using System.Net;
using Vantage.Steering.Geo;

namespace Vantage.Tests.Geo;

/// <summary>Loading from partial, dual-stack, corrupt or missing files, and the cache; uses the small country files.</summary>
public sealed class GeoDatabaseLoadTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("vantage-geo-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    private static GeoLocation Locate(GeoDatabase database, string address) => database.Locate(IPAddress.Parse(address).GetAddressBytes());

    private GeoOptions Only(string? cityIPv4 = null, string? countryIPv4 = null) => new()
    {
        Folder = Path.Combine(temp, "empty"),
        CityIPv4 = cityIPv4,
        CountryIPv4 = countryIPv4,
        CacheFolder = Path.Combine(temp, "cache"),
    };

    [Fact]
    public void Missing_files_give_an_empty_database()
    {
        var database = GeoDatabase.Load(Only());
        Assert.False(Locate(database, "8.8.8.8").IsKnown);
        Assert.Equal(0u, database.Asn(IPAddress.Parse("8.8.8.8").GetAddressBytes()));
        Assert.Equal(0, database.LocationCount);
    }

    [Fact]
    public void A_corrupt_city_file_is_skipped_and_the_country_file_used()
    {
        var corrupt = Path.Combine(temp, "corrupt.mmdb");
        File.WriteAllBytes(corrupt, [1, 2, 3, 4, 5, 6, 7, 8]);
        var database = GeoDatabase.Load(Only(corrupt, Path.Combine(GeoData.Folder, "geolite2-country-mmdb", "geolite2-country-ipv4.mmdb")));
        var location = Locate(database, "202.12.27.33");
        Assert.Equal("JP", location.Country);
        Assert.False(location.HasCoordinates);
        Assert.False(Locate(database, "2001:7fd::1").IsKnown);
    }

    [Fact]
    public void A_dual_stack_file_serves_both_families()
    {
        var database = GeoDatabase.Load(Only(Path.Combine(GeoData.Folder, "geolite2-country-mmdb", "geolite2-country.mmdb")));
        Assert.Equal("JP", Locate(database, "202.12.27.33").Country);
        Assert.Equal("JP", Locate(database, "::ffff:202.12.27.33").Country);
        Assert.Equal("NL", Locate(database, "2001:7fd::1").Country);
    }

    [Fact]
    public void The_second_load_comes_from_the_cache_with_the_same_answers()
    {
        var options = Only(countryIPv4: Path.Combine(GeoData.Folder, "geolite2-country-mmdb", "geolite2-country-ipv4.mmdb"));
        var first = GeoDatabase.Load(options);
        var second = GeoDatabase.Load(options);
        Assert.False(first.LocationsFromCache);
        Assert.True(second.LocationsFromCache);
        Assert.Equal(first.LocationCount, second.LocationCount);
        Assert.Equal(first.LocationRangesV4, second.LocationRangesV4);
        foreach (var address in new[] { "8.8.8.8", "193.0.14.129", "200.160.0.8", "10.0.0.1" })
        {
            Assert.Equal(Locate(first, address), Locate(second, address));
        }
        Assert.Same(Vantage.Traffic.GeoTables.Country("NL")!.Code, Locate(second, "193.0.14.129").Country);
        Assert.Empty(Directory.GetFiles(Path.Combine(temp, "cache"), "*.tmp"));
    }

    [Fact]
    public void A_changed_source_invalidates_the_cache()
    {
        var copy = Path.Combine(temp, "country.mmdb");
        File.Copy(Path.Combine(GeoData.Folder, "geolite2-country-mmdb", "geolite2-country-ipv4.mmdb"), copy);
        var options = Only(countryIPv4: copy);
        GeoDatabase.Load(options);
        File.SetLastWriteTimeUtc(copy, DateTime.UtcNow.AddMinutes(-5));
        Assert.False(GeoDatabase.Load(options).LocationsFromCache);
        Assert.True(GeoDatabase.Load(options).LocationsFromCache);
    }

    [Fact]
    public void Options_resolve_relative_paths_under_the_folder()
    {
        var options = new GeoOptions { Folder = temp, CityIPv4 = "GeoLite2-City.mmdb" };
        Assert.Equal(Path.Combine(temp, "GeoLite2-City.mmdb"), options.ResolvedCityIPv4());
        Assert.Equal(Path.Combine(temp, "asn", "asn-ipv6-num.csv"), options.ResolvedAsnIPv6());
        Assert.Equal(Path.GetFullPath(Path.Combine(temp, "..", "vantage-cache")), options.ResolvedCacheFolder());
        Assert.Null(new GeoOptions { Folder = temp, CacheFolder = "" }.ResolvedCacheFolder());
    }
}
