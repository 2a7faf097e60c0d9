using System.Text;

namespace Vantage.Grains.Monitoring;

/// <summary>
/// Highest-random-weight hashing: each (key, member) pair gets a pseudo-random score and the key belongs to the member
/// with the highest. Every silo computes the same owner from the same member list without talking to the others, and a
/// member joining or leaving moves only the keys it wins or held.
/// </summary>
public static class Rendezvous
{
    public static string? Owner(string key, IEnumerable<string> members)
    {
        string? best = null;
        ulong bestScore = 0;
        foreach (var member in members)
        {
            var score = Score(key, member);
            if (best is null || score > bestScore || (score == bestScore && string.CompareOrdinal(member, best) > 0))
            {
                (best, bestScore) = (member, score);
            }
        }
        return best;
    }

    /// <summary>FNV-1a over key, a separator and member, finished with a 64-bit mixer (splitmix64).</summary>
    public static ulong Score(string key, string member)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(key + "\n" + member))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        hash ^= hash >> 30;
        hash *= 0xbf58476d1ce4e5b9UL;
        hash ^= hash >> 27;
        hash *= 0x94d049bb133111ebUL;
        return hash ^ (hash >> 31);
    }
}
