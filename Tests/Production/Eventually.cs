using System.Diagnostics;

namespace Vantage.Tests.Production;

/// <summary>Polls a condition every 100 ms until it holds or the deadline passes (then the test fails).</summary>
public static class Eventually
{
    public static async Task True(Func<Task<bool>> condition, string what, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (!await condition())
        {
            Assert.True(clock.Elapsed < deadline, $"timed out after {deadline} waiting for: {what}");
            await timer.WaitForNextTickAsync();
        }
    }
}
