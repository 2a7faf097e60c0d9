namespace Vantage.Traffic;

public static partial class GeoTables
{
    /// <summary>
    /// The 50 states, DC and the inhabited territories by USPS code. Georegion by time zone (of most of the
    /// population): Eastern → US-EAST; Central and Mountain → US-CENTRAL; Pacific, Alaska and Hawaii → US-WEST.
    /// Puerto Rico and the US Virgin Islands are US-EAST; Guam, the Northern Marianas and American Samoa are
    /// US-WEST when they appear as a US state (as countries of their own they are ASIAPAC).
    /// </summary>
    private static readonly GeoPlace[] UsStateData =
    [
        new("AL", "Alabama", 32.8, -86.8, Uc),
        new("AK", "Alaska", 64.0, -152.0, Uw),
        new("AZ", "Arizona", 34.2, -111.7, Uc),
        new("AR", "Arkansas", 34.9, -92.4, Uc),
        new("CA", "California", 37.2, -119.5, Uw),
        new("CO", "Colorado", 39.0, -105.5, Uc),
        new("CT", "Connecticut", 41.6, -72.7, Ue),
        new("DE", "Delaware", 39.0, -75.5, Ue),
        new("DC", "District of Columbia", 38.9, -77.03, Ue),
        new("FL", "Florida", 28.6, -82.4, Ue),
        new("GA", "Georgia", 32.7, -83.4, Ue),
        new("HI", "Hawaii", 20.8, -156.3, Uw),
        new("ID", "Idaho", 44.4, -114.6, Uc),
        new("IL", "Illinois", 40.0, -89.2, Uc),
        new("IN", "Indiana", 39.9, -86.3, Ue),
        new("IA", "Iowa", 42.1, -93.5, Uc),
        new("KS", "Kansas", 38.5, -98.4, Uc),
        new("KY", "Kentucky", 37.5, -85.3, Ue),
        new("LA", "Louisiana", 31.0, -92.0, Uc),
        new("ME", "Maine", 45.4, -69.2, Ue),
        new("MD", "Maryland", 39.0, -76.8, Ue),
        new("MA", "Massachusetts", 42.3, -71.8, Ue),
        new("MI", "Michigan", 44.3, -85.4, Ue),
        new("MN", "Minnesota", 46.3, -94.3, Uc),
        new("MS", "Mississippi", 32.7, -89.7, Uc),
        new("MO", "Missouri", 38.4, -92.5, Uc),
        new("MT", "Montana", 47.0, -109.6, Uc),
        new("NE", "Nebraska", 41.5, -99.8, Uc),
        new("NV", "Nevada", 39.3, -116.6, Uw),
        new("NH", "New Hampshire", 43.7, -71.6, Ue),
        new("NJ", "New Jersey", 40.2, -74.7, Ue),
        new("NM", "New Mexico", 34.4, -106.1, Uc),
        new("NY", "New York", 42.9, -75.5, Ue),
        new("NC", "North Carolina", 35.6, -79.4, Ue),
        new("ND", "North Dakota", 47.5, -100.5, Uc),
        new("OH", "Ohio", 40.3, -82.8, Ue),
        new("OK", "Oklahoma", 35.6, -97.5, Uc),
        new("OR", "Oregon", 43.9, -120.6, Uw),
        new("PA", "Pennsylvania", 40.9, -77.8, Ue),
        new("RI", "Rhode Island", 41.7, -71.5, Ue),
        new("SC", "South Carolina", 33.9, -80.9, Ue),
        new("SD", "South Dakota", 44.4, -100.2, Uc),
        new("TN", "Tennessee", 35.9, -86.4, Uc),
        new("TX", "Texas", 31.5, -99.3, Uc),
        new("UT", "Utah", 39.3, -111.7, Uc),
        new("VT", "Vermont", 44.1, -72.7, Ue),
        new("VA", "Virginia", 37.5, -78.8, Ue),
        new("WA", "Washington", 47.4, -120.5, Uw),
        new("WV", "West Virginia", 38.6, -80.6, Ue),
        new("WI", "Wisconsin", 44.6, -89.9, Uc),
        new("WY", "Wyoming", 43.0, -107.5, Uc),
        new("PR", "Puerto Rico", 18.2, -66.5, Ue),
        new("VI", "U.S. Virgin Islands", 18.34, -64.9, Ue),
        new("GU", "Guam", 13.45, 144.8, Uw),
        new("MP", "Northern Mariana Islands", 15.2, 145.75, Uw),
        new("AS", "American Samoa", -14.3, -170.7, Uw),
    ];

    /// <summary>
    /// The 13 provinces and territories by Canada Post code, split like the US states (by time zone, a proxy
    /// for longitude): Atlantic and Eastern → US-EAST; Central and Mountain (MB, SK, AB, NT, NU) → US-CENTRAL;
    /// Pacific (BC, YT) → US-WEST.
    /// </summary>
    private static readonly GeoPlace[] CaProvinceData =
    [
        new("AB", "Alberta", 55.0, -115.0, Uc),
        new("BC", "British Columbia", 54.0, -125.0, Uw),
        new("MB", "Manitoba", 55.0, -97.0, Uc),
        new("NB", "New Brunswick", 46.5, -66.0, Ue),
        new("NL", "Newfoundland and Labrador", 53.0, -60.0, Ue),
        new("NS", "Nova Scotia", 45.0, -63.0, Ue),
        new("NT", "Northwest Territories", 64.8, -119.0, Uc),
        new("NU", "Nunavut", 70.0, -90.0, Uc),
        new("ON", "Ontario", 50.0, -85.0, Ue),
        new("PE", "Prince Edward Island", 46.4, -63.2, Ue),
        new("QC", "Québec", 52.0, -72.0, Ue),
        new("SK", "Saskatchewan", 54.0, -106.0, Uc),
        new("YT", "Yukon", 63.5, -135.5, Uw),
    ];

    /// <summary>Other spellings found in geo databases, besides each name, its unaccented form and its code.</summary>
    private static readonly (string Country, string Name, string Code)[] SubdivisionAliases =
    [
        ("US", "Washington, D.C.", "DC"),
        ("US", "Washington DC", "DC"),
        ("US", "Washington D.C.", "DC"),
        ("US", "United States Virgin Islands", "VI"),
        ("US", "Virgin Islands", "VI"),
        ("US", "Virgin Islands, U.S.", "VI"),
        ("US", "Northern Marianas", "MP"),
        ("CA", "Newfoundland", "NL"),
        ("CA", "Labrador", "NL"),
        ("CA", "Yukon Territory", "YT"),
        ("CA", "Northwest Territory", "NT"),
        ("CA", "PEI", "PE"),
    ];
}
