namespace Vantage.Hosting;

/// <summary>
/// A compacting collection after a one-time bulk load (geo data at start, a big zone on an edge), off the query path
/// and at most one at a time: the garbage of loading (file buffers, page buffers, records, builders) is given back to
/// the system instead of staying committed in the process. The aggressive mode also decommits the free space.
/// </summary>
public static class HeapCompaction
{
    /// <summary>Zones of at least this many names are big enough to be worth a full compacting collection.</summary>
    public const int BigZoneNodes = 100_000;

    private static int compacting;

    /// <summary>Compacts when <paramref name="nodes"/> (names just loaded) reach <see cref="BigZoneNodes"/>.</summary>
    public static void AfterZoneLoad(int nodes)
    {
        if (nodes >= BigZoneNodes) ReturnFreeMemory();
    }

    /// <summary>One blocking, compacting, decommitting full collection (skipped when one is running).</summary>
    public static void ReturnFreeMemory()
    {
        if (Interlocked.Exchange(ref compacting, 1) == 1) return;
        try
        {
            System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
        finally
        {
            Volatile.Write(ref compacting, 0);
        }
    }
}
