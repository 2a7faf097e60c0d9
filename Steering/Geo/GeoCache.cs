using System.Runtime.InteropServices;
using System.Text;
using Vantage.Traffic;

namespace Vantage.Steering.Geo;

/// <summary>
/// The converted location tables in a binary file, so that a restart skips decoding the mmdb files. The key
/// names every source (path, size, modification time); a different key means the cache is stale. Written to a
/// temporary file and renamed into place, so readers never see a partial file.
/// </summary>
internal static class GeoCache
{
    private const int Magic = 0x56474331; // "VGC1"
    /// <summary>Bump when the file layout or the tables it is derived from (GeoTables' regions, names) change.</summary>
    private const int Version = 2;

    public static string Key(IEnumerable<string> sources)
    {
        var key = new StringBuilder();
        foreach (var source in sources)
        {
            var info = new FileInfo(source);
            key.Append(info.FullName).Append('|').Append(info.Length).Append('|').Append(info.LastWriteTimeUtc.Ticks).Append('\n');
        }
        return key.ToString();
    }

    public static GeoTablesData? TryRead(string file, string key)
    {
        if (!File.Exists(file)) return null;
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        if (reader.ReadInt32() != Magic || reader.ReadInt32() != Version || reader.ReadString() != key) return null;
        var stringCount = reader.ReadInt32();
        if (stringCount < 0 || stringCount > 10_000_000) return null;
        var strings = new string?[stringCount + 1];
        var interner = new LocationTable();
        for (var i = 1; i < strings.Length; i++) strings[i] = interner.Intern(reader.ReadString());
        var count = reader.ReadInt32();
        if (count < 0 || count > 100_000_000) return null;
        var locations = new GeoLocation[count];
        for (var i = 0; i < count; i++)
        {
            int countryAt = reader.ReadInt32(), subdivisionAt = reader.ReadInt32();
            if ((uint)countryAt >= (uint)strings.Length || (uint)subdivisionAt >= (uint)strings.Length) return null;
            var country = strings[countryAt];
            var subdivision = strings[subdivisionAt];
            var regionByte = reader.ReadByte();
            if (regionByte >= Georegions.Names.Length) return null;
            var region = (Georegion)regionByte;
            var hasCoordinates = reader.ReadBoolean();
            locations[i] = new GeoLocation(country, subdivision, region, hasCoordinates, reader.ReadDouble(), reader.ReadDouble());
        }
        var v4 = new RangeTable<uint>(ReadArray<uint>(reader), ReadArray<int>(reader));
        var v6 = new RangeTable<UInt128>(ReadArray<UInt128>(reader), ReadArray<int>(reader));
        if (reader.ReadInt32() != Magic) return null;
        foreach (var value in v4.Values) if (value >= count) return null;
        foreach (var value in v6.Values) if (value >= count) return null;
        return new GeoTablesData(v4, v6, locations);
    }

    public static void Write(string file, string key, GeoTablesData data)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temp = file + "." + Environment.ProcessId + ".tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            using (var writer = new BinaryWriter(stream, Encoding.UTF8))
            {
                writer.Write(Magic);
                writer.Write(Version);
                writer.Write(key);
                var ids = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var location in data.Locations)
                {
                    if (location.Country is { } c) ids.TryAdd(c, ids.Count + 1);
                    if (location.Subdivision is { } s) ids.TryAdd(s, ids.Count + 1);
                }
                writer.Write(ids.Count);
                foreach (var text in ids.Keys) writer.Write(text);
                writer.Write(data.Locations.Length);
                foreach (var location in data.Locations)
                {
                    writer.Write(location.Country is null ? 0 : ids[location.Country]);
                    writer.Write(location.Subdivision is null ? 0 : ids[location.Subdivision]);
                    writer.Write((byte)location.Region);
                    writer.Write(location.HasCoordinates);
                    writer.Write(location.Latitude);
                    writer.Write(location.Longitude);
                }
                WriteArray(writer, data.V4.Starts);
                WriteArray(writer, data.V4.Values);
                WriteArray(writer, data.V6.Starts);
                WriteArray(writer, data.V6.Values);
                writer.Write(Magic);
            }
            File.Move(temp, file, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static void WriteArray<T>(BinaryWriter writer, ReadOnlySpan<T> items) where T : unmanaged
    {
        writer.Write(items.Length);
        writer.Write(MemoryMarshal.AsBytes(items));
    }

    private static T[] ReadArray<T>(BinaryReader reader) where T : unmanaged
    {
        var length = reader.ReadInt32();
        if (length < 0 || (long)length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>() > reader.BaseStream.Length) throw new InvalidDataException("bad array length");
        var items = new T[length];
        var bytes = MemoryMarshal.AsBytes(items.AsSpan());
        reader.BaseStream.ReadExactly(bytes);
        return items;
    }
}

/// <summary>The location part of a loaded database: both range tables and the shared locations.</summary>
internal sealed record GeoTablesData(RangeTable<uint> V4, RangeTable<UInt128> V6, GeoLocation[] Locations);
