using System.Diagnostics;

namespace Vantage.Tests.Resilience;

/// <summary>Polling with a deadline (no sleeps): the condition is re-evaluated until it holds or time runs out.</summary>
public static class Eventually
{
    public static async Task<TimeSpan> HoldsAsync(Func<Task<bool>> condition, TimeSpan deadline, Func<string> describe)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            bool ok;
            try
            {
                ok = await condition();
            }
            catch (Exception e) when (e is TimeoutException or OrleansException or SiloUnavailableException)
            {
                ok = false;
            }
            if (ok) return watch.Elapsed;
            if (watch.Elapsed > deadline) Assert.Fail($"not reached within {deadline.TotalSeconds} s: {describe()}");
            await Task.Yield();
        }
    }

    public static Task<TimeSpan> HoldsAsync(Func<bool> condition, TimeSpan deadline, Func<string> describe) =>
        HoldsAsync(() => Task.FromResult(condition()), deadline, describe);
}
