namespace Vantage.Traffic;

/// <summary>
/// Code checks for the geographic meta keys, against <see cref="GeoTables"/>. While the tables are still
/// empty placeholders (no country is known at all, not even "US"), any two-letter code is accepted so that
/// records with geo meta keep working; as soon as the tables hold data, only real codes pass.
/// </summary>
internal static class Places
{
    private static readonly bool TablesLoaded = GeoTables.Country("US") is not null;

    public static bool IsCountry(string code) => GeoTables.Country(code) is not null || Fallback(code);

    public static bool IsUsState(string code) => GeoTables.UsState(code) is not null || Fallback(code);

    public static bool IsCaProvince(string code) => GeoTables.CaProvince(code) is not null || Fallback(code);

    private static bool Fallback(string code) =>
        !TablesLoaded && code.Length == 2 && char.IsAsciiLetterUpper(code[0]) && char.IsAsciiLetterUpper(code[1]);
}
