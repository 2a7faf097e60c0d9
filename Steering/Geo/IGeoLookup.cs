using Vantage.Traffic;

namespace Vantage.Steering.Geo;

/// <summary>
/// What the platform knows of a client address. Strings are references to shared, pre-built instances
/// (a lookup never allocates). Country and subdivision are upper-case codes; <see cref="Subdivision"/> is the
/// US state or CA province postal code (or the ISO 3166-2 code's suffix elsewhere) when known.
/// </summary>
public readonly record struct GeoLocation(
    string? Country,
    string? Subdivision,
    Georegion Region,
    bool HasCoordinates,
    double Latitude,
    double Longitude)
{
    public static readonly GeoLocation Unknown = default;

    public bool IsKnown => Country is not null;
}

/// <summary>Client address → location and AS number. Implementations must not allocate per lookup.</summary>
public interface IGeoLookup
{
    /// <param name="address">4 bytes (IPv4) or 16 bytes (IPv6), network order.</param>
    GeoLocation Locate(ReadOnlySpan<byte> address);

    /// <summary>The AS number announcing <paramref name="address"/>, or 0 when unknown.</summary>
    uint Asn(ReadOnlySpan<byte> address);
}

/// <summary>A lookup that knows nothing (no data installed).</summary>
public sealed class NoGeoData : IGeoLookup
{
    public static readonly NoGeoData Instance = new();

    public GeoLocation Locate(ReadOnlySpan<byte> address) => GeoLocation.Unknown;

    public uint Asn(ReadOnlySpan<byte> address) => 0;
}
