namespace Vantage.EdgeDns.Zones;

/// <summary>
/// One owner name of a compiled zone, with its record sets (none for an empty non-terminal). Frozen once the zone
/// version holding it is published: a later version that changes the name gets a new node (copy-on-write).
/// </summary>
public sealed class ZoneNode
{
    // Most names own one record set: it is held in a field of its own instead of a one-element array (32 bytes a
    // name, about 30 MB on a million-name zone). Exactly one of the two is set, or neither for an empty non-terminal.
    private readonly CompiledRRSet? one;
    private readonly CompiledRRSet[]? many;

    public ZoneNode(byte[] name, CompiledRRSet[] sets, bool isApex = false)
    {
        Name = name;
        if (sets.Length == 1) one = sets[0];
        else if (sets.Length > 1) many = sets;
        foreach (var set in sets)
        {
            if (set.Type == Wire.DnsType.NS && !isApex) IsCut = true;
        }
    }

    private ZoneNode(ZoneNode source)
    {
        Name = source.Name;
        one = source.one;
        many = source.many;
        IsCut = source.IsCut;
        Wildcard = source.Wildcard;
        Children = source.Children;
    }

    /// <summary>Lower-cased uncompressed wire name.</summary>
    public byte[] Name { get; }

    /// <summary>Record sets ordered by type.</summary>
    public ReadOnlySpan<CompiledRRSet> Sets => many ?? (one is null ? [] : new ReadOnlySpan<CompiledRRSet>(in one));

    public CompiledRRSet? Cname => Find(Wire.DnsType.CNAME);

    /// <summary>A zone cut: NS below the apex. Queries at or below it get a referral (DS excepted at the cut itself).</summary>
    public bool IsCut { get; }

    /// <summary>The <c>*.&lt;this name&gt;</c> node, when there is one (RFC 4592 source of synthesis).</summary>
    public ZoneNode? Wildcard { get; internal set; }

    /// <summary>Nodes one label below this one (with data or empty non-terminals); a name exists while it has data or children.</summary>
    public int Children { get; internal set; }

    public bool IsEmptyNonTerminal => one is null && many is null;

    public CompiledRRSet? Find(ushort type)
    {
        if (one is not null) return one.Type == type ? one : null;
        if (many is null) return null;
        foreach (var set in many)
        {
            if (set.Type == type) return set;
        }
        return null;
    }

    /// <summary>A private copy for the next version (same sets unless given), to be changed before it is published.</summary>
    internal ZoneNode CopyFor(CompiledRRSet[]? sets, bool isApex) =>
        sets is null ? new ZoneNode(this) : new(Name, sets, isApex) { Wildcard = Wildcard, Children = Children };
}
