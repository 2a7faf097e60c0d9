using Vantage.EdgeDns.Wire;
using Vantage.Model;

namespace Vantage.EdgeDns.Zones;

public enum LookupKind
{
    /// <summary>The name exists (possibly as an empty non-terminal).</summary>
    Exact,
    /// <summary>The name does not exist but a wildcard at its closest encloser does.</summary>
    Wildcard,
    /// <summary>The name is at or below a zone cut: answer with a referral.</summary>
    Delegation,
    /// <summary>The name does not exist.</summary>
    NxDomain,
}

public readonly record struct LookupResult(LookupKind Kind, ZoneNode? Node);

/// <summary>
/// An immutable, fully compiled version of one zone. Built off the query path and swapped in atomically. A new
/// version made by <see cref="ZoneUpdater"/> shares every node and record set the change did not touch.
/// </summary>
public sealed class CompiledZone
{
    internal CompiledZone(ZoneSettings settings, long version, byte[] apex, NameMap<ZoneNode> nodes, ZoneNode apexNode,
        CompiledRRSet soa, CompiledRRSet negativeSoa, ZoneIndexes indexes)
    {
        Settings = settings;
        Version = version;
        Apex = apex;
        ApexLabels = DnsNameCodec.CountLabels(apex);
        Nodes = nodes;
        ApexNode = apexNode;
        Soa = soa;
        NegativeSoa = negativeSoa;
        Indexes = indexes;
    }

    public ZoneSettings Settings { get; }

    /// <summary>Id of the zone's query counter for answers no record gave (-1 until first counted; see Stats.QueryCounters).</summary>
    internal int StatsId { get; set; } = -1;

    public string Name => Settings.Name;

    public long Version { get; }

    /// <summary>Lower-cased wire name of the apex.</summary>
    public byte[] Apex { get; }

    public int ApexLabels { get; }

    public ZoneNode ApexNode { get; }

    /// <summary>The SOA set with TTL = the zone TTL.</summary>
    public CompiledRRSet Soa { get; }

    /// <summary>The SOA for negative answers: TTL = min(SOA TTL, nx_ttl) (RFC 2308 §3).</summary>
    public CompiledRRSet NegativeSoa { get; }

    public int NodeCount => Nodes.Count;

    /// <summary>Records that could not be compiled (invalid RDATA or owner outside the zone) and are not served.</summary>
    public int SkippedRecords => Indexes.Skipped.Count;

    internal NameMap<ZoneNode> Nodes { get; }

    /// <summary>What the next incremental version needs besides the nodes (skipped records, cut count, target index).</summary>
    internal ZoneIndexes Indexes { get; }

    public ZoneNode? FindNode(ReadOnlySpan<byte> lowerName) => Nodes.Find(lowerName);

    /// <summary>True when a strict ancestor of <paramref name="name"/> below the apex is a zone cut (the name is only glue).</summary>
    public bool IsOccluded(ReadOnlySpan<byte> name)
    {
        if (Indexes.Cuts == 0 || name.Length <= Apex.Length) return false;
        var at = name[0] + 1;
        while (name.Length - at > Apex.Length)
        {
            if (Nodes.Find(name[at..]) is { IsCut: true }) return true;
            at += name[at] + 1;
        }
        return false;
    }

    /// <summary>
    /// Finds where <paramref name="name"/> (lower-cased, at or below the apex) lands in the zone: RFC 1034 §4.3.2 step 3
    /// with RFC 4592 wildcards. <paramref name="labelStarts"/> holds the offset of each label and then the root.
    /// </summary>
    public LookupResult Lookup(ReadOnlySpan<byte> name, ReadOnlySpan<byte> labelStarts, int labelCount, ushort qtype)
    {
        var exact = Nodes.Find(name);
        // Without cuts nothing is occluded: an existing name is the answer (the walk below would find it too).
        if (exact is not null && Indexes.Cuts == 0) return new LookupResult(LookupKind.Exact, exact);

        var below = labelCount - ApexLabels;
        if (below == 0 && exact is not null) return new LookupResult(LookupKind.Exact, exact);
        var encloser = ApexNode;
        for (var k = 1; k <= below; k++)
        {
            var node = k == below ? exact : Nodes.Find(name[labelStarts[below - k]..]);
            if (node is null) break;
            if (node.IsCut && !(k == below && qtype == DnsType.DS)) return new LookupResult(LookupKind.Delegation, node);
            encloser = node;
            if (k == below) return new LookupResult(LookupKind.Exact, node);
        }

        return encloser.Wildcard is { } wildcard
            ? new LookupResult(LookupKind.Wildcard, wildcard)
            : new LookupResult(LookupKind.NxDomain, null);
    }
}
