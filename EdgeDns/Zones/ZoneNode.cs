namespace Vantage.EdgeDns.Zones;

/// <summary>One owner name of a compiled zone, with its record sets (none for an empty non-terminal).</summary>
public sealed class ZoneNode
{
    public ZoneNode(byte[] name, CompiledRRSet[] sets)
    {
        Name = name;
        Sets = sets;
        foreach (var set in sets)
        {
            if (set.Type == Wire.DnsType.CNAME) Cname = set;
        }
    }

    /// <summary>Lower-cased uncompressed wire name.</summary>
    public byte[] Name { get; }

    /// <summary>Record sets ordered by type.</summary>
    public CompiledRRSet[] Sets { get; }

    public CompiledRRSet? Cname { get; }

    /// <summary>A zone cut: NS below the apex. Queries at or below it get a referral (DS excepted at the cut itself).</summary>
    public bool IsCut { get; internal set; }

    /// <summary>Strictly below a zone cut: only usable as glue.</summary>
    public bool IsOccluded { get; internal set; }

    /// <summary>The <c>*.&lt;this name&gt;</c> node, when there is one (RFC 4592 source of synthesis).</summary>
    public ZoneNode? Wildcard { get; internal set; }

    public bool IsEmptyNonTerminal => Sets.Length == 0;

    public CompiledRRSet? Find(ushort type)
    {
        foreach (var set in Sets)
        {
            if (set.Type == type) return set;
        }
        return null;
    }
}
