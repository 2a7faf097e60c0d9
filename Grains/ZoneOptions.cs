using System.ComponentModel.DataAnnotations;

namespace Vantage.Grains;

/// <summary>Settings of zone grains, bound from <c>Vantage:Zones</c>.</summary>
public sealed class ZoneOptions
{
    public const string Section = "Vantage:Zones";

    /// <summary>Name servers given to new zones (NS1's <c>dns_servers</c>); also the apex NS answers.</summary>
    [MinLength(1)]
    public string[] DnsServers { get; set; } = ["dns1.vantage.test", "dns2.vantage.test"];

    /// <summary>Hostmaster e-mail given to new zones.</summary>
    [Required]
    public string Hostmaster { get; set; } = "hostmaster@vantage.test";

    /// <summary>Changes kept in each zone's journal for edges catching up (older ones need a full snapshot).</summary>
    [Range(1, 100_000)]
    public int JournalLimit { get; set; } = 1000;

    /// <summary>Largest number of record sets one zone may hold.</summary>
    [Range(1, 10_000_000)]
    public int MaxRecords { get; set; } = 1_000_000;
}
