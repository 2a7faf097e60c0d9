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
        if (Current.Settings is not { } zone) return false;
        var changed = ImmutableArray.CreateBuilder<RecordChange>();
        var records = Current.Records;
        foreach (var record in Current.Records.Values)
        {
            if (!record.FeedData.TryGetValue(feedId, out var held) || held.Version >= value.Version) continue;
            var next = record with { FeedData = record.FeedData.SetItem(feedId, value) };
            records = records.SetItem(next.Key, next);
            changed.Add(new RecordChange { Domain = next.Domain, Type = next.Type, Record = next });
        }
        if (changed.Count == 0) return false;
        var result = await Commit(ZoneChangeKind.Updated, zone, records, changed.ToImmutable());
        return result.Ok;
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
