using System.Diagnostics;
using System.Net;

namespace Vantage.Bench.Propagation;

/// <summary>
/// Issue 4 item 7, partition convergence. The edge reaches the silo gateway only through this tool's <see cref="TcpProxy"/>.
/// Setup imports N records and waits until the edge serves them; then the proxy cuts the edge off (resets its
/// connections, drops new ones) for the cut period, during which N changes are written through the API (one per
/// record); then the proxy heals. Measured from the heal: the edge answering the last acknowledged change, a random
/// sample of the others, and finally all N.
/// </summary>
public static class PartitionBenchmark
{
    public static async Task<int> Run(BenchArgs args)
    {
        var zone = new TestZone(args.String("zone", "part.test"), "r");
        var edge = args.Endpoints("edge")[0];
        var changes = args.Int("changes", 1000);
        var cut = args.Seconds("cut", 30);
        var writers = args.Int("writers", 4);
        var sampleSize = args.Int("sample", 100);
        var timeout = args.Seconds("timeout", 120);
        var pause = TimeSpan.FromMilliseconds(args.Int("poll-ms", 5));

        var listen = IPEndPoint.Parse(args.Required("listen"));
        var pidFile = args.Required("edge-pid-file");
        await using var proxy = new TcpProxy(listen, IPEndPoint.Parse(args.Required("gateway")),
            from => ProcessSockets.ReadPid(pidFile) is { } pid && ProcessSockets.Owns(pid, from, listen));
        Console.WriteLine($"proxy listening on {proxy.LocalEndpoint} -> {args.Required("gateway")}");
        using var api = new ApiClient(new Uri(args.Required("api")), args.Required("key"));
        using var probe = new DnsProbe(edge);
        var all = Enumerable.Range(0, changes).ToArray();

        await api.WaitReady(TimeSpan.FromSeconds(120));
        await api.ImportZoneFile(zone.Zone, zone.ZoneFile(changes, generation: 1));
        var before = zone.Expected(all, generation: 1);
        if (await EdgeWatch.UntilAll(probe, before, TimeSpan.FromMilliseconds(50), EdgeWatch.DeadlineAfter(TimeSpan.FromSeconds(180))) is null)
        {
            Console.WriteLine($"FAIL: edge {edge} did not serve the {changes} initial records of {zone.Zone} within 180 s");
            return 2;
        }
        Console.WriteLine($"setup: edge {edge} serves {changes} records of {zone.Zone}; proxied connections so far: edge {proxy.Forwarded}, others {proxy.ForwardedOthers}");

        proxy.Cut();
        var cutAt = Stopwatch.GetTimestamp();
        Console.WriteLine($"cut at {DateTime.Now:HH:mm:ss.fff}");
        var (lastIndex, writeSeconds) = await WriteChanges(api, zone, changes, writers);
        Console.WriteLine($"{changes} changes acknowledged in {writeSeconds:F1} s with {writers} writers; last acknowledged: {zone.Name(lastIndex)}");

        // While cut, the edge must keep answering, with the old data (else the partition is not real).
        var oldStill = await EdgeWatch.CountCorrect(probe, zone.Expected(Sample(all, 50, lastIndex), generation: 1));
        var remaining = cut - Stopwatch.GetElapsedTime(cutAt);
        if (remaining > TimeSpan.Zero) await Task.Delay(remaining);
        var oldAtHeal = await EdgeWatch.CountCorrect(probe, zone.Expected([lastIndex], generation: 1));

        proxy.Heal();
        var healAt = Stopwatch.GetTimestamp();
        var cutSeconds = EdgeWatch.Ms(cutAt, healAt) / 1000;
        Console.WriteLine($"heal at {DateTime.Now:HH:mm:ss.fff} after {cutSeconds:F1} s cut; while cut the edge answered " +
            $"{oldStill}/50 sampled names with the old data, the last change old: {oldAtHeal == 1}; edge connections reset by the cut: {proxy.ResetByCut}, edge connections dropped while cut: {proxy.RefusedWhileCut}");

        var deadline = EdgeWatch.DeadlineAfter(timeout);
        var sample = Sample(all, sampleSize, lastIndex);
        long? lastSeen = null;
        var watched = zone.Expected(sample, generation: 2);
        var sampleDone = await EdgeWatch.UntilAll(probe, watched, pause, deadline,
            (name, at) => { if (name == zone.Name(lastIndex)) lastSeen = at; });
        long? allDone = null;
        if (sampleDone is not null) allDone = await EdgeWatch.UntilAll(probe, zone.Expected(all, generation: 2), pause, deadline);
        var reconnect = proxy.FirstForwardAfterHeal;

        Console.WriteLine($"RESULT partition: cut {cutSeconds:F1} s, {changes} changes written while cut in {writeSeconds:F1} s ({writers} writers)");
        Console.WriteLine($"RESULT heal -> edge's first connection through the proxy: {Show(healAt, reconnect == 0 ? null : reconnect)}");
        Console.WriteLine($"RESULT heal -> last change ({zone.Name(lastIndex)}) answered: {Show(healAt, lastSeen)}");
        Console.WriteLine($"RESULT heal -> last change + {sample.Length - 1} sampled changes all answered: {Show(healAt, sampleDone)}");
        Console.WriteLine($"RESULT heal -> all {changes} changes answered: {Show(healAt, allDone)}");
        if (reconnect != 0 && sampleDone is { } s)
            Console.WriteLine($"RESULT reconnect -> sample answered: {EdgeWatch.Ms(reconnect, s):F0} ms");
        return allDone is null ? 1 : 0;
    }

    /// <summary>Writes one change per record with a few concurrent writers; returns the index acknowledged last.</summary>
    private static async Task<(int LastIndex, double Seconds)> WriteChanges(ApiClient api, TestZone zone, int changes, int writers)
    {
        var next = -1;
        var lastIndex = -1;
        var started = Stopwatch.GetTimestamp();
        var gate = new Lock();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < changes)
            {
                await api.UpdateA(zone.Zone, zone.Name(index), TestZone.Address(generation: 2, index));
                lock (gate) lastIndex = index;
            }
        }));
        return (lastIndex, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary><paramref name="size"/> distinct indexes (fixed seed), always including <paramref name="must"/>.</summary>
    private static int[] Sample(int[] all, int size, int must)
    {
        var random = new Random(7);
        var others = all.Where(i => i != must).OrderBy(_ => random.Next()).Take(Math.Max(0, size - 1));
        return [must, .. others];
    }

    private static string Show(long from, long? to) => to is { } t ? $"{EdgeWatch.Ms(from, t):F0} ms" : "NOT within the timeout";
}
