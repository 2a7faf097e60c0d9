using System.Buffers.Binary;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Vantage.Steering.Geo;

/// <summary>
/// GeoIP and ASN data held as compact sorted range tables: address → location (country, US state / CA
/// province, georegion, coordinates) and address → AS number. Built once by <see cref="Load"/>; lookups are
/// binary searches that allocate nothing and are safe from any number of threads. IPv4-mapped IPv6 addresses
/// (<c>::ffff:a.b.c.d</c>) are looked up as IPv4.
/// </summary>
public sealed class GeoDatabase : IGeoLookup
{
    private const string CacheFileName = "geo-locations.bin";

    private readonly RangeTable<uint> locationsV4;
    private readonly RangeTable<UInt128> locationsV6;
    private readonly GeoLocation[] locations;
    private readonly RangeTable<uint> asnV4;
    private readonly RangeTable<UInt128> asnV6;

    private GeoDatabase(GeoTablesData data, RangeTable<uint> asnV4, RangeTable<UInt128> asnV6)
    {
        locationsV4 = data.V4;
        locationsV6 = data.V6;
        locations = data.Locations;
        this.asnV4 = asnV4;
        this.asnV6 = asnV6;
    }

    /// <summary>Distinct locations.</summary>
    public int LocationCount => locations.Length;

    /// <summary>IPv4 / IPv6 location ranges (gaps included).</summary>
    public int LocationRangesV4 => locationsV4.Count;

    public int LocationRangesV6 => locationsV6.Count;

    /// <summary>IPv4 / IPv6 ASN ranges (gaps included).</summary>
    public int AsnRangesV4 => asnV4.Count;

    public int AsnRangesV6 => asnV6.Count;

    /// <summary>Whether the location tables came from the cache rather than the mmdb files.</summary>
    public bool LocationsFromCache { get; private init; }

    /// <summary>How long <see cref="Load"/> took for locations and for AS numbers.</summary>
    public TimeSpan LocationLoadTime { get; private init; }

    public TimeSpan AsnLoadTime { get; private init; }

    /// <summary>Bytes held by the range tables (locations excluded).</summary>
    public long TableBytes => locationsV4.SizeInBytes + locationsV6.SizeInBytes + asnV4.SizeInBytes + asnV6.SizeInBytes;

    public GeoLocation Locate(ReadOnlySpan<byte> address)
    {
        int at;
        if (address.Length == 4) at = locationsV4.Find(BinaryPrimitives.ReadUInt32BigEndian(address));
        else if (address.Length != 16) return GeoLocation.Unknown;
        else if (IsV4Mapped(address)) at = locationsV4.Find(BinaryPrimitives.ReadUInt32BigEndian(address[12..]));
        else at = locationsV6.Find(BinaryPrimitives.ReadUInt128BigEndian(address));
        return at < 0 ? GeoLocation.Unknown : locations[at];
    }

    public uint Asn(ReadOnlySpan<byte> address)
    {
        int asn;
        if (address.Length == 4) asn = asnV4.Find(BinaryPrimitives.ReadUInt32BigEndian(address));
        else if (address.Length != 16) return 0;
        else if (IsV4Mapped(address)) asn = asnV4.Find(BinaryPrimitives.ReadUInt32BigEndian(address[12..]));
        else asn = asnV6.Find(BinaryPrimitives.ReadUInt128BigEndian(address));
        return asn == RangeTable<uint>.None ? 0 : unchecked((uint)asn);
    }

    private static bool IsV4Mapped(ReadOnlySpan<byte> address) =>
        BinaryPrimitives.ReadUInt64BigEndian(address) == 0 && BinaryPrimitives.ReadUInt32BigEndian(address[8..]) == 0xFFFF;

    /// <summary>
    /// Loads what is there. Missing files leave their part unknown; unreadable files are logged and skipped;
    /// neither throws. The city files are preferred; a family without one falls back to the country file.
    /// </summary>
    public static GeoDatabase Load(GeoOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        var (data, fromCache, sources) = LoadLocations(options, logger);
        var locationTime = clock.Elapsed;
        if (logger is not null)
        {
            GeoLog.Locations(logger, data.V4.ValueCount, data.V6.ValueCount, data.Locations.Length,
                sources.Count == 0 ? "no files" : string.Join(", ", sources), (long)locationTime.TotalMilliseconds, fromCache ? "hit" : "miss");
        }

        clock.Restart();
        var asnV4 = new RangeTableBuilder<uint>();
        var asnV6 = new RangeTableBuilder<UInt128>();
        ReadAsn(options.ResolvedAsnIPv4(), ipv6File: false, "IPv4 ASN", asnV4, asnV6, logger);
        ReadAsn(options.ResolvedAsnIPv6(), ipv6File: true, "IPv6 ASN", asnV4, asnV6, logger);
        var asn4 = asnV4.Build();
        var asn6 = asnV6.Build();
        var asnTime = clock.Elapsed;
        if (logger is not null) GeoLog.Asns(logger, asn4.ValueCount, asn6.ValueCount, (long)asnTime.TotalMilliseconds);

        return new GeoDatabase(data, asn4, asn6)
        {
            LocationsFromCache = fromCache,
            LocationLoadTime = locationTime,
            AsnLoadTime = asnTime,
        };
    }

    private static (GeoTablesData Data, bool FromCache, List<string> Sources) LoadLocations(GeoOptions options, ILogger? logger)
    {
        var city4 = options.ResolvedCityIPv4();
        var city6 = options.ResolvedCityIPv6();
        var country4 = options.ResolvedCountryIPv4();
        var country6 = options.ResolvedCountryIPv6();

        // A family without its city file uses the country file, unless another city file is dual-stack:
        // that is only known after reading, so the plan is: city files first, then fallbacks for empty families.
        var cityFiles = Existing(city4, city6);
        var cacheFolder = options.ResolvedCacheFolder();
        var candidates = new List<string>(cityFiles);
        if (!File.Exists(city4) && File.Exists(country4)) candidates.Add(country4);
        if (!File.Exists(city6) && File.Exists(country6)) candidates.Add(country6);
        candidates = candidates.Distinct(StringComparer.Ordinal).ToList();
        var key = GeoCache.Key(candidates);
        var cacheFile = cacheFolder is null || candidates.Count == 0 ? null : Path.Combine(cacheFolder, CacheFileName);

        if (cacheFile is not null)
        {
            try
            {
                if (GeoCache.TryRead(cacheFile, key) is { } cached) return (cached, true, candidates);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // Whatever is wrong with the cache (truncated, corrupt indices, foreign format), rebuild from the sources.
                if (logger is not null) GeoLog.CacheUnreadable(logger, exception, cacheFile);
            }
        }

        var table = new LocationTable();
        var v4 = new RangeTableBuilder<uint>();
        var v6 = new RangeTableBuilder<UInt128>();
        var read = new List<string>();
        ReadMmdb(city4, "IPv4 location", table, v4, v6, read, logger);
        ReadMmdb(city6, "IPv6 location", table, v4, v6, read, logger);
        if (v4.Count == 0) ReadMmdb(country4, "IPv4 location", table, v4, v6, read, logger);
        if (v6.Count == 0) ReadMmdb(country6, "IPv6 location", table, v4, v6, read, logger);
        var data = new GeoTablesData(v4.Build(), v6.Build(), [.. table.Locations]);

        if (cacheFile is not null && read.Count > 0)
        {
            try
            {
                GeoCache.Write(cacheFile, key, data);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                if (logger is not null) GeoLog.CacheUnwritable(logger, exception, cacheFile);
            }
        }
        return (data, false, read);
    }

    private static List<string> Existing(params string[] paths) => paths.Where(File.Exists).Distinct(StringComparer.Ordinal).ToList();

    private static void ReadMmdb(string path, string part, LocationTable table, RangeTableBuilder<uint> v4, RangeTableBuilder<UInt128> v6, List<string> read, ILogger? logger)
    {
        if (read.Contains(path, StringComparer.Ordinal)) return;
        if (ReadFile(path, part, (file4, file6) => GeoMmdbReader.Read(path, table, file4, file6), v4, v6, logger)) read.Add(path);
    }

    private static void ReadAsn(string path, bool ipv6File, string part, RangeTableBuilder<uint> v4, RangeTableBuilder<UInt128> v6, ILogger? logger) =>
        ReadFile(path, part, (file4, file6) => AsnCsvReader.Read(path, ipv6File, file4, file6), v4, v6, logger);

    /// <summary>
    /// Reads one source file into builders of its own first, so that a file failing half-way adds nothing;
    /// a missing or unreadable file is logged and leaves that part unknown. True when the file was read.
    /// </summary>
    private static bool ReadFile(string path, string part, Action<RangeTableBuilder<uint>, RangeTableBuilder<UInt128>> read,
        RangeTableBuilder<uint> v4, RangeTableBuilder<UInt128> v6, ILogger? logger)
    {
        if (!File.Exists(path))
        {
            if (logger is not null) GeoLog.Missing(logger, path, part);
            return false;
        }
        try
        {
            var fileV4 = new RangeTableBuilder<uint>();
            var fileV6 = new RangeTableBuilder<UInt128>();
            read(fileV4, fileV6);
            v4.AddAll(fileV4);
            v6.AddAll(fileV6);
            return true;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            if (logger is not null) GeoLog.Corrupt(logger, exception, path);
            return false;
        }
    }
}
