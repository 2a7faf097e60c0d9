namespace Vantage.Traffic;

/// <summary>NS1's georegions (the <c>georegion</c> meta key and the regional filters).</summary>
public enum Georegion : byte
{
    None = 0,
    UsEast,
    UsCentral,
    UsWest,
    Europe,
    AsiaPac,
    SouthAmerica,
    Africa,
}

public static class Georegions
{
    /// <summary>NS1 spelling of each region, indexed by <see cref="Georegion"/>.</summary>
    public static readonly string[] Names = ["", "US-EAST", "US-CENTRAL", "US-WEST", "EUROPE", "ASIAPAC", "SOUTH-AMERICA", "AFRICA"];

    public static string Name(Georegion region) => Names[(int)region];

    /// <summary>Parses an NS1 georegion name (case-insensitive).</summary>
    public static bool TryParse(string? text, out Georegion region)
    {
        for (var i = 1; i < Names.Length; i++)
        {
            if (string.Equals(Names[i], text, StringComparison.OrdinalIgnoreCase))
            {
                region = (Georegion)i;
                return true;
            }
        }
        region = Georegion.None;
        return false;
    }
}
