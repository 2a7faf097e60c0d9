using System.Buffers.Binary;
using Vantage.Zones;
using Vantage.EdgeDns.Wire;
using Vantage.Model;
using Vantage.Steering.Engine;

namespace Vantage.EdgeDns.Zones;

/// <summary>
/// One record set, pre-encoded in wire form when the zone version is compiled. <see cref="Block"/> holds every
/// record as <c>[owner:2][type:2][class:2][ttl:4][rdlength:2][rdata]</c>, the owner being a 2-byte slot that the
/// writer fills with a compression pointer, so a set without names in its RDATA is written with one copy.
/// </summary>
public sealed class CompiledRRSet
{
    private CompiledRRSet(ushort type, uint ttl, byte[] block, int[] starts, byte[]? model, Rare? rare)
    {
        Type = type;
        Ttl = ttl;
        Block = block;
        Starts = starts;
        Model = model;
        this.rare = rare;
        CompressNames = DnsType.CompressesRdataNames(type);
        HasNames = rare?.NameOffsets is { } offsets && offsets.Any(n => n.Length > 0);
    }

    public ushort Type { get; }

    /// <summary>Id of this record's query counter (-1 until first counted; see Stats.QueryCounters).</summary>
    internal int StatsId { get; set; } = -1;

    public uint Ttl { get; }

    public int Count => Starts.Length - 1;

    /// <summary>All records, each behind a 2-byte owner slot.</summary>
    public byte[] Block { get; }

    /// <summary>Offset of each record in <see cref="Block"/>, then the block length.</summary>
    public int[] Starts { get; }

    /// <summary>Per record: offsets inside its RDATA where a domain name starts.</summary>
    public ushort[][] NameOffsets => rare?.NameOffsets ?? NoNames(Count);

    /// <summary>True for the RFC 1035 types whose RDATA names are compressed (NS, CNAME, SOA, PTR, MX).</summary>
    public bool CompressNames { get; }

    public bool HasNames { get; }

    /// <summary>The record this set came from in <see cref="RecordModel"/> form (null for generated sets: SOA, default apex NS).</summary>
    public byte[]? Model { get; }

    /// <summary>The record this set of <paramref name="zone"/> came from, decoded from <see cref="Model"/> (allocates: not for the query path).</summary>
    public DnsRecord? SourceIn(string zone) => Model is null ? null : RecordModel.Decode(Model, zone);

    /// <summary>
    /// The record's compiled filter chain, when it has an enabled one: the responder then lets it pick the
    /// records of <see cref="Block"/> per query (record i of the block is answer i of the record).
    /// </summary>
    public SteeredRecord? Steering => rare?.Steering;

    public bool Dynamic => Steering is not null;

    /// <summary>For NS, MX and SRV: the in-zone A/AAAA sets of each target, resolved at compile time.</summary>
    public AdditionalTarget[] Additional
    {
        get => rare?.Additional ?? [];
        // Only on a set of a version being built, before it is published.
        internal set
        {
            if (rare is null && value.Length == 0) return;
            rare = (rare ?? Rare.None) with { Additional = value };
        }
    }

    /// <summary>For CNAME: the lower-cased target name.</summary>
    public byte[]? CnameTarget => rare?.CnameTarget;

    /// <summary>
    /// What few sets have (a filter chain, a CNAME target, names inside RDATA, additional-section targets), kept out
    /// of line so that a plain set is five fields: on a million-record zone each field is 8 MB.
    /// </summary>
    private Rare? rare;

    private sealed record Rare(SteeredRecord? Steering, byte[]? CnameTarget, ushort[][]? NameOffsets, AdditionalTarget[] Additional)
    {
        public static readonly Rare None = new(null, null, null, []);
    }

    public ReadOnlySpan<byte> Rdata(int index)
    {
        var start = Starts[index] + 12;
        return Block.AsSpan(start, Starts[index + 1] - start);
    }

    /// <summary>Wire name at a name offset inside one record's RDATA.</summary>
    public ReadOnlySpan<byte> NameInRdata(int index, int nameIndex)
    {
        var rdata = Rdata(index);
        var at = NameOffsets[index][nameIndex];
        return rdata[at..(at + WireNameLength(rdata[at..]))];
    }

    /// <summary>The same set with other additional-section targets (a glue or target address changed).</summary>
    internal CompiledRRSet WithAdditional(AdditionalTarget[] additional) =>
        new(Type, Ttl, Block, Starts, Model, additional.Length == 0 && rare is { Steering: null, CnameTarget: null, NameOffsets: null } ? null : (rare ?? Rare.None) with { Additional = additional })
        {
            StatsId = StatsId,
        };

    public static CompiledRRSet Create(ushort type, uint ttl, IReadOnlyList<EncodedRdata> records, byte[]? model, SteeredRecord? steering = null)
    {
        var size = records.Sum(r => 12 + r.Bytes.Length);
        var block = new byte[size];
        var shared = records.Count == 1 ? OneRecordStarts(size) : null;
        var starts = shared ?? new int[records.Count + 1];
        ushort[][]? names = null;
        var pos = 0;
        for (var i = 0; i < records.Count; i++)
        {
            if (shared is null) starts[i] = pos;
            var span = block.AsSpan(pos);
            BinaryPrimitives.WriteUInt16BigEndian(span, 0xC000);
            BinaryPrimitives.WriteUInt16BigEndian(span[2..], type);
            BinaryPrimitives.WriteUInt16BigEndian(span[4..], DnsClass.IN);
            BinaryPrimitives.WriteUInt32BigEndian(span[6..], ttl);
            BinaryPrimitives.WriteUInt16BigEndian(span[10..], (ushort)records[i].Bytes.Length);
            records[i].Bytes.CopyTo(span[12..]);
            if (!records[i].NameOffsets.IsDefaultOrEmpty)
            {
                names ??= NewNames(records.Count);
                names[i] = records[i].NameOffsets.ToArray();
            }
            pos += 12 + records[i].Bytes.Length;
        }
        if (shared is null) starts[records.Count] = pos;
        // Sets without names in their RDATA (A, AAAA, TXT: most of them) share one array of empty offset lists.
        if (names is null && records.Count > NoNamesCached) names = NewNames(records.Count);

        byte[]? target = null;
        if (type == DnsType.CNAME && records.Count > 0)
        {
            target = records[0].Bytes.ToArray();
            DnsNameCodec.LowerInPlace(target);
        }
        var rare = target is null && steering is null && names is null ? null : new Rare(steering, target, names, []);
        return new CompiledRRSet(type, ttl, block, starts, model, rare);
    }

    private static ushort[][] NewNames(int count)
    {
        var names = new ushort[count][];
        Array.Fill(names, []);
        return names;
    }

    private const int NoNamesCached = 64;
    private static readonly ushort[][][] NoNamesByCount = new ushort[NoNamesCached + 1][][];

    private static ushort[][] NoNames(int count) =>
        count > NoNamesCached ? NewNames(count) : Volatile.Read(ref NoNamesByCount[count]) ?? (NoNamesByCount[count] = NewNames(count));

    // A one-record set's offsets are [0, length]: shared by every set of that length (never written after this).
    private const int OneRecordStartsCached = 1024;
    private static readonly int[][] OneRecordStartsByLength = new int[OneRecordStartsCached + 1][];

    private static int[]? OneRecordStarts(int length)
    {
        if (length > OneRecordStartsCached) return null;
        return Volatile.Read(ref OneRecordStartsByLength[length]) ?? (OneRecordStartsByLength[length] = [0, length]);
    }

    internal static int WireNameLength(ReadOnlySpan<byte> wire)
    {
        var i = 0;
        while (wire[i] != 0) i += wire[i] + 1;
        return i + 1;
    }

}

/// <summary>An NS/MX/SRV target inside the zone with its address sets (either may be null).</summary>
public sealed record AdditionalTarget(byte[] Name, CompiledRRSet? A, CompiledRRSet? Aaaa);
