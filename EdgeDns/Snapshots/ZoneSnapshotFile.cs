using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Vantage.Events;

namespace Vantage.EdgeDns.Snapshots;

/// <summary>
/// The on-disk form of one zone. Little-endian header, then the payload:
/// <code>
/// magic "VNTGZSNP" (8) | format version u16 | zone name length u16 | zone name UTF-8 | zone version i64 |
/// payload length i32 | SHA-256 (32) over everything before it and the payload | payload (ZoneSnapshot as UTF-8 JSON)
/// </code>
/// A file is trusted only when every field checks out and the payload decodes to the same zone and version.
/// This is format 1, still read; the edge writes the streamed format 2 (<see cref="ZoneSnapshotStream"/>).
/// </summary>
public static class ZoneSnapshotFile
{
    public const ushort FormatVersion = 1;

    /// <summary>Larger files are refused rather than read into memory.</summary>
    public const int MaxPayloadBytes = 512 * 1024 * 1024;

    private const int HashBytes = 32;
    internal static readonly byte[] Magic = "VNTGZSNP"u8.ToArray();

    /// <summary>The whole file for <paramref name="snapshot"/>.</summary>
    public static byte[] Encode(ZoneSnapshot snapshot)
    {
        var name = Encoding.UTF8.GetBytes(snapshot.Settings.Name);
        var payload = JsonSerializer.SerializeToUtf8Bytes(snapshot);
        var headerLength = Magic.Length + 2 + 2 + name.Length + 8 + 4;
        var file = new byte[headerLength + HashBytes + payload.Length];
        var span = file.AsSpan();
        Magic.CopyTo(span);
        var pos = Magic.Length;
        BinaryPrimitives.WriteUInt16LittleEndian(span[pos..], FormatVersion);
        pos += 2;
        BinaryPrimitives.WriteUInt16LittleEndian(span[pos..], checked((ushort)name.Length));
        pos += 2;
        name.CopyTo(span[pos..]);
        pos += name.Length;
        BinaryPrimitives.WriteInt64LittleEndian(span[pos..], snapshot.Version);
        pos += 8;
        BinaryPrimitives.WriteInt32LittleEndian(span[pos..], payload.Length);
        pos += 4;
        payload.CopyTo(span[(pos + HashBytes)..]);
        Hash(span[..pos], payload, span.Slice(pos, HashBytes));
        return file;
    }

    /// <summary>Decodes and verifies a whole file; on failure <paramref name="error"/> says what was wrong.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> file, out ZoneSnapshot? snapshot, out string? error)
    {
        if (file.Length >= Magic.Length + 2 && file[..Magic.Length].SequenceEqual(Magic)
            && ZoneSnapshotStream.Reads(BinaryPrimitives.ReadUInt16LittleEndian(file[Magic.Length..])))
        {
            return ZoneSnapshotStream.TryDecode(file, out snapshot, out error);
        }
        snapshot = null;
        error = Check(file, out var zone, out var version, out var payload);
        if (error is not null) return false;
        try
        {
            snapshot = JsonSerializer.Deserialize<ZoneSnapshot>(payload);
        }
        catch (JsonException e)
        {
            error = "payload is not a zone snapshot: " + e.Message;
            return false;
        }
        if (snapshot?.Settings is null || snapshot.Settings.Name != zone || snapshot.Version != version)
        {
            error = "payload does not match the header's zone and version";
            snapshot = null;
            return false;
        }
        return true;
    }

    private static string? Check(ReadOnlySpan<byte> file, out string zone, out long version, out ReadOnlySpan<byte> payload)
    {
        zone = "";
        version = 0;
        payload = default;
        var fixedPart = Magic.Length + 2 + 2 + 8 + 4 + HashBytes;
        if (file.Length < fixedPart) return "file is truncated";
        if (!file[..Magic.Length].SequenceEqual(Magic)) return "not a zone snapshot (bad magic)";
        var pos = Magic.Length;
        var format = BinaryPrimitives.ReadUInt16LittleEndian(file[pos..]);
        if (format != FormatVersion) return $"unknown format version {format}";
        pos += 2;
        var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(file[pos..]);
        pos += 2;
        if (file.Length < fixedPart + nameLength) return "file is truncated";
        var nameBytes = file.Slice(pos, nameLength);
        pos += nameLength;
        version = BinaryPrimitives.ReadInt64LittleEndian(file[pos..]);
        pos += 8;
        var payloadLength = BinaryPrimitives.ReadInt32LittleEndian(file[pos..]);
        pos += 4;
        if (payloadLength < 0 || payloadLength > MaxPayloadBytes) return $"bad payload length {payloadLength}";
        if (file.Length != pos + HashBytes + payloadLength) return file.Length < pos + HashBytes + payloadLength ? "file is truncated" : "file has trailing bytes";
        var stored = file.Slice(pos, HashBytes);
        payload = file.Slice(pos + HashBytes, payloadLength);
        Span<byte> actual = stackalloc byte[HashBytes];
        Hash(file[..pos], payload, actual);
        if (!CryptographicOperations.FixedTimeEquals(stored, actual)) return "checksum mismatch";
        try
        {
            zone = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(nameBytes);
        }
        catch (DecoderFallbackException)
        {
            return "zone name is not UTF-8";
        }
        return version < 1 ? $"bad zone version {version}" : null;
    }

    private static void Hash(ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(header);
        sha.AppendData(payload);
        sha.GetHashAndReset(destination);
    }
}
