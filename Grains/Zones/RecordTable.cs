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
        var start = after is null ? 0 : FirstAfter(after);
        var end = Math.Min(Keys.Count, start + max);
        var page = ImmutableArray.CreateBuilder<DnsRecord>(Math.Max(0, end - start));
        for (var i = start; i < end; i++) page.Add(Map[Keys[i]]);
        var records = page.MoveToImmutable();
        return (records, end < Keys.Count && records.Length > 0 ? records[^1].Key : null);
    }

    /// <summary>Index of the first key greater than <paramref name="key"/> (a binary search over the set's O(log n) indexer).</summary>
    private int FirstAfter(string key)
    {
        int lo = 0, hi = Keys.Count;
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            if (RecordKeyOrder.Instance.Compare(Keys[mid], key) <= 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>Every record set in key order.</summary>
    public IEnumerable<DnsRecord> Ordered() => Keys.Select(k => Map[k]);
}
