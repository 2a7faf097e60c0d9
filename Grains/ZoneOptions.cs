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

    /// <summary>
    /// A zone's record shards are brought up to date (checkpointed) once this many changes were logged since the last
    /// checkpoint, or after <see cref="CheckpointDelay"/>; until then a restart replays them from the log.
    /// </summary>
    [Range(1, 100_000)]
    public int CheckpointEvery { get; set; } = 256;

    /// <summary>How long logged changes wait before the shards they touch are rewritten.</summary>
    public TimeSpan CheckpointDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Imports of up to this many record sets are stored before CommitImport returns; larger ones run in the background.</summary>
    [Range(0, 10_000_000)]
    public int InlineImportRecords { get; set; } = 20_000;

    /// <summary>
    /// Rows a zone writes to storage at once when it writes many (shards, log parts). The embedded SQLite store takes
    /// one writer at a time, so the development profile sets 1; PostgreSQL and Azure Table Storage gain from more.
    /// </summary>
    [Range(1, 64)]
    public int StorageWriteParallelism { get; set; } = 8;

    /// <summary>Largest number of record sets one zone may hold.</summary>
    [Range(1, 10_000_000)]
    public int MaxRecords { get; set; } = 1_000_000;
}
