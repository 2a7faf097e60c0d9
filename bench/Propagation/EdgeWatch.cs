using System.Diagnostics;
using System.Net;

namespace Vantage.Bench.Propagation;

/// <summary>Polls edges until a name answers an expected address; time is measured with <see cref="Stopwatch"/> timestamps.</summary>
public static class EdgeWatch
{
    public static readonly TimeSpan QueryTimeout = TimeSpan.FromMilliseconds(250);

    /// <summary>True when the answer is exactly the one expected A record.</summary>
    public static bool Matches(IReadOnlyList<IPAddress>? answer, IPAddress expected) =>
        answer is { Count: 1 } && answer[0].Equals(expected);

    /// <summary>
    /// Queries until <paramref name="name"/> answers exactly <paramref name="expected"/>; returns the timestamp of the
    /// first correct answer, or null at the deadline. <paramref name="pause"/> is the gap between polls.
    /// </summary>
    public static async Task<long?> UntilAnswers(DnsProbe probe, string name, IPAddress expected, TimeSpan pause, long deadline)
    {
        while (true)
        {
            var answer = await probe.QueryA(name, QueryTimeout).ConfigureAwait(false);
            var now = Stopwatch.GetTimestamp();
            if (Matches(answer, expected)) return now;
            if (now >= deadline) return null;
            if (pause > TimeSpan.Zero) await Task.Delay(pause).ConfigureAwait(false);
        }
    }

    /// <summary>Polls every pending name in rounds until all answer their expected address; returns the finish timestamp or null.</summary>
    public static async Task<long?> UntilAll(DnsProbe probe, IReadOnlyDictionary<string, IPAddress> expected, TimeSpan pause, long deadline,
        Action<string, long>? onCorrect = null)
    {
        var pending = new HashSet<string>(expected.Keys, StringComparer.Ordinal);
        while (true)
        {
            foreach (var name in pending.ToArray())
            {
                var answer = await probe.QueryA(name, QueryTimeout).ConfigureAwait(false);
                if (!Matches(answer, expected[name])) continue;
                pending.Remove(name);
                onCorrect?.Invoke(name, Stopwatch.GetTimestamp());
            }
            var now = Stopwatch.GetTimestamp();
            if (pending.Count == 0) return now;
            if (now >= deadline) return null;
            await Task.Delay(pause).ConfigureAwait(false);
        }
    }

    /// <summary>How many of <paramref name="expected"/> answer their address right now (one query each).</summary>
    public static async Task<int> CountCorrect(DnsProbe probe, IReadOnlyDictionary<string, IPAddress> expected)
    {
        var correct = 0;
        foreach (var (name, address) in expected)
        {
            if (Matches(await probe.QueryA(name, QueryTimeout).ConfigureAwait(false), address)) correct++;
        }
        return correct;
    }

    public static long DeadlineAfter(TimeSpan span) => Stopwatch.GetTimestamp() + (long)(span.TotalSeconds * Stopwatch.Frequency);

    public static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;
}
