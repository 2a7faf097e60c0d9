using Vantage.EdgeDns.Wire;
using Vantage.EdgeDns.Zones;

namespace Vantage.EdgeDns.Query;

/// <summary>Copies pre-encoded record sets into a response, filling owner slots with compression pointers.</summary>
internal static class RecordWriter
{
    /// <summary>Writes every record of <paramref name="set"/> with its owner pointing at <paramref name="ownerOffset"/>.</summary>
    public static bool TryWriteSet(ref DnsWriter w, CompiledRRSet set, int ownerOffset) =>
        TryWriteRecords(ref w, set, 0, ownerOffset);

    /// <summary>Writes the set with <paramref name="owner"/> spelled out (compressed) once, then pointed at.</summary>
    public static bool TryWriteSetNamed(ref DnsWriter w, CompiledRRSet set, ReadOnlySpan<byte> owner)
    {
        if (!w.TryWriteName(owner, out var ownerOffset) || !TryWriteBody(ref w, set, 0)) return false;
        if (set.Count == 1) return true;
        return ownerOffset <= DnsLimits.MaxPointerOffset && TryWriteRecords(ref w, set, 1, ownerOffset);
    }

    /// <summary>
    /// Writes one CNAME record whose owner points at <paramref name="ownerOffset"/> and reports where its target
    /// name can be pointed at, so the chase continues with pointers.
    /// </summary>
    public static bool TryWriteCname(ref DnsWriter w, CompiledRRSet cname, int ownerOffset, out int targetOffset)
    {
        targetOffset = 0;
        var rr = cname.Block.AsSpan(cname.Starts[0], cname.Starts[1] - cname.Starts[0]);
        if (!w.TryWritePointer(ownerOffset) || !w.TryWriteBytes(rr.Slice(2, 8))) return false;
        var rdLengthAt = w.Position;
        if (!w.TryWriteU16(0) || !w.TryWriteName(rr[12..], out targetOffset)) return false;
        w.PatchU16(rdLengthAt, (ushort)(w.Position - rdLengthAt - 2));
        return true;
    }

    /// <summary>Writes record <paramref name="index"/> of the set alone, its owner pointing at <paramref name="ownerOffset"/>.</summary>
    public static bool TryWriteOne(ref DnsWriter w, CompiledRRSet set, int index, int ownerOffset) =>
        w.TryWritePointer(ownerOffset) && TryWriteBody(ref w, set, index);

    /// <summary>Writes an A record for an address the filter chain made up (parse_ipv4, ipv4_prefix_shuffle).</summary>
    public static bool TryWriteAddress(ref DnsWriter w, uint ttl, uint address, int ownerOffset) =>
        w.TryWritePointer(ownerOffset) && w.TryWriteU16(DnsType.A) && w.TryWriteU16(DnsClass.IN)
        && w.TryWriteU32(ttl) && w.TryWriteU16(4) && w.TryWriteU32(address);

    private static bool TryWriteRecords(ref DnsWriter w, CompiledRRSet set, int from, int ownerOffset)
    {
        var pointer = (ushort)(0xC000 | ownerOffset);
        if (!set.CompressNames)
        {
            var starts = set.Starts;
            var bytes = set.Block.AsSpan(starts[from]);
            var basePos = w.Position - starts[from];
            if (!w.TryWriteBytes(bytes)) return false;
            for (var i = from; i < set.Count; i++)
            {
                w.PatchU16(basePos + starts[i], pointer);
                if (set.HasNames) RegisterNames(ref w, set, i, basePos + starts[i] + 12);
            }
            return true;
        }

        for (var i = from; i < set.Count; i++)
        {
            if (!w.TryWriteU16(pointer) || !TryWriteBody(ref w, set, i)) return false;
        }
        return true;
    }

    /// <summary>Writes record <paramref name="index"/> without its owner: type, class, TTL, RDLENGTH and RDATA.</summary>
    private static bool TryWriteBody(ref DnsWriter w, CompiledRRSet set, int index)
    {
        var rr = set.Block.AsSpan(set.Starts[index], set.Starts[index + 1] - set.Starts[index]);
        if (!set.CompressNames)
        {
            var rdataAt = w.Position + 10;
            if (!w.TryWriteBytes(rr[2..])) return false;
            if (set.HasNames) RegisterNames(ref w, set, index, rdataAt);
            return true;
        }

        if (!w.TryWriteBytes(rr.Slice(2, 8))) return false;
        var rdLengthAt = w.Position;
        if (!w.TryWriteU16(0)) return false;
        var rdata = rr[12..];
        var cursor = 0;
        foreach (var at in set.NameOffsets[index])
        {
            if (!w.TryWriteBytes(rdata[cursor..at])) return false;
            var length = CompiledRRSet.WireNameLength(rdata[at..]);
            if (!w.TryWriteName(rdata.Slice(at, length), out _)) return false;
            cursor = at + length;
        }
        if (!w.TryWriteBytes(rdata[cursor..])) return false;
        w.PatchU16(rdLengthAt, (ushort)(w.Position - rdLengthAt - 2));
        return true;
    }

    /// <summary>Names inside uncompressed RDATA (SRV target, NAPTR replacement) may still be pointed at later.</summary>
    private static void RegisterNames(ref DnsWriter w, CompiledRRSet set, int index, int rdataAt)
    {
        foreach (var at in set.NameOffsets[index]) w.AddNameTargets(rdataAt + at);
    }
}
