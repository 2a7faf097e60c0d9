using System.Collections.Immutable;
using Vantage.Events;
using Vantage.Model;
using Vantage.Zones;

namespace Vantage.Grains.Zones.Storage;

/// <summary>
/// The small, frequently written part of a zone: its settings and where its log and record shards stand. Writing it
/// is the commit point of a change: a change exists once a head with its version is stored. A deleted zone keeps its
/// head (a tombstone) so that versions and serials keep growing if it is created again.
/// </summary>
[GenerateSerializer, Immutable, Alias("vantage.zone-head.v1")]
public sealed record ZoneHead
{
    /// <summary>Zone settings; null when the zone does not exist (never created, or deleted).</summary>
    [Id(0)] public ZoneSettings? Settings { get; init; }

    /// <summary>Version of the last accepted change (0: none yet).</summary>
    [Id(1)] public long Version { get; init; }

    /// <summary>SOA serial of the last change, kept after a deletion so that a re-created zone's serial keeps growing.</summary>
    [Id(2)] public uint LastSerial { get; init; }

    /// <summary>Id of the record-shard generation that holds the records as of <see cref="CheckpointVersion"/>; empty: no shards.</summary>
    [Id(3)] public string Generation { get; init; } = "";

    /// <summary>Number of record shards in <see cref="Generation"/> (a power of two).</summary>
    [Id(4)] public int ShardCount { get; init; }

    /// <summary>The shards hold every change up to this version; later ones are replayed from the log.</summary>
    [Id(5)] public long CheckpointVersion { get; init; }

    /// <summary>Oldest version still in the log (edges further behind need a full read).</summary>
    [Id(6)] public long LogFrom { get; init; } = 1;

    /// <summary>Every change up to this version was published on the change stream (the outbox drains the rest).</summary>
    [Id(7)] public long PublishedVersion { get; init; }

    /// <summary>Record sets in the zone at <see cref="Version"/>.</summary>
    [Id(8)] public int RecordCount { get; init; }

    public bool Exists => Settings is not null;
}

/// <summary>
/// One part of the log entry of a zone version. A change of many record sets is split over several parts so that no
/// stored row grows past what every store accepts (Azure Table entities stop at about 1 MB).
/// </summary>
[GenerateSerializer, Immutable, Alias("vantage.zone-log-part.v1")]
public sealed record ZoneLogPart
{
    /// <summary>The change, carrying only this part's record changes.</summary>
    [Id(0)] public required ZoneChanged Change { get; init; }

    [Id(1)] public int Part { get; init; }

    [Id(2)] public int Parts { get; init; } = 1;

    /// <summary>Record changes of the whole version (all parts).</summary>
    [Id(3)] public int RecordChanges { get; init; }
}

/// <summary>
/// The record sets of one shard: those whose key hashes to it, as objects. This is how shards were stored before
/// <see cref="PackedRecordShard"/>; such rows are still read, never written.
/// </summary>
[GenerateSerializer, Immutable, Alias("vantage.zone-record-shard.v1")]
public record RecordShard
{
    [Id(0)] public ImmutableArray<DnsRecord> Records { get; init; } = ImmutableArray<DnsRecord>.Empty;

    public static RecordShard Of(IEnumerable<DnsRecord> records, string zone)
    {
        var models = RecordModelPage.Pack(records, zone, out var count);
        return new PackedRecordShard { Models = models, Count = count };
    }

    /// <summary>The shard's record sets, whichever way the shard was stored.</summary>
    public IEnumerable<DnsRecord> RecordsOf(string zone) => this is PackedRecordShard packed ? packed.Unpacked(zone) : Records;
}

/// <summary>
/// A shard's record sets in their compact <see cref="RecordModel"/> form, packed as in <see cref="RecordModelPage"/>
/// and encoded for the zone: a fraction of the bytes and of the serializing time of the objects (a checkpoint rewrites
/// every shard a change touched, so this is what a checkpoint costs). A type of its own, so that a silo too old to know
/// it fails to load the zone instead of reading an empty <see cref="RecordShard.Records"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("vantage.zone-record-shard.v2")]
public sealed record PackedRecordShard : RecordShard
{
    [Id(0)] public byte[] Models { get; init; } = [];

    [Id(1)] public int Count { get; init; }

    internal IEnumerable<DnsRecord> Unpacked(string zone)
    {
        var count = 0;
        foreach (var model in RecordModelPage.Unpack(Models))
        {
            count++;
            yield return RecordModel.Decode(model.Span, zone);
        }
        if (count != Count) throw new FormatException($"zone {zone}: a record shard holds {count} record sets, its header says {Count}");
    }
}
