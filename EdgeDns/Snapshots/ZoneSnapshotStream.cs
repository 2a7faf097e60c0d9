using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Vantage.Zones;
using Vantage.EdgeDns.Zones;
using Vantage.Events;
using Vantage.Model;

namespace Vantage.EdgeDns.Snapshots;

/// <summary>
/// The streamed on-disk form of one zone (format 2): written straight from a compiled zone's compact records and read
/// straight into the compiler, so neither side holds the zone as records or as one JSON document. Little-endian:
/// <code>
/// magic "VNTGZSNP" (8) | format version u16 = 2 | zone name length u16 | zone name UTF-8 | zone version i64 |
/// settings length i32 | settings (UTF-8 JSON) | records: (length i32 | RecordModel bytes)* | -1 i32 | record count i64 |
/// SHA-256 (32) over everything before it
/// </code>
/// </summary>
public static class ZoneSnapshotStream
{
    /// <summary>
    /// The format written: 3 has the layout of 2, but its records may be stored relative to the zone and with
    /// addresses as bytes (RecordModel's newer flags), which an edge that only knows format 2 must not read.
    /// </summary>
    public const ushort FormatVersion = 3;

    /// <summary>True for the streamed formats this edge reads (2 and 3).</summary>
    public static bool Reads(ushort format) => format is 2 or FormatVersion;

    /// <summary>Largest single record (a record set with very many answers) accepted when reading.</summary>
    public const int MaxRecordBytes = 16 * 1024 * 1024;

    private const int HashBytes = 32;
    private static readonly byte[] Magic = "VNTGZSNP"u8.ToArray();

    /// <summary>Writes <paramref name="zone"/> (an immutable version: safe to write while newer versions are applied).</summary>
    public static void Write(Stream stream, CompiledZone zone)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[64];
        void Put(ReadOnlySpan<byte> bytes)
        {
            sha.AppendData(bytes);
            stream.Write(bytes);
        }
        void PutInt32(int v)
        {
            BinaryPrimitives.WriteInt32LittleEndian(buffer, v);
            Put(buffer.AsSpan(0, 4));
        }

        var name = Encoding.UTF8.GetBytes(zone.Name);
        Put(Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer, FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(2), checked((ushort)name.Length));
        Put(buffer.AsSpan(0, 4));
        Put(name);
        BinaryPrimitives.WriteInt64LittleEndian(buffer, zone.Version);
        Put(buffer.AsSpan(0, 8));
        var settings = JsonSerializer.SerializeToUtf8Bytes(zone.Settings);
        PutInt32(settings.Length);
        Put(settings);
        long count = 0;
        foreach (var model in ZoneStore.ModelsOf(zone))
        {
            PutInt32(model.Length);
            Put(model);
            count++;
        }
        PutInt32(-1);
        BinaryPrimitives.WriteInt64LittleEndian(buffer, count);
        Put(buffer.AsSpan(0, 8));
        stream.Write(sha.GetHashAndReset());
    }

    /// <summary>
    /// Reads a format-2 file whose magic and format version were already read (<paramref name="header"/>, 10 bytes),
    /// feeding every record to <paramref name="onRecord"/> as it comes. Returns the error, or null when the file checks out.
    /// </summary>
    public static string? Read(Stream stream, ReadOnlySpan<byte> header, Action<ZoneSettings, long> onStart, Action<DnsRecord, byte[]> onRecord,
        out string zone, out long version)
    {
        zone = "";
        version = 0;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(header);
        var buffer = new byte[64];
        bool Take(Span<byte> into)
        {
            if (stream.ReadAtLeast(into, into.Length, throwOnEndOfStream: false) != into.Length) return false;
            sha.AppendData(into);
            return true;
        }

        if (!Take(buffer.AsSpan(0, 2))) return "file is truncated";
        var nameBytes = new byte[BinaryPrimitives.ReadUInt16LittleEndian(buffer)];
        if (!Take(nameBytes) || !Take(buffer.AsSpan(0, 12))) return "file is truncated";
        version = BinaryPrimitives.ReadInt64LittleEndian(buffer);
        var settingsLength = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(8));
        if (settingsLength is < 0 or > MaxRecordBytes) return $"bad settings length {settingsLength}";
        var settingsBytes = new byte[settingsLength];
        if (!Take(settingsBytes)) return "file is truncated";
        try
        {
            zone = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(nameBytes);
        }
        catch (DecoderFallbackException)
        {
            return "zone name is not UTF-8";
        }
        if (version < 1) return $"bad zone version {version}";
        ZoneSettings? settings;
        try
        {
            settings = JsonSerializer.Deserialize<ZoneSettings>(settingsBytes);
        }
        catch (JsonException e)
        {
            return "settings are not zone settings: " + e.Message;
        }
        if (settings is null || settings.Name != zone) return "settings do not match the header's zone";
        onStart(settings, version);

        long count = 0;
        while (true)
        {
            if (!Take(buffer.AsSpan(0, 4))) return "file is truncated";
            var length = BinaryPrimitives.ReadInt32LittleEndian(buffer);
            if (length == -1) break;
            if (length is < 1 or > MaxRecordBytes) return $"bad record length {length}";
            var model = new byte[length];
            if (!Take(model)) return "file is truncated";
            DnsRecord record;
            try
            {
                record = RecordModel.Decode(model, zone);
            }
            catch (Exception e) when (e is FormatException or JsonException or IndexOutOfRangeException or ArgumentException)
            {
                // The checksum below says whether this is damage; a record that checks out but does not decode is refused too.
                return "record " + count + " does not decode: " + e.Message;
            }
            onRecord(record, model);
            count++;
        }
        if (!Take(buffer.AsSpan(0, 8))) return "file is truncated";
        if (BinaryPrimitives.ReadInt64LittleEndian(buffer) != count) return "record count mismatch";
        Span<byte> stored = stackalloc byte[HashBytes];
        if (stream.ReadAtLeast(stored, HashBytes, throwOnEndOfStream: false) != HashBytes) return "file is truncated";
        Span<byte> actual = stackalloc byte[HashBytes];
        sha.GetHashAndReset(actual);
        if (!CryptographicOperations.FixedTimeEquals(stored, actual)) return "checksum mismatch";
        if (stream.ReadByte() >= 0) return "file has trailing bytes";
        return null;
    }

    /// <summary>Decodes a whole format-2 file held in memory into a snapshot (tools and tests).</summary>
    public static bool TryDecode(ReadOnlySpan<byte> file, out ZoneSnapshot? snapshot, out string? error)
    {
        snapshot = null;
        using var stream = new MemoryStream(file.ToArray(), writable: false);
        var header = new byte[10];
        if (stream.Read(header) != header.Length)
        {
            error = "file is truncated";
            return false;
        }
        ZoneSettings? settings = null;
        var records = new List<DnsRecord>();
        error = Read(stream, header, (s, _) => settings = s, (r, _) => records.Add(r), out _, out var version);
        if (error is not null) return false;
        snapshot = new ZoneSnapshot { Settings = settings!, Version = version, Records = [.. records] };
        return true;
    }
}
