using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using MaxMind.Db;
using Vantage.Traffic;

namespace Vantage.Steering.Geo;

/// <summary>
/// One record of a geo mmdb, tolerant to both ip-location-db's flat record (<c>country_code</c>, <c>state1</c>,
/// <c>latitude</c>, <c>longitude</c>) and GeoIP2's nested one (<c>country.iso_code</c>,
/// <c>subdivisions[0].iso_code</c>, <c>location.latitude</c>).
/// </summary>
internal sealed class MmdbRecord
{
    [Constructor]
    public MmdbRecord(
        [MapKey("country_code")] string? countryCode,
        [MapKey("state1")] string? state1,
        [MapKey("latitude")] object? latitude,
        [MapKey("longitude")] object? longitude,
        [MapKey("country")] MmdbCode? country,
        [MapKey("registered_country")] MmdbCode? registeredCountry,
        [MapKey("subdivisions")] List<MmdbCode>? subdivisions,
        [MapKey("location")] MmdbLocation? location)
    {
        CountryCode = countryCode is { Length: > 0 } ? countryCode : country?.IsoCode ?? registeredCountry?.IsoCode;
        SubdivisionName = state1;
        SubdivisionIsoCode = subdivisions is { Count: > 0 } ? subdivisions[0].IsoCode : null;
        Latitude = Number(latitude) ?? Number(location?.Latitude);
        Longitude = Number(longitude) ?? Number(location?.Longitude);
    }

    public string? CountryCode { get; }
    public string? SubdivisionName { get; }
    public string? SubdivisionIsoCode { get; }
    public double? Latitude { get; }
    public double? Longitude { get; }

    private static double? Number(object? value) => value switch
    {
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        string s when double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };
}

internal sealed class MmdbCode
{
    [Constructor]
    public MmdbCode([MapKey("iso_code")] string? isoCode) => IsoCode = isoCode;

    public string? IsoCode { get; }
}

internal sealed class MmdbLocation
{
    [Constructor]
    public MmdbLocation([MapKey("latitude")] object? latitude, [MapKey("longitude")] object? longitude)
    {
        Latitude = latitude;
        Longitude = longitude;
    }

    public object? Latitude { get; }
    public object? Longitude { get; }
}

/// <summary>Deduplicates locations while a database loads; strings are shared instances.</summary>
internal sealed class LocationTable
{
    private readonly Dictionary<GeoLocation, int> index = [];
    private readonly Dictionary<string, string> strings = new(StringComparer.Ordinal);

    public List<GeoLocation> Locations { get; } = [];

    public int Add(MmdbRecord record)
    {
        var country = Country(record.CountryCode);
        if (country is null) return RangeTable<uint>.None;
        string? subdivision = null;
        if (record.SubdivisionIsoCode is { Length: > 0 } iso)
        {
            subdivision = GeoTables.SubdivisionCode(country, iso) ?? Intern(iso.ToUpperInvariant());
        }
        else if (record.SubdivisionName is { Length: > 0 } name)
        {
            subdivision = GeoTables.SubdivisionCode(country, name);
        }
        var hasCoordinates = record.Latitude is not null && record.Longitude is not null;
        var location = new GeoLocation(
            country,
            subdivision,
            GeoTables.RegionOf(country, subdivision),
            hasCoordinates,
            hasCoordinates ? Math.Round(record.Latitude!.Value, 4) : 0,
            hasCoordinates ? Math.Round(record.Longitude!.Value, 4) : 0);
        return Add(location);
    }

    public int Add(GeoLocation location)
    {
        if (index.TryGetValue(location, out var at)) return at;
        at = Locations.Count;
        Locations.Add(location);
        index.Add(location, at);
        return at;
    }

    /// <summary>The shared instance for a string read from a file or a cache.</summary>
    public string Intern(string text)
    {
        if (GeoTables.Country(text) is { } place && place.Code == text) return place.Code;
        if (strings.TryGetValue(text, out var shared)) return shared;
        strings.Add(text, text);
        return text;
    }

    private string? Country(string? code)
    {
        if (code is not { Length: > 0 }) return null;
        return GeoTables.Country(code)?.Code ?? Intern(code.ToUpperInvariant());
    }
}

/// <summary>Reads every network of an mmdb into range tables.</summary>
internal static class GeoMmdbReader
{
    private static readonly UInt128 V4MappedPrefix = (UInt128)0xFFFF << 32;

    /// <summary>Adds the file's networks; IPv4 ones (and IPv6's IPv4-mapped and ::/96 subtrees) go to v4.</summary>
    public static void Read(string path, LocationTable locations, RangeTableBuilder<uint> v4, RangeTableBuilder<UInt128> v6)
    {
        using var reader = new Reader(path, FileAccessMode.Memory);
        var memo = new Dictionary<MmdbRecord, int>(ReferenceEqualityComparer.Instance);
        Span<byte> bytes = stackalloc byte[16];
        foreach (var node in reader.FindAll<MmdbRecord>(cacheSize: 1 << 16))
        {
            if (!memo.TryGetValue(node.Data, out var value))
            {
                value = locations.Add(node.Data);
                if (memo.Count > 1 << 16) memo.Clear();
                memo[node.Data] = value;
            }
            if (value == RangeTable<uint>.None) continue;
            AddNetwork(node.Start, node.PrefixLength, value, bytes, v4, v6);
        }
    }

    private static void AddNetwork(IPAddress start, int prefix, int value, Span<byte> bytes, RangeTableBuilder<uint> v4, RangeTableBuilder<UInt128> v6)
    {
        if (start.AddressFamily == AddressFamily.InterNetwork)
        {
            start.TryWriteBytes(bytes, out _);
            var first = BinaryPrimitives.ReadUInt32BigEndian(bytes);
            var last = prefix >= 32 ? first : first | (uint.MaxValue >> prefix);
            v4.Add(first, last, value);
            return;
        }
        start.TryWriteBytes(bytes, out _);
        var address = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        var end = prefix >= 128 ? address : address | (UInt128.MaxValue >> prefix);
        if (prefix >= 96 && (address >> 32 == 0 || address >> 32 == V4MappedPrefix >> 32))
        {
            v4.Add((uint)address, (uint)end, value);
            return;
        }
        if (prefix >= 16 && address >> 112 == 0x2002) return; // 6to4: an alias of the IPv4 tree in dual-stack files
        v6.Add(address, end, value);
    }
}
