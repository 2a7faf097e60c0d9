using System.Collections.Immutable;
using Vantage.EdgeDns.Wire;
using Vantage.Model;
using Vantage.Steering.Engine;

namespace Vantage.EdgeDns.Zones;

/// <summary>
/// Builds a <see cref="CompiledZone"/> from a zone's settings and record sets: every record set is encoded to wire
/// form, empty non-terminals are added, zone cuts and wildcards are marked, and additional-section targets are
/// resolved. Invalid records are skipped (and counted), never thrown: a bad record must not take the zone down.
/// </summary>
public static class ZoneCompiler
{
    public static CompiledZone Compile(ZoneSettings settings, long version, IEnumerable<DnsRecord> records)
    {
        var apex = DnsNameCodec.EncodeLower(settings.Name)
            ?? throw new ArgumentException("invalid zone name: " + settings.Name, nameof(settings));
        var builders = new Dictionary<byte[], Dictionary<ushort, CompiledRRSet>>(WireNameComparer.Instance);
        var skipped = 0;

        foreach (var record in records)
        {
            var set = CompileRecord(record, apex);
            if (set is null)
            {
                skipped++;
                continue;
            }
            GetOrAdd(builders, set.Value.Owner)[set.Value.Set.Type] = set.Value.Set;
        }

        var soaTtl = (uint)Math.Max(0, settings.Ttl);
        var soaRdata = RdataEncoder.Encode(DnsType.SOA, Soa.Rdata(settings), out _)
            ?? throw new ArgumentException("invalid SOA for zone " + settings.Name, nameof(settings));
        var soa = CompiledRRSet.Create(DnsType.SOA, soaTtl, [soaRdata], null);
        var negativeSoa = CompiledRRSet.Create(DnsType.SOA, Math.Min(soaTtl, (uint)Math.Max(0, settings.NxTtl)), [soaRdata], null);
        var apexSets = GetOrAdd(builders, apex);
        apexSets[DnsType.SOA] = soa;
        if (!apexSets.ContainsKey(DnsType.NS) && !settings.DnsServers.IsDefaultOrEmpty)
        {
            var servers = settings.DnsServers
                .Select(s => RdataEncoder.Encode(DnsType.NS, [s], out _))
                .OfType<EncodedRdata>()
                .ToList();
            if (servers.Count > 0) apexSets[DnsType.NS] = CompiledRRSet.Create(DnsType.NS, soaTtl, servers, null);
        }

        AddEmptyNonTerminals(builders, apex);

        var nodes = builders.ToDictionary(
            b => b.Key,
            b => new ZoneNode(b.Key, b.Value.Values.OrderBy(s => s.Type).ToArray()),
            WireNameComparer.Instance);
        var table = new NameTable<ZoneNode>(nodes.ToList());
        var apexNode = nodes[apex];

        MarkCutsAndWildcards(nodes, apex);
        ResolveAdditional(nodes, table);

        return new CompiledZone(settings, version, apex, table, apexNode, soa, negativeSoa, skipped);
    }

    private static (byte[] Owner, CompiledRRSet Set)? CompileRecord(DnsRecord record, byte[] apex)
    {
        if (record.Type == RecordTypes.SOA) return null;
        var owner = DnsNameCodec.EncodeLower(record.Domain);
        var type = RdataEncoder.TypeCode(record.Type);
        if (owner is null || type is null || !DnsNameCodec.IsAtOrBelow(owner, apex)) return null;
        if (type.Value is DnsType.OPT or (>= 128 and <= 255)) return null;

        // A record with a filter chain keeps its answers one for one (the chain picks them by index); the CNAME
        // and duplicate rules below only apply to static sets (duplicates are refused on write anyway).
        var steering = type.Value != DnsType.CNAME && SteeredRecord.HasFilters(record.FiltersJson) ? SteeredRecord.Compile(record) : null;
        if (steering is { HasChain: false }) steering = null;
        var encoded = new List<EncodedRdata>(record.Answers.Length);
        foreach (var answer in record.Answers)
        {
            var rdata = RdataEncoder.Encode(type.Value, answer.Rdata, out _);
            if (rdata is null) return null;
            if (steering is not null || !encoded.Exists(e => e.Bytes.AsSpan().SequenceEqual(rdata.Bytes))) encoded.Add(rdata);
        }
        if (encoded.Count == 0) return null;
        // A CNAME set holds exactly one record (RFC 2181 §10.1).
        if (type.Value == DnsType.CNAME && encoded.Count > 1) encoded.RemoveRange(1, encoded.Count - 1);
        var ttl = (uint)Math.Clamp(record.Ttl, 0, int.MaxValue);
        return (owner, CompiledRRSet.Create(type.Value, ttl, encoded, record, steering));
    }

    private static Dictionary<ushort, CompiledRRSet> GetOrAdd(Dictionary<byte[], Dictionary<ushort, CompiledRRSet>> builders, byte[] owner)
    {
        if (!builders.TryGetValue(owner, out var sets))
        {
            sets = new Dictionary<ushort, CompiledRRSet>();
            builders[owner] = sets;
        }
        return sets;
    }

    private static void AddEmptyNonTerminals(Dictionary<byte[], Dictionary<ushort, CompiledRRSet>> builders, byte[] apex)
    {
        foreach (var owner in builders.Keys.ToList())
        {
            var at = 0;
            while (owner.Length - at > apex.Length)
            {
                at += owner[at] + 1;
                var parent = owner[at..];
                if (builders.ContainsKey(parent)) continue;
                builders[parent] = new Dictionary<ushort, CompiledRRSet>();
            }
        }
    }

    private static void MarkCutsAndWildcards(Dictionary<byte[], ZoneNode> nodes, byte[] apex)
    {
        var cuts = nodes.Values.Where(n => n.Name.Length > apex.Length && n.Find(DnsType.NS) is not null).ToList();
        foreach (var cut in cuts) cut.IsCut = true;
        foreach (var node in nodes.Values)
        {
            if (cuts.Count > 0) node.IsOccluded = HasCutAbove(nodes, node.Name, apex);
            if (node.Name.Length >= 2 && node.Name[0] == 1 && node.Name[1] == (byte)'*'
                && nodes.TryGetValue(node.Name[2..], out var parent))
            {
                parent.Wildcard = node;
            }
        }
    }

    private static bool HasCutAbove(Dictionary<byte[], ZoneNode> nodes, byte[] name, byte[] apex)
    {
        var at = name[0] + 1;
        while (name.Length - at > apex.Length)
        {
            if (nodes.TryGetValue(name[at..], out var ancestor) && ancestor.IsCut) return true;
            at += name[at] + 1;
        }
        return false;
    }

    private static void ResolveAdditional(Dictionary<byte[], ZoneNode> nodes, NameTable<ZoneNode> table)
    {
        foreach (var node in nodes.Values)
        {
            foreach (var set in node.Sets)
            {
                if (set.Type is not (DnsType.NS or DnsType.MX or DnsType.SRV)) continue;
                var targets = new List<AdditionalTarget>();
                for (var i = 0; i < set.Count; i++)
                {
                    var name = set.NameInRdata(i, 0).ToArray();
                    DnsNameCodec.LowerInPlace(name);
                    var target = table.Find(name);
                    // Glue below a cut is only given for NS; MX/SRV targets must be authoritative data.
                    if (target is null || (set.Type != DnsType.NS && (target.IsOccluded || target.IsCut))) continue;
                    var a = target.Find(DnsType.A);
                    var aaaa = target.Find(DnsType.AAAA);
                    if ((a is not null || aaaa is not null) && !targets.Exists(t => t.Name.AsSpan().SequenceEqual(name)))
                    {
                        targets.Add(new AdditionalTarget(name, a, aaaa));
                    }
                }
                set.Additional = targets.ToArray();
            }
        }
    }
}

/// <summary>Byte-wise equality for lower-cased wire names used as dictionary keys during compilation.</summary>
public sealed class WireNameComparer : IEqualityComparer<byte[]>
{
    public static readonly WireNameComparer Instance = new();

    public bool Equals(byte[]? x, byte[]? y) => x is null ? y is null : y is not null && x.AsSpan().SequenceEqual(y);

    public int GetHashCode(byte[] obj)
    {
        var hash = new HashCode();
        hash.AddBytes(obj);
        return hash.ToHashCode();
    }
}
