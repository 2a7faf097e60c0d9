namespace Vantage.Traffic;

// CONTRACT (filled in by the geo data work): signatures are fixed, bodies are placeholders.

/// <summary>A country, US state or Canadian province: code, English name, approximate centre, georegion.</summary>
public sealed record GeoPlace(string Code, string Name, double Latitude, double Longitude, Georegion Region);

/// <summary>Static geography: ISO 3166-1 countries, US states, CA provinces, their centres and NS1 georegions.</summary>
public static class GeoTables
{
    public static GeoPlace? Country(string code) => null;

    public static GeoPlace? UsState(string code) => null;

    public static GeoPlace? CaProvince(string code) => null;

    /// <summary>Subdivision code from a name as found in geo databases ("US", "California" → "CA"); null when unknown.</summary>
    public static string? SubdivisionCode(string country, ReadOnlySpan<char> name) => null;

    /// <summary>Georegion of a country, refined by a US state or CA province when given.</summary>
    public static Georegion RegionOf(string country, string? subdivision) => Georegion.None;

    /// <summary>Approximate centre of a georegion.</summary>
    public static (double Latitude, double Longitude) RegionCentre(Georegion region) => (0, 0);
}
