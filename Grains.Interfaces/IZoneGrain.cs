using System.Collections.Immutable;
using Vantage.Events;
using Orleans.Concurrency;
using Vantage.Model;
using Vantage.Zones;

namespace Vantage;

/// <summary>
/// Owns one zone and all of its records. Keyed by the lower-case zone name.
/// Every accepted change bumps the version and the SOA serial and is durably appended to the zone's log before it is
/// acknowledged (its cost follows the change, not the zone); it is then published as a <see cref="ZoneChanged"/>
/// event on the zone's change stream. Reads never carry a whole zone in one message: use <see cref="GetRecordsPage"/>
/// (or <see cref="ZoneReader.Pages"/>).
/// </summary>
public interface IZoneGrain : IGrainWithStringKey
{
    Task<OpResult<ZoneSnapshot>> Create(ZonePatch settings);

    /// <summary>
    /// The zone with all its records in one message; NotFound when it does not exist. For tests and small zones:
    /// a zone of more than <see cref="ZoneReader.MaxPageSize"/> record sets answers Invalid — read it by pages.
    /// </summary>
    [AlwaysInterleave]
    Task<OpResult<ZoneSnapshot>> Get();

    /// <summary>
    /// Up to <paramref name="max"/> record sets after key <paramref name="after"/> (null: from the start) in
    /// <see cref="RecordKeyOrder"/>, read at <paramref name="version"/> (0: the current one). A version other than the
    /// current one stays readable for a while after it was replaced, so a caller paging through a busy zone sees
    /// one consistent version; when it is gone the answer is Invalid ("version N is no longer readable").
    /// </summary>
    [AlwaysInterleave]
    Task<OpResult<RecordPage>> GetRecordsPage(long version, string? after, int max);

    /// <summary>
    /// <see cref="GetRecordsPage"/> with each record in its compact <see cref="RecordModel"/> form: what an edge reads a
    /// zone with (one byte array per page instead of thousands of record objects to serialize).
    /// </summary>
    [AlwaysInterleave]
    Task<OpResult<RecordModelPage>> GetRecordModelsPage(long version, string? after, int max);

    /// <summary>The zone's settings only (cheap: no records); NotFound when it does not exist.</summary>
    [AlwaysInterleave]
    Task<OpResult<ZoneSettings>> GetSettings();

    Task<OpResult<ZoneSnapshot>> Update(ZonePatch patch);

    Task<OpResult<bool>> Delete();

    [AlwaysInterleave]
    Task<OpResult<DnsRecord>> GetRecord(string domain, string type);

    Task<OpResult<DnsRecord>> CreateRecord(string domain, string type, RecordPatch record);

    Task<OpResult<DnsRecord>> UpdateRecord(string domain, string type, RecordPatch patch);

    Task<OpResult<bool>> DeleteRecord(string domain, string type);

    /// <summary>
    /// Creates the zone if needed and replaces all of its records with <paramref name="records"/>
    /// (and its settings with <paramref name="settings"/>) as one atomic change. Used by zone-file import.
    /// </summary>
    Task<OpResult<ZoneSnapshot>> Import(ZonePatch settings, ImmutableArray<DnsRecord> records);

    /// <summary>
    /// Adds a chunk of record sets to the staged import <paramref name="importId"/> (started by its first chunk).
    /// Chunks are validated on their own as they arrive; the zone is not touched until <see cref="CommitImport"/>.
    /// </summary>
    Task<OpResult<ImportStatus>> StageImport(string importId, ImmutableArray<DnsRecord> records);

    /// <summary>
    /// Replaces the zone's records with the staged import (and merges <paramref name="settings"/>) as one atomic
    /// change, diffed against what the zone holds: unchanged record sets and answers keep their ids, and an import
    /// that changes nothing creates no version. Returns at once with state Running (or already finished); poll
    /// <see cref="GetImport"/>. Writes that arrive meanwhile wait for it.
    /// </summary>
    Task<OpResult<ImportStatus>> CommitImport(string importId, ZonePatch settings);

    /// <summary>Status of an import of this zone, or null when the grain does not know it (never started, or forgotten).</summary>
    [AlwaysInterleave]
    Task<ImportStatus?> GetImport(string importId);

    /// <summary>
    /// Changes after <paramref name="version"/> in order, or SnapshotRequired when the journal no longer reaches back
    /// (or a change is too large to carry: then read the zone by pages).
    /// </summary>
    [AlwaysInterleave]
    Task<ZoneChanges> GetChangesSince(long version);

    /// <summary>Current version (0 when the zone does not exist).</summary>
    [AlwaysInterleave]
    Task<long> GetVersion();

    /// <summary>
    /// A feed's new value: every record pointing at <paramref name="feedId"/> takes it (values older than held are
    /// ignored) in one versioned change. Returns whether anything changed.
    /// </summary>
    Task<bool> ApplyFeed(string feedId, Vantage.Feeds.FeedValue value);
}

/// <summary>
/// One shard of the zone directory (keys <see cref="ZoneSharding.AllDirectoryKeys"/>): lists the zones that hash to it
/// with their current versions. Callers use <see cref="ZoneDirectory"/> for the whole list.
/// </summary>
public interface IZoneDirectoryGrain : IGrainWithStringKey
{
    Task<bool> TryAdd(string zone);

    Task Remove(string zone);

    /// <summary>Sorted zone names.</summary>
    Task<ImmutableArray<string>> List();

    /// <summary>Called one-way by zone grains after each accepted change.</summary>
    [OneWay]
    Task SetVersion(string zone, long version);

    /// <summary>
    /// Every zone of the shard with its latest version, for edges reconciling their state; a zone whose version the
    /// shard has not read yet is reported as <see cref="ZoneDirectory.UnknownVersion"/>, never as 0. Interleaves with the directory's
    /// other calls, so a zone grain waiting on the directory can never deadlock with it.
    /// </summary>
    [AlwaysInterleave]
    Task<ImmutableDictionary<string, long>> Versions();
}
