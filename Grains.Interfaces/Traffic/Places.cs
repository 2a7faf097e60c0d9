namespace Vantage.Traffic;

/// <summary>Code checks for the geographic meta keys, against <see cref="GeoTables"/>.</summary>
internal static class Places
{
    public static bool IsCountry(string code) => GeoTables.Country(code) is not null;

    public static bool IsUsState(string code) => GeoTables.UsState(code) is not null;

    public static bool IsCaProvince(string code) => GeoTables.CaProvince(code) is not null;
}
