using System.Diagnostics;
using System.Net.Sockets;

namespace Vantage.Tests;

/// <summary>
/// The one way tests wait: re-check a condition every <see cref="Interval"/> until it holds or a deadline
/// passes. Transient failures while something starts or fails over (connection refused, timeouts, Orleans
/// rejections) count as "not yet".
/// </summary>
public static class Poll
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    /// <summary>True as soon as <paramref name="condition"/> holds; false when <paramref name="timeout"/> passes first.</summary>
    public static async Task<bool> Until(Func<Task<bool>> condition, TimeSpan timeout) =>
        await Elapsed(condition, timeout) is not null;

    public static Task<bool> Until(Func<bool> condition, TimeSpan timeout) => Until(() => Task.FromResult(condition()), timeout);

    /// <summary>Waits for <paramref name="condition"/>, failing the test with <paramref name="describe"/> on timeout; returns how long it took.</summary>
    public static async Task<TimeSpan> Require(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe)
    {
        if (await Elapsed(condition, timeout) is { } took) return took;
        Assert.Fail($"not reached within {timeout.TotalSeconds:0.#} s: {describe()}");
        return timeout;
    }

    public static Task<TimeSpan> Require(Func<bool> condition, TimeSpan timeout, Func<string> describe) =>
        Require(() => Task.FromResult(condition()), timeout, describe);

    private static async Task<TimeSpan?> Elapsed(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await condition()) return clock.Elapsed;
            }
            catch (Exception ex) when (IsTransient(ex))
            {
                // not there yet
            }
            if (clock.Elapsed > timeout) return null;
            await Task.Delay(Interval);
        }
    }

    private static bool IsTransient(Exception ex) => ex is HttpRequestException or SocketException or IOException
        or TimeoutException or TaskCanceledException or OrleansException;
}
