using System.Collections.Immutable;
using Vantage.Zones;
using Vantage.EdgeDns.Wire;
using Vantage.Model;
using Vantage.Steering.Engine;

namespace Vantage.EdgeDns.Zones;

/// <summary>
/// Builds a <see cref="CompiledZone"/> from a zone's settings and record sets: every record set is encoded to wire
/// form, empty non-terminals are added, zone cuts and wildcards are marked, and additional-section targets are
/// resolved. Invalid records are skipped (and counted), never thrown: a bad record must not take the zone down.
/// Later versions are made from the changes alone by <see cref="ZoneUpdater"/>.
/// </summary>
public static class ZoneCompiler
{
    public static CompiledZone Compile(ZoneSettings settings, long version, IEnumerable<DnsRecord> records)
    {
        var builder = new ZoneBuilder(settings);
        foreach (var record in records) builder.Add(record);
        return builder.Build(version);
    }

    internal static byte[] ApexOf(ZoneSettings settings) =>
        DnsNameCodec.EncodeLower(settings.Name) ?? throw new ArgumentException("invalid zone name: " + settings.Name, nameof(settings));

    /// <summary>Where a record set of (domain, type) lives when it compiles; false when no such set can ever be served.</summary>
    internal static bool TryPlace(string domain, string type, byte[] apex, out byte[] owner, out ushort typeCode)
    {
        owner = [];
        typeCode = 0;
        if (type == RecordTypes.SOA) return false;
        var wire = DnsNameCodec.EncodeLower(domain);
        var code = RdataEncoder.TypeCode(type);
        if (wire is null || code is null || !DnsNameCodec.IsAtOrBelow(wire, apex)) return false;
        if (code.Value is DnsType.OPT or (>= 128 and <= 255)) return false;
        owner = wire;
        typeCode = code.Value;
        return true;
    }

    internal static (byte[] Owner, CompiledRRSet Set)? CompileRecord(DnsRecord record, byte[] apex, byte[] model)
    {
        if (!TryPlace(record.Domain, record.Type, apex, out var owner, out var type)) return null;

        // A record with a filter chain keeps its answers one for one (the chain picks them by index); the CNAME
        // and duplicate rules below only apply to static sets (duplicates are refused on write anyway).
        var steering = type != DnsType.CNAME && SteeredRecord.HasFilters(record.FiltersJson) ? SteeredRecord.Compile(record) : null;
        if (steering is { HasChain: false }) steering = null;
        var encoded = new List<EncodedRdata>(record.Answers.Length);
        foreach (var answer in record.Answers)
        {
            var rdata = RdataEncoder.Encode(type, answer.Rdata, out _);
            if (rdata is null) return null;
            if (steering is not null || !encoded.Exists(e => e.Bytes.AsSpan().SequenceEqual(rdata.Bytes))) encoded.Add(rdata);
        }
        if (encoded.Count == 0) return null;
        // A CNAME set holds exactly one record (RFC 2181 §10.1).
        if (type == DnsType.CNAME && encoded.Count > 1) encoded.RemoveRange(1, encoded.Count - 1);
        var ttl = (uint)Math.Clamp(record.Ttl, 0, int.MaxValue);
        return (owner, CompiledRRSet.Create(type, ttl, encoded, model, steering));
    }

    /// <summary>The generated apex sets: the SOA, its negative-answer twin, and the default NS (null when not needed).</summary>
    internal static (CompiledRRSet Soa, CompiledRRSet NegativeSoa) Soa(ZoneSettings settings)
    {
        var soaTtl = (uint)Math.Max(0, settings.Ttl);
        var soaRdata = RdataEncoder.Encode(DnsType.SOA, Vantage.Model.Soa.Rdata(settings), out _)
            ?? throw new ArgumentException("invalid SOA for zone " + settings.Name, nameof(settings));
        var soa = CompiledRRSet.Create(DnsType.SOA, soaTtl, [soaRdata], null);
        var negativeSoa = CompiledRRSet.Create(DnsType.SOA, Math.Min(soaTtl, (uint)Math.Max(0, settings.NxTtl)), [soaRdata], null);
        return (soa, negativeSoa);
    }

    internal static CompiledRRSet? DefaultNs(ZoneSettings settings)
    {
        if (settings.DnsServers.IsDefaultOrEmpty) return null;
        var servers = settings.DnsServers
            .Select(s => RdataEncoder.Encode(DnsType.NS, [s], out _))
            .OfType<EncodedRdata>()
            .ToList();
        return servers.Count > 0 ? CompiledRRSet.Create(DnsType.NS, (uint)Math.Max(0, settings.Ttl), servers, null) : null;
    }

    internal static bool HasTargets(ushort type) => type is DnsType.NS or DnsType.MX or DnsType.SRV;

    /// <summary>The lower-cased target name of every record of an NS/MX/SRV set.</summary>
    internal static IEnumerable<byte[]> TargetNames(CompiledRRSet set)
    {
        for (var i = 0; i < set.Count; i++)
        {
            var name = set.NameInRdata(i, 0).ToArray();
            DnsNameCodec.LowerInPlace(name);
            yield return name;
        }
    }

    /// <summary>Distinct in-zone target names of every NS/MX/SRV set of an owner (what the target index holds for it).</summary>
    internal static List<byte[]> InZoneTargets(ReadOnlySpan<CompiledRRSet> sets, byte[] apex)
    {
        var list = new List<byte[]>();
        foreach (var set in sets)
        {
            if (!HasTargets(set.Type)) continue;
            foreach (var name in InZoneTargets(set, apex))
            {
                if (!list.Exists(n => n.AsSpan().SequenceEqual(name))) list.Add(name);
            }
        }
        return list;
    }

    /// <summary>Distinct in-zone target names of a set.</summary>
    internal static List<byte[]> InZoneTargets(CompiledRRSet set, byte[] apex)
    {
        var list = new List<byte[]>();
        foreach (var name in TargetNames(set))
        {
            if (DnsNameCodec.IsAtOrBelow(name, apex) && !list.Exists(n => n.AsSpan().SequenceEqual(name))) list.Add(name);
        }
        return list;
    }

    internal delegate ZoneNode? NodeFinder(ReadOnlySpan<byte> name);

    internal static bool IsOccluded(NodeFinder find, ReadOnlySpan<byte> name, int apexLength)
    {
        if (name.Length <= apexLength) return false;
        var at = name[0] + 1;
        while (name.Length - at > apexLength)
        {
            if (find(name[at..]) is { IsCut: true }) return true;
            at += name[at] + 1;
        }
        return false;
    }

    /// <summary>The additional-section targets of an NS/MX/SRV set: in-zone names with addresses.</summary>
    internal static AdditionalTarget[] ResolveAdditional(CompiledRRSet set, NodeFinder find, int apexLength, bool anyCuts)
    {
        List<AdditionalTarget>? targets = null;
        foreach (var name in TargetNames(set))
        {
            var target = find(name);
            // Glue below a cut is only given for NS; MX/SRV targets must be authoritative data.
            if (target is null) continue;
            if (set.Type != DnsType.NS && (target.IsCut || (anyCuts && IsOccluded(find, name, apexLength)))) continue;
            var a = target.Find(DnsType.A);
            var aaaa = target.Find(DnsType.AAAA);
            targets ??= [];
            if ((a is not null || aaaa is not null) && !targets.Exists(t => t.Name.AsSpan().SequenceEqual(name)))
            {
                targets.Add(new AdditionalTarget(name, a, aaaa));
            }
        }
        return targets is null || targets.Count == 0 ? [] : [.. targets];
    }

    internal static bool SameTargets(AdditionalTarget[] a, AdditionalTarget[] b)
    {
        if (a.Length != b.Length) return false;
        for (var i = 0; i < a.Length; i++)
        {
            if (!a[i].Name.AsSpan().SequenceEqual(b[i].Name) || !ReferenceEquals(a[i].A, b[i].A) || !ReferenceEquals(a[i].Aaaa, b[i].Aaaa)) return false;
        }
        return true;
    }

    internal static byte[] ParentOf(byte[] name) => name[(name[0] + 1)..];

    internal static bool IsWildcard(byte[] name) => name.Length >= 2 && name[0] == 1 && name[1] == (byte)'*';
}

/// <summary>
/// Compiles a whole zone from records fed one at a time (a snapshot read page by page, or loaded from disk): each
/// record is encoded as it arrives, so the caller can drop it at once.
/// </summary>
public sealed class ZoneBuilder
{
    private readonly ZoneSettings settings;
    private readonly byte[] apex;
    private readonly Dictionary<byte[], CompiledRRSet[]> builders = new(WireNameComparer.Instance);
    private readonly ImmutableDictionary<string, byte[]>.Builder skipped = ImmutableDictionary.CreateBuilder<string, byte[]>(StringComparer.Ordinal);

    public ZoneBuilder(ZoneSettings settings)
    {
        this.settings = settings;
        apex = ZoneCompiler.ApexOf(settings);
    }

    public ZoneSettings Settings => settings;

    public void Add(DnsRecord record) => Add(record, RecordModel.Encode(record, settings.Name));

    /// <summary>Adds a record whose <see cref="RecordModel"/> form is at hand (read from disk).</summary>
    public void Add(DnsRecord record, byte[] model)
    {
        var set = ZoneCompiler.CompileRecord(record, apex, model);
        if (set is null)
        {
            skipped[record.Key] = model;
            return;
        }
        Put(set.Value.Owner, set.Value.Set);
    }

    public CompiledZone Build(long version)
    {
        var (soa, negativeSoa) = ZoneCompiler.Soa(settings);
        Put(apex, soa);
        if (!Array.Exists(builders[apex], s => s.Type == DnsType.NS) && ZoneCompiler.DefaultNs(settings) is { } ns) Put(apex, ns);

        AddEmptyNonTerminals();

        // The nodes go straight into the name map; parents are then found in the map by a slice of the child's name.
        var editor = NameMap<ZoneNode>.Empty.Edit(builders.Count);
        foreach (var (name, sets) in builders)
        {
            if (sets.Length > 1) Array.Sort(sets, static (x, y) => x.Type.CompareTo(y.Type));
            editor.Set(name, new ZoneNode(name, sets, isApex: name.Length == apex.Length));
        }
        builders.Clear();
        builders.TrimExcess();
        var map = editor.ToMap();

        var cuts = 0;
        foreach (var node in map.Values)
        {
            if (node.IsCut) cuts++;
            if (node.Name.Length == apex.Length) continue;
            var parent = map.Find(node.Name.AsSpan(node.Name[0] + 1))!;
            parent.Children++;
            if (ZoneCompiler.IsWildcard(node.Name)) parent.Wildcard = node;
        }

        var owners = new Dictionary<byte[], ImmutableHashSet<byte[]>.Builder>(WireNameComparer.Instance);
        ZoneCompiler.NodeFinder find = map.Find;
        foreach (var node in map.Values)
        {
            foreach (var set in node.Sets)
            {
                if (!ZoneCompiler.HasTargets(set.Type)) continue;
                set.Additional = ZoneCompiler.ResolveAdditional(set, find, apex.Length, cuts > 0);
                foreach (var target in ZoneCompiler.InZoneTargets(set, apex))
                {
                    if (!owners.TryGetValue(target, out var list)) owners[target] = list = ImmutableHashSet.CreateBuilder<byte[]>(WireNameComparer.Instance);
                    list.Add(node.Name);
                }
            }
        }
        var targets = ImmutableDictionary.CreateBuilder<byte[], ImmutableHashSet<byte[]>>(WireNameComparer.Instance);
        foreach (var (target, list) in owners) targets[target] = list.ToImmutable();

        return new CompiledZone(settings, version, apex, map, map.Find(apex)!, soa, negativeSoa,
            new ZoneIndexes(skipped.ToImmutable(), cuts, targets.ToImmutable()));
    }

    /// <summary>Adds (or replaces) the owner's set of that type; most owners hold one set, so an array is enough.</summary>
    private void Put(byte[] owner, CompiledRRSet set)
    {
        if (!builders.TryGetValue(owner, out var sets) || sets.Length == 0)
        {
            builders[owner] = [set];
            return;
        }
        var at = Array.FindIndex(sets, s => s.Type == set.Type);
        if (at >= 0)
        {
            sets[at] = set;
            return;
        }
        builders[owner] = [.. sets, set];
    }

    private void AddEmptyNonTerminals()
    {
        // Parents are looked up by a slice of the owner's name: a name is allocated only for a parent that is missing.
        var present = builders.GetAlternateLookup<ReadOnlySpan<byte>>();
        var missing = new HashSet<byte[]>(WireNameComparer.Instance);
        var added = missing.GetAlternateLookup<ReadOnlySpan<byte>>();
        foreach (var owner in builders.Keys)
        {
            var at = 0;
            while (owner.Length - at > apex.Length)
            {
                at += owner[at] + 1;
                var parent = owner.AsSpan(at);
                if (present.ContainsKey(parent) || !added.Add(parent)) break;
            }
        }
        foreach (var parent in missing) builders[parent] = [];
    }
}

/// <summary>Byte-wise equality for lower-cased wire names used as dictionary keys during compilation.</summary>
public sealed class WireNameComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    public static readonly WireNameComparer Instance = new();

    public bool Equals(byte[]? x, byte[]? y) => x is null ? y is null : y is not null && x.AsSpan().SequenceEqual(y);

    public int GetHashCode(byte[] obj) => GetHashCode(obj.AsSpan());

    /// <summary>The same hash as the array's, so that a dictionary can be searched by a slice of a longer name.</summary>
    public int GetHashCode(ReadOnlySpan<byte> name)
    {
        var hash = new HashCode();
        hash.AddBytes(name);
        return hash.ToHashCode();
    }

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
}
