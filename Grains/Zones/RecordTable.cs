using System.Collections.Immutable;
using Vantage.Model;
using Vantage.Zones;

namespace Vantage.Grains.Zones;

/// <summary>
/// The record sets of one zone version: a persistent map by key plus the keys in <see cref="RecordKeyOrder"/>. Both
/// are immutable and share structure between versions, so a change costs O(log n) and older versions stay readable
/// (consistent paging) for the price of what changed.
/// </summary>
public sealed class RecordTable
{
    public static readonly RecordTable Empty = new(
        ImmutableDictionary<string, DnsRecord>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableSortedSet<string>.Empty.WithComparer(RecordKeyOrder.Instance));

    private RecordTable(ImmutableDictionary<string, DnsRecord> map, ImmutableSortedSet<string> keys)
    {
        Map = map;
        Keys = keys;
    }

    /// <summary>Record sets by <see cref="RecordKey"/>; usable as the validators' view of the zone.</summary>
    public ImmutableDictionary<string, DnsRecord> Map { get; }

    public ImmutableSortedSet<string> Keys { get; }

    public int Count => Map.Count;

    public static RecordTable From(IEnumerable<DnsRecord> records)
    {
        var map = ImmutableDictionary.CreateBuilder<string, DnsRecord>(StringComparer.Ordinal);
        foreach (var record in records) map[record.Key] = record;
        var keys = ImmutableSortedSet.CreateBuilder(RecordKeyOrder.Instance);
        foreach (var key in map.Keys) keys.Add(key);
        return new RecordTable(map.ToImmutable(), keys.ToImmutable());
    }

    public bool TryGetValue(string key, out DnsRecord record) => Map.TryGetValue(key, out record!);

    public DnsRecord? Find(string key) => Map.GetValueOrDefault(key);

    public RecordTable SetItem(DnsRecord record) =>
        new(Map.SetItem(record.Key, record), Map.ContainsKey(record.Key) ? Keys : Keys.Add(record.Key));

    public RecordTable Remove(string key) => Map.ContainsKey(key) ? new(Map.Remove(key), Keys.Remove(key)) : this;

    /// <summary>Applies record changes (a set's new content, or its removal) in order.</summary>
    public RecordTable Apply(IEnumerable<Vantage.Events.RecordChange> changes)
    {
        var map = Map.ToBuilder();
        var keys = Keys.ToBuilder();
        foreach (var change in changes)
        {
            var key = RecordKey.Of(change.Domain, change.Type);
            if (change.Record is { } record)
            {
                map[key] = record;
                keys.Add(key);
            }
            else if (map.Remove(key))
            {
                keys.Remove(key);
            }
        }
        return new RecordTable(map.ToImmutable(), keys.ToImmutable());
    }

    /// <summary>Up to <paramref name="max"/> record sets after <paramref name="after"/> (null: from the first), in key order.</summary>
    public (ImmutableArray<DnsRecord> Records, string? Next) Page(string? after, int max)
    {
        var start = 0;
        if (after is not null)
        {
            var index = Keys.IndexOf(after);
            start = index >= 0 ? index + 1 : ~index;
        }
        var end = Math.Min(Keys.Count, start + max);
        var page = ImmutableArray.CreateBuilder<DnsRecord>(Math.Max(0, end - start));
        for (var i = start; i < end; i++) page.Add(Map[Keys[i]]);
        return (page.MoveToImmutable(), end < Keys.Count && page.Count > 0 ? page[^1].Key : null);
    }

    /// <summary>Every record set in key order.</summary>
    public IEnumerable<DnsRecord> Ordered() => Keys.Select(k => Map[k]);
}
