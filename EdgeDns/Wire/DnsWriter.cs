using System.Buffers.Binary;

namespace Vantage.EdgeDns.Wire;

/// <summary>
/// Writes a response into a caller-provided buffer up to a size limit, compressing names against names already
/// in the message. Compression pointers only ever point backwards, to label starts recorded in a small table.
/// Every <c>Try*</c> method leaves the position unspecified on failure: callers take a <see cref="Mark"/> first
/// and <see cref="Reset"/> to it.
/// </summary>
public ref struct DnsWriter
{
    private readonly Span<byte> buffer;
    private readonly Span<ushort> table;
    private int tableCount;

    public DnsWriter(Span<byte> buffer, Span<ushort> table, int limit)
    {
        this.buffer = buffer;
        this.table = table;
        Limit = Math.Min(limit, buffer.Length);
    }

    public int Position { get; set; }

    /// <summary>Highest position the message may reach.</summary>
    public int Limit { get; set; }

    public readonly Span<byte> Buffer => buffer;

    public readonly int Remaining => Limit - Position;

    public readonly WriterMark Mark() => new(Position, tableCount);

    public void Reset(WriterMark mark)
    {
        Position = mark.Position;
        tableCount = mark.TableCount;
    }

    public bool TryWriteU16(ushort value)
    {
        if (Limit - Position < 2) return false;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[Position..], value);
        Position += 2;
        return true;
    }

    public bool TryWriteU32(uint value)
    {
        if (Limit - Position < 4) return false;
        BinaryPrimitives.WriteUInt32BigEndian(buffer[Position..], value);
        Position += 4;
        return true;
    }

    public bool TryWriteBytes(scoped ReadOnlySpan<byte> bytes)
    {
        if (Limit - Position < bytes.Length) return false;
        bytes.CopyTo(buffer[Position..]);
        Position += bytes.Length;
        return true;
    }

    /// <summary>Writes a compression pointer to <paramref name="offset"/>.</summary>
    public bool TryWritePointer(int offset) => TryWriteU16((ushort)(0xC000 | offset));

    public readonly void PatchU16(int at, ushort value) => BinaryPrimitives.WriteUInt16BigEndian(buffer[at..], value);

    /// <summary>Records every label start of the name at <paramref name="offset"/> (up to a pointer or the root) as a compression target.</summary>
    public void AddNameTargets(int offset)
    {
        var o = offset;
        while (o < Position && o <= DnsLimits.MaxPointerOffset && tableCount < table.Length)
        {
            var len = buffer[o];
            if (len == 0 || (len & 0xC0) != 0) return;
            table[tableCount++] = (ushort)o;
            o += len + 1;
        }
    }

    /// <summary>
    /// Writes an uncompressed wire name, compressed against the names already written. <paramref name="nameOffset"/>
    /// is where the name can be pointed at afterwards (the first literal label, or the earlier copy when the whole
    /// name was found).
    /// </summary>
    public bool TryWriteName(scoped ReadOnlySpan<byte> name, out int nameOffset)
    {
        nameOffset = Position;
        var i = 0;
        var match = -1;
        while (i < name.Length && name[i] != 0)
        {
            if (TryFind(name[i..], out match)) break;
            match = -1;
            i += name[i] + 1;
        }

        var literal = match >= 0 ? i : name.Length;
        var needed = literal + (match >= 0 ? 2 : 0);
        if (Limit - Position < needed) return false;
        var start = Position;
        name[..literal].CopyTo(buffer[start..]);
        Position += literal;
        if (match >= 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(buffer[Position..], (ushort)(0xC000 | match));
            Position += 2;
            if (literal == 0)
            {
                nameOffset = match;
                return true;
            }
        }

        AddNameTargets(start);
        nameOffset = start;
        return true;
    }

    private readonly bool TryFind(scoped ReadOnlySpan<byte> suffix, out int offset)
    {
        for (var t = 0; t < tableCount; t++)
        {
            if (MatchesAt(suffix, table[t]))
            {
                offset = table[t];
                return true;
            }
        }
        offset = -1;
        return false;
    }

    /// <summary>Case-insensitive comparison of an uncompressed name with the (possibly compressed) name at <paramref name="offset"/>.</summary>
    private readonly bool MatchesAt(scoped ReadOnlySpan<byte> name, int offset)
    {
        var i = 0;
        var o = offset;
        var hops = 0;
        while (true)
        {
            int b = buffer[o];
            if ((b & 0xC0) == 0xC0)
            {
                if (++hops > 32) return false;
                o = ((b & 0x3F) << 8) | buffer[o + 1];
                continue;
            }
            int len = name[i];
            if (b != len) return false;
            if (len == 0) return true;
            var a = name.Slice(i + 1, len);
            var m = buffer.Slice(o + 1, len);
            for (var k = 0; k < len; k++)
            {
                if (a[k] != m[k] && DnsNameCodec.ToLower(a[k]) != DnsNameCodec.ToLower(m[k])) return false;
            }
            i += len + 1;
            o += len + 1;
        }
    }
}

/// <summary>A saved writer state to roll back to.</summary>
public readonly record struct WriterMark(int Position, int TableCount);
