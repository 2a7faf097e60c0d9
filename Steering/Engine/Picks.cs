namespace Vantage.Steering.Engine;

/// <summary>Small in-place helpers over a working set (no allocation; sets hold at most a few hundred answers).</summary>
public static class Picks
{
    /// <summary>Keeps the picks whose flag is set, in order; returns the new count.</summary>
    public static int Compact(Span<Pick> picks, int count, ReadOnlySpan<bool> keep)
    {
        var kept = 0;
        for (var i = 0; i < count; i++)
        {
            if (keep[i]) picks[kept++] = picks[i];
        }
        return kept;
    }

    /// <summary>Stable ascending sort of <c>picks[..count]</c> by <paramref name="keys"/> (aligned with picks).</summary>
    public static void StableSort(Span<Pick> picks, Span<double> keys, int count)
    {
        for (var i = 1; i < count; i++)
        {
            var pick = picks[i];
            var key = keys[i];
            var j = i - 1;
            while (j >= 0 && keys[j] > key)
            {
                picks[j + 1] = picks[j];
                keys[j + 1] = keys[j];
                j--;
            }
            picks[j + 1] = pick;
            keys[j + 1] = key;
        }
    }
}
