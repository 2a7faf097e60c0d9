namespace Vantage.EdgeDns.Zones;

/// <summary>
/// One compacting collection after a big zone is in (off the query path, at most one at a time): the garbage of
/// reading it (page buffers, records, replaced versions) is returned to the system instead of staying committed in
/// the process. Used after a zone is fetched from the cluster and after the snapshot folder is loaded at start.
/// </summary>
public static class BigLoadCompaction
{
    /// <summary>Zones of at least this many names are big enough to be worth a full compacting collection.</summary>
    public const int BigZoneNodes = 100_000;

    private static int compacting;

    /// <summary>Compacts when <paramref name="nodes"/> (names just loaded) reach <see cref="BigZoneNodes"/>.</summary>
    public static void After(int nodes)
    {
        if (nodes < BigZoneNodes || Interlocked.Exchange(ref compacting, 1) == 1) return;
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
