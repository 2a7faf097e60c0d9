using System.Collections;
using System.Collections.Immutable;
using Vantage.Events;
using Vantage.Model;
using Vantage.Zones;

namespace Vantage.Grains.Zones;

/// <summary>
/// The record sets of one zone version, in one persistent balanced tree ordered by (domain, type) — the order of
/// <see cref="RecordKeyOrder"/>. Immutable and structure-sharing: a change costs O(log n), a page O(page · log n), and
/// older versions stay readable (consistent paging) for the price of what changed.
/// </summary>
public sealed class RecordTable
{
    private static readonly RecordOrder Order = new();

    public static readonly RecordTable Empty = new(ImmutableSortedSet<DnsRecord>.Empty.WithComparer(Order));

    private readonly ImmutableSortedSet<DnsRecord> set;

    private RecordTable(ImmutableSortedSet<DnsRecord> set)
    {
        this.set = set;
        Map = new KeyView(set, null);
    }

    /// <summary>Record sets by <see cref="RecordKey"/>: the validators' view of the zone.</summary>
    public IReadOnlyDictionary<string, DnsRecord> Map { get; }

    public int Count => set.Count;

    public static RecordTable From(IEnumerable<DnsRecord> records)
    {
        var sorted = records.ToArray();
        Array.Sort(sorted, Order);
        // Later duplicates win, as with a dictionary; a set built from a sorted list is balanced in one pass.
        var unique = new List<DnsRecord>(sorted.Length);
        foreach (var record in sorted)
        {
            if (unique.Count > 0 && Order.Compare(unique[^1], record) == 0) unique[^1] = record;
            else unique.Add(record);
        }
        return new RecordTable(ImmutableSortedSet.CreateRange(Order, unique));
    }

    public bool TryGetValue(string key, out DnsRecord record) => Map.TryGetValue(key, out record!);

    public DnsRecord? Find(string key) => Map.TryGetValue(key, out var record) ? record : null;

    public bool Contains(string key) => Map.ContainsKey(key);

    /// <summary>The zone without <paramref name="key"/>, as the validators see it (no copy).</summary>
    public IReadOnlyDictionary<string, DnsRecord> Without(string key) => new KeyView(set, key);

    public RecordTable SetItem(DnsRecord record) => new(set.Remove(record).Add(record));

    public RecordTable Remove(string key) => Probe(key) is { } probe && set.Contains(probe) ? new(set.Remove(probe)) : this;

    /// <summary>Applies record changes (a set's new content, or its removal) in order.</summary>
    public RecordTable Apply(IEnumerable<RecordChange> changes)
    {
        var builder = set.ToBuilder();
        foreach (var change in changes)
        {
            var probe = change.Record ?? new DnsRecord { Id = "", Zone = "", Domain = change.Domain, Type = change.Type };
            builder.Remove(probe);
            if (change.Record is { } record) builder.Add(record);
        }
        return new RecordTable(builder.ToImmutable());
    }

    /// <summary>Up to <paramref name="max"/> record sets after key <paramref name="after"/> (null: from the first), in order.</summary>
    public (ImmutableArray<DnsRecord> Records, string? Next) Page(string? after, int max)
    {
        var start = after is null ? 0 : FirstAfter(after);
        var end = Math.Min(set.Count, start + max);
        var page = ImmutableArray.CreateBuilder<DnsRecord>(Math.Max(0, end - start));
        for (var i = start; i < end; i++) page.Add(set[i]);
        var records = page.MoveToImmutable();
        return (records, end < set.Count && records.Length > 0 ? records[^1].Key : null);
    }

    /// <summary>Every record set in order.</summary>
    public IEnumerable<DnsRecord> Ordered() => set;

    /// <summary>Index of the first record set whose key is greater than <paramref name="key"/>.</summary>
    private int FirstAfter(string key)
    {
        int lo = 0, hi = set.Count;
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            if (RecordKeyOrder.Instance.Compare(set[mid].Key, key) <= 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static DnsRecord? Probe(string key)
    {
        var slash = key.LastIndexOf('/');
        return slash < 0 ? null : new DnsRecord { Id = "", Zone = "", Domain = key[..slash], Type = key[(slash + 1)..] };
    }

    /// <summary>By domain, then type, ordinal: the same order as <see cref="RecordKeyOrder"/> on their keys.</summary>
    private sealed class RecordOrder : IComparer<DnsRecord>
    {
        public int Compare(DnsRecord? x, DnsRecord? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null) return -1;
            if (y is null) return 1;
            var c = string.CompareOrdinal(x.Domain, y.Domain);
            return c != 0 ? c : string.CompareOrdinal(x.Type, y.Type);
        }
    }

    /// <summary>The set as a dictionary by key, optionally without one key.</summary>
    private sealed class KeyView(ImmutableSortedSet<DnsRecord> set, string? excluded) : IReadOnlyDictionary<string, DnsRecord>
    {
        public DnsRecord this[string key] => TryGetValue(key, out var r) ? r : throw new KeyNotFoundException(key);

        public IEnumerable<string> Keys => Values.Select(r => r.Key);

        public IEnumerable<DnsRecord> Values => excluded is null ? set : set.Where(r => r.Key != excluded);

        public int Count => excluded is not null && ContainsInSet(excluded) ? set.Count - 1 : set.Count;

        public bool ContainsKey(string key) => TryGetValue(key, out _);

        public bool TryGetValue(string key, out DnsRecord value)
        {
            value = null!;
            if (key == excluded || Probe(key) is not { } probe || !set.TryGetValue(probe, out var found)) return false;
            value = found;
            return true;
        }

        private bool ContainsInSet(string key) => Probe(key) is { } probe && set.Contains(probe);

        public IEnumerator<KeyValuePair<string, DnsRecord>> GetEnumerator() =>
            Values.Select(r => KeyValuePair.Create(r.Key, r)).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
