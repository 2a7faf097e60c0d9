using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace Vantage.EdgeDns.Zones;

/// <summary>
/// Immutable hash map keyed by lower-cased uncompressed wire names, split into buckets by the high bits of a seeded
/// hash. An edit copies only the top array and the buckets it touches (copy-on-write), so changing one name of a
/// million costs about one bucket; readers of the previous map are never disturbed. Lookups take a span and allocate
/// nothing. The hash is seeded per process so that zone content cannot be crafted to collide.
/// </summary>
public sealed class NameMap<T> where T : class
{
    /// <summary>Average entries per bucket when a map is built or regrown.</summary>
    private const int TargetBucketSize = 16;

    /// <summary>An edit regrows the map when the average bucket holds more than this.</summary>
    private const int MaxBucketSize = 64;

    /// <summary>Buckets per page (2^8): an edit copies the page array and one page, never all buckets.</summary>
    private const int PageBits = 8;

    public static readonly NameMap<T> Empty = new([[Bucket.None]], 0, 0);

    /// <summary>Bucket i is pages[i >> PageBits][i &amp; (PageSize - 1)].</summary>
    private readonly Bucket[][] pages;
    private readonly int shift;

    private NameMap(Bucket[][] pages, int bits, int count)
    {
        this.pages = pages;
        shift = 32 - bits;
        Bits = bits;
        Count = count;
    }

    private Bucket BucketAt(int index) => pages[index >> PageBits][index & ((1 << PageBits) - 1)];

    private static Bucket[][] Paged(Bucket[] buckets)
    {
        var size = Math.Min(buckets.Length, 1 << PageBits);
        var result = new Bucket[buckets.Length / size][];
        for (var p = 0; p < result.Length; p++) result[p] = buckets.AsSpan(p * size, size).ToArray();
        return result;
    }

    public int Count { get; }

    private int Bits { get; }

    public static NameMap<T> Create(IReadOnlyCollection<KeyValuePair<byte[], T>> items)
    {
        var editor = Empty.Edit(items.Count);
        foreach (var (key, value) in items) editor.Set(key, value);
        return editor.ToMap();
    }

    public T? Find(ReadOnlySpan<byte> lowerName)
    {
        var h = NameHash.Of(lowerName);
        var bucket = BucketAt((int)(shift == 32 ? 0 : h >> shift));
        var hashes = bucket.Hashes.AsSpan();
        var from = 0;
        while (true)
        {
            var at = hashes[from..].IndexOf(h);
            if (at < 0) return null;
            from += at;
            if (lowerName.SequenceEqual(bucket.Keys[from])) return bucket.Values[from];
            from++;
        }
    }

    /// <summary>Every value, in no particular order.</summary>
    public IEnumerable<T> Values
    {
        get
        {
            foreach (var page in pages)
            {
                foreach (var bucket in page)
                {
                    foreach (var value in bucket.Values) yield return value;
                }
            }
        }
    }

    /// <summary>Every entry, in no particular order.</summary>
    public IEnumerable<KeyValuePair<byte[], T>> Entries
    {
        get
        {
            foreach (var page in pages)
            {
                foreach (var bucket in page)
                {
                    for (var i = 0; i < bucket.Keys.Length; i++) yield return KeyValuePair.Create(bucket.Keys[i], bucket.Values[i]);
                }
            }
        }
    }

    /// <summary>Starts a batch of changes; <see cref="Editor.ToMap"/> gives the new map and leaves this one as it is.</summary>
    public Editor Edit(int expectedCount = 0) => new(this, expectedCount);

    public NameMap<T> SetItem(byte[] key, T value)
    {
        var editor = Edit();
        editor.Set(key, value);
        return editor.ToMap();
    }

    public NameMap<T> Remove(ReadOnlySpan<byte> key)
    {
        var editor = Edit();
        return editor.Remove(key) ? editor.ToMap() : this;
    }

    private int IndexOf(uint hash) => (int)(shift == 32 ? 0 : hash >> shift);

    private static int BitsFor(int count)
    {
        var wanted = Math.Max(1, count / TargetBucketSize);
        return BitOperations.Log2(BitOperations.RoundUpToPowerOf2((uint)wanted));
    }

    private sealed class Bucket(byte[][] keys, T[] values, uint[] hashes)
    {
        public static readonly Bucket None = new([], [], []);

        public byte[][] Keys { get; } = keys;
        public T[] Values { get; } = values;
        public uint[] Hashes { get; } = hashes;
    }

    /// <summary>Changes to a map, applied to private copies of the touched buckets only. Not thread-safe.</summary>
    public sealed class Editor
    {
        private readonly NameMap<T> source;
        private readonly Dictionary<int, (List<byte[]> Keys, List<T> Values, List<uint> Hashes)> touched = [];
        private readonly int bits;
        private int count;

        internal Editor(NameMap<T> source, int expectedCount)
        {
            this.source = source;
            count = source.Count;
            // A bulk build starts with the final number of buckets instead of regrowing on the way.
            bits = expectedCount > source.Count * 2 && source.Count == 0 ? BitsFor(expectedCount) : source.Bits;
        }

        public int Count => count;

        public T? Find(ReadOnlySpan<byte> key)
        {
            if (bits == source.Bits)
            {
                var index = source.IndexOf(NameHash.Of(key));
                if (!touched.TryGetValue(index, out var edited)) return source.Find(key);
                var at = IndexIn(edited.Keys, edited.Hashes, key, NameHash.Of(key));
                return at < 0 ? null : edited.Values[at];
            }
            var h = NameHash.Of(key);
            if (!touched.TryGetValue(Index(h), out var own)) return null;
            var i = IndexIn(own.Keys, own.Hashes, key, h);
            return i < 0 ? null : own.Values[i];
        }

        public void Set(byte[] key, T value)
        {
            var h = NameHash.Of(key);
            var bucket = Open(Index(h));
            var at = IndexIn(bucket.Keys, bucket.Hashes, key, h);
            if (at >= 0)
            {
                bucket.Values[at] = value;
                return;
            }
            bucket.Keys.Add(key);
            bucket.Values.Add(value);
            bucket.Hashes.Add(h);
            count++;
        }

        public bool Remove(ReadOnlySpan<byte> key)
        {
            var h = NameHash.Of(key);
            var bucket = Open(Index(h));
            var at = IndexIn(bucket.Keys, bucket.Hashes, key, h);
            if (at < 0) return false;
            var last = bucket.Keys.Count - 1;
            bucket.Keys[at] = bucket.Keys[last];
            bucket.Values[at] = bucket.Values[last];
            bucket.Hashes[at] = bucket.Hashes[last];
            bucket.Keys.RemoveAt(last);
            bucket.Values.RemoveAt(last);
            bucket.Hashes.RemoveAt(last);
            count--;
            return true;
        }

        public NameMap<T> ToMap()
        {
            if (touched.Count == 0 && bits == source.Bits) return source;
            if (bits == source.Bits && count <= (1 << bits) * MaxBucketSize)
            {
                var copy = (Bucket[][])source.pages.Clone();
                var copied = new HashSet<int>();
                foreach (var (index, bucket) in touched)
                {
                    var page = index >> PageBits;
                    if (copied.Add(page)) copy[page] = (Bucket[])copy[page].Clone();
                    copy[page][index & ((1 << PageBits) - 1)] = Freeze(bucket);
                }
                return new NameMap<T>(copy, bits, count);
            }
            return Rebuild();
        }

        private NameMap<T> Rebuild()
        {
            // Regrow (or the first bulk build): every entry is placed again, once.
            var all = new List<KeyValuePair<byte[], T>>(count);
            if (bits == source.Bits)
            {
                for (var i = 0; i < 1 << source.Bits; i++)
                {
                    if (touched.TryGetValue(i, out var edited))
                    {
                        for (var j = 0; j < edited.Keys.Count; j++) all.Add(KeyValuePair.Create(edited.Keys[j], edited.Values[j]));
                    }
                    else
                    {
                        var b = source.BucketAt(i);
                        for (var j = 0; j < b.Keys.Length; j++) all.Add(KeyValuePair.Create(b.Keys[j], b.Values[j]));
                    }
                }
            }
            else
            {
                foreach (var (_, edited) in touched)
                {
                    for (var j = 0; j < edited.Keys.Count; j++) all.Add(KeyValuePair.Create(edited.Keys[j], edited.Values[j]));
                }
            }

            var newBits = BitsFor(all.Count);
            var size = 1 << newBits;
            var newShift = 32 - newBits;
            var sizes = new int[size];
            var hashes = new uint[all.Count];
            for (var i = 0; i < all.Count; i++)
            {
                hashes[i] = NameHash.Of(all[i].Key);
                sizes[newShift == 32 ? 0 : (int)(hashes[i] >> newShift)]++;
            }
            var keys = new byte[size][][];
            var values = new T[size][];
            var bucketHashes = new uint[size][];
            for (var b = 0; b < size; b++)
            {
                keys[b] = new byte[sizes[b]][];
                values[b] = new T[sizes[b]];
                bucketHashes[b] = new uint[sizes[b]];
            }
            var fill = new int[size];
            for (var i = 0; i < all.Count; i++)
            {
                var b = newShift == 32 ? 0 : (int)(hashes[i] >> newShift);
                var at = fill[b]++;
                keys[b][at] = all[i].Key;
                values[b][at] = all[i].Value;
                bucketHashes[b][at] = hashes[i];
            }
            var buckets = new Bucket[size];
            for (var b = 0; b < size; b++) buckets[b] = sizes[b] == 0 ? Bucket.None : new Bucket(keys[b], values[b], bucketHashes[b]);
            return new NameMap<T>(Paged(buckets), newBits, all.Count);
        }

        private int Index(uint hash) => (int)(bits == 0 ? 0 : hash >> (32 - bits));

        private (List<byte[]> Keys, List<T> Values, List<uint> Hashes) Open(int index)
        {
            if (touched.TryGetValue(index, out var bucket)) return bucket;
            if (bits == source.Bits)
            {
                var b = source.BucketAt(index);
                bucket = ([.. b.Keys], [.. b.Values], [.. b.Hashes]);
            }
            else
            {
                bucket = ([], [], []);
            }
            touched[index] = bucket;
            return bucket;
        }

        private static int IndexIn(List<byte[]> keys, List<uint> hashes, ReadOnlySpan<byte> key, uint h)
        {
            for (var i = 0; i < hashes.Count; i++)
            {
                if (hashes[i] == h && key.SequenceEqual(keys[i])) return i;
            }
            return -1;
        }

        private static Bucket Freeze((List<byte[]> Keys, List<T> Values, List<uint> Hashes) bucket) =>
            bucket.Keys.Count == 0 ? Bucket.None : new Bucket([.. bucket.Keys], [.. bucket.Values], [.. bucket.Hashes]);
    }
}

/// <summary>The seeded hash of wire names used by <see cref="NameMap{T}"/>.</summary>
public static class NameHash
{
    private static readonly ulong Seed = BinaryPrimitives.ReadUInt64LittleEndian(RandomNumberGenerator.GetBytes(8));

    public static uint Of(ReadOnlySpan<byte> data)
    {
        var h = Seed ^ ((ulong)data.Length * 0x9E3779B97F4A7C15UL);
        while (data.Length >= 8)
        {
            h = BitOperations.RotateLeft(h ^ BinaryPrimitives.ReadUInt64LittleEndian(data), 29) * 0xBF58476D1CE4E5B9UL;
            data = data[8..];
        }
        ulong tail = 0;
        for (var i = 0; i < data.Length; i++) tail |= (ulong)data[i] << (8 * i);
        h = BitOperations.RotateLeft(h ^ tail, 29) * 0x94D049BB133111EBUL;
        h ^= h >> 31;
        return (uint)(h ^ (h >> 32));
    }
}
