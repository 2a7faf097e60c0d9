namespace Vantage.EdgeDns.Zones;

/// <summary>
/// One owner name of a compiled zone, with its record sets (none for an empty non-terminal). Frozen once the zone
/// version holding it is published: a later version that changes the name gets a new node (copy-on-write).
/// </summary>
public sealed class ZoneNode
{
    public ZoneNode(byte[] name, CompiledRRSet[] sets, bool isApex = false)
    {
        Name = name;
        Sets = sets;
        foreach (var set in sets)
        {
            if (set.Type == Wire.DnsType.NS && !isApex) IsCut = true;
        }
    }

    /// <summary>Lower-cased uncompressed wire name.</summary>
    public byte[] Name { get; }

    /// <summary>Record sets ordered by type.</summary>
    public CompiledRRSet[] Sets { get; }

    public CompiledRRSet? Cname => Find(Wire.DnsType.CNAME);

    /// <summary>A zone cut: NS below the apex. Queries at or below it get a referral (DS excepted at the cut itself).</summary>
    public bool IsCut { get; }

    /// <summary>The <c>*.&lt;this name&gt;</c> node, when there is one (RFC 4592 source of synthesis).</summary>
    public ZoneNode? Wildcard { get; internal set; }

    /// <summary>Nodes one label below this one (with data or empty non-terminals); a name exists while it has data or children.</summary>
    public int Children { get; internal set; }

    public bool IsEmptyNonTerminal => Sets.Length == 0;

    public CompiledRRSet? Find(ushort type)
    {
        foreach (var set in Sets)
        {
            if (set.Type == type) return set;
        }
        return null;
    }

    /// <summary>A private copy for the next version (same sets unless given), to be changed before it is published.</summary>
    internal ZoneNode CopyFor(CompiledRRSet[]? sets, bool isApex) =>
        new(Name, sets ?? Sets, isApex) { Wildcard = Wildcard, Children = Children };
}
