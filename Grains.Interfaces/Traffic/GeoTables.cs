namespace Vantage.Traffic;

/// <summary>A country, US state or Canadian province: code, English name, approximate centre, georegion.</summary>
public sealed record GeoPlace(string Code, string Name, double Latitude, double Longitude, Georegion Region);

/// <summary>
/// Static geography: ISO 3166-1 countries, US states, CA provinces, their centres and NS1 georegions.
/// Code lookups are case-insensitive ("us" finds US) and return the shared instances, whose
/// <see cref="GeoPlace.Code"/> strings callers may keep to avoid allocating their own copies.
/// </summary>
public static partial class GeoTables
{
    /// <summary>All countries (ISO 3166-1 alpha-2 plus XK), ordered by code.</summary>
    public static IReadOnlyList<GeoPlace> Countries => CountryData;

    /// <summary>US states, DC and territories.</summary>
    public static IReadOnlyList<GeoPlace> UsStates => UsStateData;

    /// <summary>Canadian provinces and territories.</summary>
    public static IReadOnlyList<GeoPlace> CaProvinces => CaProvinceData;

    public static GeoPlace? Country(string code) => code is null ? null : Index.CountryByCode.GetValueOrDefault(code);

    /// <summary>The country for a code held in a span (no allocation); null when unknown.</summary>
    public static GeoPlace? Country(ReadOnlySpan<char> code) => Index.CountrySpanLookup.TryGetValue(code, out var place) ? place : null;

    public static GeoPlace? UsState(string code) => code is null ? null : Index.UsStateByCode.GetValueOrDefault(code);

    public static GeoPlace? CaProvince(string code) => code is null ? null : Index.CaProvinceByCode.GetValueOrDefault(code);

    /// <summary>
    /// Subdivision code from a name as found in geo databases ("US", "California" → "CA"); null when unknown.
    /// Case-insensitive; accented and unaccented spellings both match ("Québec", "Quebec"); the code itself
    /// ("CA") also matches. Only US states and Canadian provinces are known. Never allocates.
    /// </summary>
    public static string? SubdivisionCode(string country, ReadOnlySpan<char> name)
    {
        if (country is null || country.Length != 2) return null;
        var c0 = (char)(country[0] | 0x20);
        var c1 = (char)(country[1] | 0x20);
        string? code;
        if (c0 == 'u' && c1 == 's') return Index.UsStateByName.TryGetValue(name.Trim(), out code) ? code : null;
        if (c0 == 'c' && c1 == 'a') return Index.CaProvinceByName.TryGetValue(name.Trim(), out code) ? code : null;
        return null;
    }

    /// <summary>
    /// Georegion of a country, refined by a US state or CA province when given. A US or CA address without a
    /// (known) subdivision is US-CENTRAL; an unknown country is <see cref="Georegion.None"/>.
    /// </summary>
    public static Georegion RegionOf(string country, string? subdivision)
    {
        if (country is null) return Georegion.None;
        if (!Index.CountryByCode.TryGetValue(country, out var place)) return Georegion.None;
        if (subdivision is not null)
        {
            if (place.Code == "US" && Index.UsStateByCode.TryGetValue(subdivision, out var state)) return state.Region;
            if (place.Code == "CA" && Index.CaProvinceByCode.TryGetValue(subdivision, out var province)) return province.Region;
        }
        return place.Region;
    }

    /// <summary>
    /// Approximate centre of a georegion (a point near where its traffic concentrates): US-EAST northern
    /// Virginia, US-CENTRAL Kansas, US-WEST northern California, EUROPE central Germany, ASIAPAC the South China
    /// Sea coast (between Japan, India and Australia), SOUTH-AMERICA central Brazil, AFRICA the Congo basin.
    /// </summary>
    public static (double Latitude, double Longitude) RegionCentre(Georegion region) => region switch
    {
        Georegion.UsEast => (38.5, -78.0),
        Georegion.UsCentral => (38.5, -97.0),
        Georegion.UsWest => (38.0, -121.0),
        Georegion.Europe => (50.0, 10.0),
        Georegion.AsiaPac => (15.0, 110.0),
        Georegion.SouthAmerica => (-15.0, -55.0),
        Georegion.Africa => (2.0, 20.0),
        _ => (0, 0),
    };

    /// <summary>Indexes, in a nested class so that they are built after the data arrays (declared in other files).</summary>
    private static class Index
    {
        public static readonly Dictionary<string, GeoPlace> CountryByCode = ByCode(CountryData);
        public static readonly Dictionary<string, GeoPlace> UsStateByCode = ByCode(UsStateData);
        public static readonly Dictionary<string, GeoPlace> CaProvinceByCode = ByCode(CaProvinceData);
        public static readonly Dictionary<string, GeoPlace>.AlternateLookup<ReadOnlySpan<char>> CountrySpanLookup =
            CountryByCode.GetAlternateLookup<ReadOnlySpan<char>>();
        public static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> UsStateByName = ByName("US", UsStateData);
        public static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> CaProvinceByName = ByName("CA", CaProvinceData);
    }

    private static Dictionary<string, GeoPlace> ByCode(GeoPlace[] places)
    {
        var map = new Dictionary<string, GeoPlace>(places.Length, StringComparer.OrdinalIgnoreCase);
        foreach (var place in places) map.Add(place.Code, place);
        return map;
    }

    private static Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> ByName(string country, GeoPlace[] places)
    {
        var map = new Dictionary<string, string>(places.Length * 3, StringComparer.OrdinalIgnoreCase);
        foreach (var place in places)
        {
            map.TryAdd(place.Code, place.Code);
            map.TryAdd(place.Name, place.Code);
            map.TryAdd(FoldAccents(place.Name), place.Code);
        }
        foreach (var (aliasCountry, name, code) in SubdivisionAliases)
        {
            if (aliasCountry != country) continue;
            var shared = Array.Find(places, p => p.Code == code)!.Code;
            map.TryAdd(name, shared);
            map.TryAdd(FoldAccents(name), shared);
        }
        return map.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Latin letters with diacritics → plain ASCII ("Québec" → "Quebec"); used when building tables.</summary>
    public static string FoldAccents(string text)
    {
        const string accented = "àáâãäåçèéêëìíîïñòóôõöøùúûüýÿÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝ";
        const string plain = "aaaaaaceeeeiiiinoooooouuuuyyAAAAAACEEEEIIIINOOOOOOUUUUY";
        var chars = text.ToCharArray();
        var changed = false;
        for (var i = 0; i < chars.Length; i++)
        {
            var at = accented.IndexOf(chars[i]);
            if (at >= 0)
            {
                chars[i] = plain[at];
                changed = true;
            }
        }
        return changed ? new string(chars) : text;
    }
}
