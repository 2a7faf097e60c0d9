using System.Collections.Immutable;
using System.Text;

namespace Vantage.Zones;

/// <summary>
/// How zones spread over stream ids and directory shards: a jump consistent hash (Lamping and Veach) of the zone
/// name, stable across processes and versions. Growing a count moves only the zones the new buckets take.
/// </summary>
public static class ZoneSharding
{
    /// <summary>Zone-change streams; every edge subscribes to all of them.</summary>
    public const int StreamShards = 16;

    /// <summary>Directory grains; each lists the zones that hash to it.</summary>
    public const int DirectoryShards = 16;

    private const string DirectoryKeyPrefix = "shard-";

    /// <summary>The bucket in [0, <paramref name="buckets"/>) of <paramref name="zone"/> (lower-case name).</summary>
    public static int Bucket(string zone, int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        var key = Fnv1a64(zone);
        long b = -1, j = 0;
        while (j < buckets)
        {
            b = j;
            key = unchecked(key * 2862933555777941757UL + 1);
            j = (long)((b + 1) * ((double)(1L << 31) / ((key >> 33) + 1)));
        }
        return (int)b;
    }

    /// <summary>The stream carrying <paramref name="zone"/>'s changes.</summary>
    public static Orleans.Runtime.StreamId ChangeStream(string zone) => ChangeStream(Bucket(zone, StreamShards));

    public static Orleans.Runtime.StreamId ChangeStream(int shard) =>
        Orleans.Runtime.StreamId.Create(StreamIds.ZoneChangesNamespace, "shard-" + shard.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Every zone-change stream, in shard order.</summary>
    public static ImmutableArray<Orleans.Runtime.StreamId> AllChangeStreams { get; } =
        [.. Enumerable.Range(0, StreamShards).Select(ChangeStream)];

    /// <summary>Key of the directory shard listing <paramref name="zone"/>.</summary>
    public static string DirectoryKey(string zone) => DirectoryKey(Bucket(zone, DirectoryShards));

    public static string DirectoryKey(int shard) => DirectoryKeyPrefix + shard.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The shard number of a directory key, or -1 when the key is not a shard key.</summary>
    public static int DirectoryShardOf(string key) =>
        key.StartsWith(DirectoryKeyPrefix, StringComparison.Ordinal)
        && int.TryParse(key.AsSpan(DirectoryKeyPrefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
        && n < DirectoryShards ? n : -1;

    public static ImmutableArray<string> AllDirectoryKeys { get; } = [.. Enumerable.Range(0, DirectoryShards).Select(DirectoryKey)];

    private static ulong Fnv1a64(string text)
    {
        var h = 14695981039346656037UL;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(text) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(text, buffer)] : Encoding.UTF8.GetBytes(text);
        foreach (var b in bytes) h = unchecked((h ^ b) * 1099511628211UL);
        return h;
    }
}

/// <summary>The zone directory as one list, over its shards (the callers' side of the fan-out).</summary>
public static class ZoneDirectory
{
    /// <summary>Version reported for a listed zone whose version its shard has not read yet: not "up to date at 0".</summary>
    public const long UnknownVersion = -1;

    /// <summary>The directory shard that lists <paramref name="zone"/>.</summary>
    public static IZoneDirectoryGrain For(IGrainFactory grains, string zone) =>
        grains.GetGrain<IZoneDirectoryGrain>(ZoneSharding.DirectoryKey(zone));

    /// <summary>Every zone name, sorted ordinally.</summary>
    public static async Task<ImmutableArray<string>> List(IGrainFactory grains)
    {
        var lists = await Task.WhenAll(ZoneSharding.AllDirectoryKeys.Select(k => grains.GetGrain<IZoneDirectoryGrain>(k).List()));
        var all = lists.SelectMany(l => l).ToArray();
        Array.Sort(all, StringComparer.Ordinal);
        return [.. all];
    }

    /// <summary>Every zone with its version (<see cref="UnknownVersion"/> when not read yet).</summary>
    public static async Task<ImmutableDictionary<string, long>> Versions(IGrainFactory grains)
    {
        var maps = await Task.WhenAll(ZoneSharding.AllDirectoryKeys.Select(k => grains.GetGrain<IZoneDirectoryGrain>(k).Versions()));
        var builder = ImmutableDictionary.CreateBuilder<string, long>(StringComparer.Ordinal);
        foreach (var map in maps) builder.AddRange(map);
        return builder.ToImmutable();
    }
}
