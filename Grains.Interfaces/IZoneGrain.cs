using System.Collections.Immutable;
using Vantage.Events;
using Orleans.Concurrency;
using Vantage.Model;

namespace Vantage;

/// <summary>
/// Owns one zone and all of its records. Keyed by the lower-case zone name.
/// Every accepted change bumps the version and the SOA serial, is journaled, persisted with one
/// state write and then published as a <see cref="ZoneChanged"/> event.
/// </summary>
public interface IZoneGrain : IGrainWithStringKey
{
    Task<OpResult<ZoneSnapshot>> Create(ZonePatch settings);

    /// <summary>The zone with its records; NotFound when it does not exist.</summary>
    Task<OpResult<ZoneSnapshot>> Get();

    /// <summary>The zone's settings only (cheap: no records); NotFound when it does not exist.</summary>
    Task<OpResult<ZoneSettings>> GetSettings();

    Task<OpResult<ZoneSnapshot>> Update(ZonePatch patch);

    Task<OpResult<bool>> Delete();

    Task<OpResult<DnsRecord>> GetRecord(string domain, string type);

    Task<OpResult<DnsRecord>> CreateRecord(string domain, string type, RecordPatch record);

    Task<OpResult<DnsRecord>> UpdateRecord(string domain, string type, RecordPatch patch);

    Task<OpResult<bool>> DeleteRecord(string domain, string type);

    /// <summary>
    /// Creates the zone if needed and replaces all of its records with <paramref name="records"/>
    /// (and its settings with <paramref name="settings"/>) as one atomic change. Used by zone-file import.
    /// </summary>
    Task<OpResult<ZoneSnapshot>> Import(ZonePatch settings, ImmutableArray<DnsRecord> records);

    /// <summary>Changes after <paramref name="version"/> in order, or SnapshotRequired when the journal no longer reaches back.</summary>
    Task<ZoneChanges> GetChangesSince(long version);

    /// <summary>Current version (0 when the zone does not exist).</summary>
    Task<long> GetVersion();

    /// <summary>
    /// A feed's new value: every record pointing at <paramref name="feedId"/> takes it (values older than held are
    /// ignored) in one versioned change. Returns whether anything changed.
    /// </summary>
    Task<bool> ApplyFeed(string feedId, Vantage.Feeds.FeedValue value);
}

/// <summary>Lists every zone with its current version. Single activation keyed <see cref="GrainKeys.Directory"/>.</summary>
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
    /// Every zone with its latest version, for edges reconciling their state. Interleaves with the directory's
    /// other calls, so a zone grain waiting on the directory can never deadlock with it.
    /// </summary>
    [AlwaysInterleave]
    Task<ImmutableDictionary<string, long>> Versions();
}
