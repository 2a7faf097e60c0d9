namespace Vantage.Tests;

/// <summary>Measuring what a hot path allocates on the calling thread.</summary>
public static class Allocations
{
    /// <summary>
    /// Runs <paramref name="round"/> up to <paramref name="rounds"/> times and returns the fewest bytes one round
    /// allocated on this thread (stopping at the first round that allocated none). A path that allocates per call
    /// allocates in every round; a one-time allocation of the runtime (a dispatch cache filled when tiered-up code
    /// first runs) lands in one round only, so it cannot make a zero-allocation path look allocating.
    /// </summary>
    public static long LeastPerRound(Action round, int rounds = 5)
    {
        var least = long.MaxValue;
        for (var r = 0; r < rounds && least > 0; r++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            round();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }
}
