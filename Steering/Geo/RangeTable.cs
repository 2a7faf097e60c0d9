using System.Numerics;

namespace Vantage.Steering.Geo;

/// <summary>
/// Sorted, non-overlapping address ranges → an int value, as two parallel arrays: <c>starts[i]</c> begins a
/// range that ends just before <c>starts[i + 1]</c>. The first range always starts at zero; gaps hold
/// <see cref="None"/>. A lookup is one binary search and allocates nothing.
/// </summary>
public sealed class RangeTable<TKey> where TKey : unmanaged, IBinaryInteger<TKey>, IUnsignedNumber<TKey>
{
    public const int None = -1;

    private readonly TKey[] starts;
    private readonly int[] values;

    public static RangeTable<TKey> Empty { get; } = new([TKey.Zero], [None]);

    /// <summary>Wraps arrays built by <see cref="RangeTableBuilder{TKey}"/> or read from a cache.</summary>
    public RangeTable(TKey[] starts, int[] values)
    {
        if (starts.Length == 0 || starts.Length != values.Length || starts[0] != TKey.Zero)
            throw new ArgumentException("starts and values must have the same, non-zero length and start at zero");
        for (var i = 1; i < starts.Length; i++)
        {
            if (starts[i] <= starts[i - 1]) throw new ArgumentException("starts must be strictly increasing");
        }
        this.starts = starts;
        this.values = values;
    }

    /// <summary>Number of ranges, gaps included.</summary>
    public int Count => starts.Length;

    /// <summary>Ranges that carry a value (gaps excluded).</summary>
    public int ValueCount => values.Length - values.AsSpan().Count(None);

    public ReadOnlySpan<TKey> Starts => starts;

    public ReadOnlySpan<int> Values => values;

    /// <summary>The value of the range holding <paramref name="key"/>, or <see cref="None"/>.</summary>
    public int Find(TKey key)
    {
        var s = starts;
        int lo = 0, hi = s.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >>> 1;
            if (s[mid] <= key) lo = mid;
            else hi = mid - 1;
        }
        return values[lo];
    }

    /// <summary>Bytes held by the two arrays.</summary>
    public long SizeInBytes => (long)starts.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<TKey>() + values.Length * sizeof(int);
}

/// <summary>
/// Collects inclusive ranges in any order and builds a <see cref="RangeTable{TKey}"/>. Where ranges overlap,
/// the one starting first keeps the shared part (of equal starts, the one added first); neighbouring ranges
/// with the same value are merged.
/// </summary>
public sealed class RangeTableBuilder<TKey> where TKey : unmanaged, IBinaryInteger<TKey>, IUnsignedNumber<TKey>
{
    private readonly List<(TKey Start, TKey End, int Value, int Order)> ranges = [];

    public int Count => ranges.Count;

    public void Add(TKey start, TKey end, int value)
    {
        if (end < start) throw new ArgumentException("end before start");
        if (value == RangeTable<TKey>.None) return;
        ranges.Add((start, end, value, ranges.Count));
    }

    /// <summary>Adds another builder's ranges after this one's (so this one's win ties of equal starts).</summary>
    public void AddAll(RangeTableBuilder<TKey> other)
    {
        ranges.EnsureCapacity(ranges.Count + other.ranges.Count);
        foreach (var (start, end, value, _) in other.ranges) ranges.Add((start, end, value, ranges.Count));
    }

    public RangeTable<TKey> Build()
    {
        var sorted = ranges.Count > 1 && !IsSorted() ? SortedCopy() : ranges;
        var starts = new List<TKey>(sorted.Count + 16) { TKey.Zero };
        var values = new List<int>(sorted.Count + 16) { RangeTable<TKey>.None };
        var cursor = TKey.Zero; // first key not yet covered
        var full = false;       // covered up to the largest key
        foreach (var (start, end, value, _) in sorted)
        {
            if (full || end < cursor) continue;
            var from = start > cursor ? start : cursor;
            if (from > cursor) Append(starts, values, cursor, RangeTable<TKey>.None);
            Append(starts, values, from, value);
            if (end == TKey.AllBitsSet) full = true;
            else cursor = end + TKey.One;
        }
        if (!full && starts.Count > 1) Append(starts, values, cursor, RangeTable<TKey>.None);
        return new RangeTable<TKey>([.. starts], [.. values]);
    }

    private static void Append(List<TKey> starts, List<int> values, TKey start, int value)
    {
        var last = starts.Count - 1;
        if (values[last] == value) return;
        if (starts[last] == start)
        {
            values[last] = value;
            if (last > 0 && values[last - 1] == value)
            {
                starts.RemoveAt(last);
                values.RemoveAt(last);
            }
            return;
        }
        starts.Add(start);
        values.Add(value);
    }

    private bool IsSorted()
    {
        for (var i = 1; i < ranges.Count; i++)
        {
            if (ranges[i].Start < ranges[i - 1].Start) return false;
        }
        return true;
    }

    private List<(TKey Start, TKey End, int Value, int Order)> SortedCopy()
    {
        var copy = new List<(TKey Start, TKey End, int Value, int Order)>(ranges);
        copy.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Order.CompareTo(b.Order));
        return copy;
    }
}
