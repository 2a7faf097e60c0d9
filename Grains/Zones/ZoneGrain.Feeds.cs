using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Vantage.Events;
using Vantage.Feeds;
using Vantage.Model;

namespace Vantage.Grains.Zones;

/// <summary>
/// Feed pointers: a record whose meta points at a feed holds that feed's current value in
/// <see cref="DnsRecord.FeedData"/>. A new value arrives from the feed grain and becomes one ordinary versioned
/// zone change, so edges pick it up exactly like an edit.
/// </summary>
public sealed partial class ZoneGrain
{
    public async Task<bool> ApplyFeed(string feedId, FeedValue value)
    {
        await using var gate = await EnterWrite();
        if (!gate.Entered || Current.Settings is not { } zone) return false;
        var changed = ImmutableArray.CreateBuilder<RecordChange>();
        foreach (var record in RecordsPointingAt(feedId))
        {
            if (!record.FeedData.TryGetValue(feedId, out var held) || held.Version >= value.Version) continue;
            var next = record with { FeedData = record.FeedData.SetItem(feedId, value) };
            changed.Add(new RecordChange { Domain = next.Domain, Type = next.Type, Record = next });
        }
        if (changed.Count == 0) return false;
        var result = await Commit(ZoneChangeKind.Updated, zone, changed.ToImmutable());
        return result.Ok;
    }

    /// <summary>
    /// The records holding a value of <paramref name="feedId"/>. An index (feed → record keys) rebuilt lazily from the
    /// current records and then kept up to date, so a feed update on a big zone does not scan every record.
    /// </summary>
    private IEnumerable<DnsRecord> RecordsPointingAt(string feedId)
    {
        var records = Current.Records;
        if (!ReferenceEquals(_feedIndexOf, records))
        {
            _feedIndex.Clear();
            foreach (var record in records.Ordered())
            {
                foreach (var feed in record.FeedData.Keys)
                {
                    if (!_feedIndex.TryGetValue(feed, out var keys)) _feedIndex[feed] = keys = new HashSet<string>(StringComparer.Ordinal);
                    keys.Add(record.Key);
                }
            }
            _feedIndexOf = records;
        }
        if (!_feedIndex.TryGetValue(feedId, out var pointing)) return [];
        return [.. pointing.Select(records.Find).OfType<DnsRecord>()];
    }

    private readonly Dictionary<string, HashSet<string>> _feedIndex = new(StringComparer.Ordinal);
    private RecordTable? _feedIndexOf;

    /// <summary>Keeps the feed index in step with a committed change (a change of most of the zone rebuilds it later).</summary>
    private void IndexFeeds(RecordTable before, RecordTable after, ImmutableArray<RecordChange> changes)
    {
        if (!ReferenceEquals(_feedIndexOf, before) || changes.Length > after.Count / 4 + 16)
        {
            _feedIndexOf = null;
            return;
        }
        foreach (var change in changes)
        {
            var key = RecordKey.Of(change.Domain, change.Type);
            foreach (var feed in before.Find(key)?.FeedData.Keys ?? [])
            {
                if (_feedIndex.TryGetValue(feed, out var keys)) keys.Remove(key);
            }
            foreach (var feed in change.Record?.FeedData.Keys ?? [])
            {
                if (!_feedIndex.TryGetValue(feed, out var keys)) _feedIndex[feed] = keys = new HashSet<string>(StringComparer.Ordinal);
                keys.Add(key);
            }
        }
        _feedIndexOf = after;
    }

    /// <summary>
    /// Registers <paramref name="record"/> as a destination of every feed its meta points at and fills in the feeds'
    /// current values. A pointer to a feed that does not exist stays unknown.
    /// </summary>
    private async Task<OpResult<DnsRecord>> AttachFeeds(DnsRecord? previous, DnsRecord record)
    {
        var pointers = FeedPointers.Of(record);
        if (pointers.IsEmpty)
        {
            return OpResult<DnsRecord>.Success(record.FeedData.IsEmpty ? record : record with { FeedData = ImmutableDictionary<string, FeedValue>.Empty });
        }
        var values = ImmutableDictionary.CreateBuilder<string, FeedValue>(StringComparer.Ordinal);
        foreach (var (feedId, destinations) in pointers.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var attached = await GrainFactory.GetGrain<IDataFeedGrain>(feedId).Attach(Name + "/" + record.Key, destinations);
            // A pointer to a feed that does not exist is stored as sent (records written before feeds existed, octoDNS
            // exports) and stays unknown; the steering engine treats an unknown up as up.
            if (attached.Ok) values[feedId] = attached.Value!;
        }
        return OpResult<DnsRecord>.Success(record with { FeedData = values.ToImmutable() });
    }

    /// <summary>Tells feeds (after the change is stored, not awaited) that the record <c>domain/TYPE</c> no longer points at them.</summary>
    private void DetachFeeds(string recordKey, IEnumerable<string> feedIds)
    {
        foreach (var feedId in feedIds.ToArray())
        {
            GrainFactory.GetGrain<IDataFeedGrain>(feedId).Detach(Name + "/" + recordKey).ContinueWith(
                t => LogDetachFailed(Name, feedId, t.Exception!), CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default).Ignore();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Zone {Zone}: feed {Feed} could not be told that a record stopped pointing at it")]
    private partial void LogDetachFailed(string zone, string feed, Exception ex);
}
