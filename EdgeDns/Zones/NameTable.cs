using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace Vantage.EdgeDns.Zones;

/// <summary>
/// Immutable open-addressing hash table keyed by lower-cased uncompressed wire names. Lookups take a span and
/// allocate nothing. The hash is seeded per process so that zone content cannot be crafted to collide.
/// </summary>
public sealed class NameTable<T> where T : class
{
    private static readonly ulong Seed = BinaryPrimitives.ReadUInt64LittleEndian(RandomNumberGenerator.GetBytes(8));

    private readonly byte[]?[] keys;
    private readonly T?[] values;
    private readonly uint[] hashes;
    private readonly int mask;

    public NameTable(IReadOnlyCollection<KeyValuePair<byte[], T>> items)
    {
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(8, items.Count * 2));
        keys = new byte[]?[capacity];
        values = new T?[capacity];
        hashes = new uint[capacity];
        mask = capacity - 1;
        foreach (var (key, value) in items)
        {
            var h = Hash(key);
            var slot = (int)h & mask;
            while (keys[slot] is { } existing)
            {
                if (hashes[slot] == h && existing.AsSpan().SequenceEqual(key)) break;
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            values[slot] = value;
            hashes[slot] = h;
        }
        Count = items.Count;
    }

    public int Count { get; }

    public T? Find(ReadOnlySpan<byte> lowerName)
    {
        var h = Hash(lowerName);
        var slot = (int)h & mask;
        while (true)
        {
            var key = keys[slot];
            if (key is null) return null;
            if (hashes[slot] == h && lowerName.SequenceEqual(key)) return values[slot];
            slot = (slot + 1) & mask;
        }
    }

    public static uint Hash(ReadOnlySpan<byte> data)
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
