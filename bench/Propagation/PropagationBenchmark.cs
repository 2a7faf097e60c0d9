using System.Diagnostics;
using System.Globalization;

namespace Vantage.Bench.Propagation;

/// <summary>
/// Issue 4 item 7, propagation: for each change, POST a record with a new address and poll every edge over UDP until it
/// answers it; latency per edge = HTTP response complete → first correct answer. Changes are sequential: the next one
/// starts when every edge has answered the previous one (or the per-change timeout passed).
/// </summary>
public static class PropagationBenchmark
{
    public static async Task<int> Run(BenchArgs args)
    {
        var zone = new TestZone(args.String("zone", "prop.test"), "p");
        var edges = args.Endpoints("edges");
        var changes = args.Int("changes", 1000);
        var warmup = args.Int("warmup", 20);
        var records = args.Int("records", 10);
        var pause = TimeSpan.FromMilliseconds(args.Int("poll-ms", 1));
        var timeout = args.Seconds("timeout", 10);
        var csv = args.String("csv", "");

        using var api = new ApiClient(new Uri(args.Required("api")), args.Required("key"));
        var probes = edges.Select(e => new DnsProbe(e)).ToArray();
        try
        {
            Console.WriteLine($"setup: zone {zone.Zone}, {records} records, edges {string.Join(", ", edges.Select(e => e.ToString()))}");
            await api.ImportZoneFile(zone.Zone, zone.ZoneFile(records, generation: 1));
            var initial = zone.Expected(Enumerable.Range(0, records), generation: 1);
            foreach (var probe in probes)
            {
                if (await EdgeWatch.UntilAll(probe, initial, TimeSpan.FromMilliseconds(20), EdgeWatch.DeadlineAfter(TimeSpan.FromSeconds(60))) is null)
                    throw new InvalidOperationException($"edge {probe.Server} did not serve the initial records within 60 s");
            }

            var latencies = probes.Select(_ => new List<double>(changes)).ToArray();
            var writes = new List<double>(changes);
            var slowest = new List<double>(changes);
            var timeouts = new int[probes.Length];
            var rows = new List<string> { "change,record,write_ms," + string.Join(',', edges.Select((_, i) => $"edge{i + 1}_ms")) };
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < warmup + changes; i++)
            {
                var index = i % records;
                var name = zone.Name(index);
                var address = TestZone.Address(generation: 100 + i / 65536, index: i % 65536);
                var sent = Stopwatch.GetTimestamp();
                await api.UpdateA(zone.Zone, name, address);
                var acked = Stopwatch.GetTimestamp();
                var deadline = acked + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
                var seen = await Task.WhenAll(probes.Select(p => EdgeWatch.UntilAnswers(p, name, address, pause, deadline)));
                if (i < warmup) continue;

                writes.Add(EdgeWatch.Ms(sent, acked));
                var row = new List<string> { (i - warmup).ToString(CultureInfo.InvariantCulture), name, Format(EdgeWatch.Ms(sent, acked)) };
                for (var e = 0; e < probes.Length; e++)
                {
                    if (seen[e] is { } at)
                    {
                        latencies[e].Add(EdgeWatch.Ms(acked, at));
                        row.Add(Format(EdgeWatch.Ms(acked, at)));
                    }
                    else
                    {
                        timeouts[e]++;
                        row.Add("timeout");
                    }
                }
                if (seen.All(at => at is not null)) slowest.Add(seen.Max(at => EdgeWatch.Ms(acked, at!.Value)));
                rows.Add(string.Join(',', row));
                if ((i - warmup + 1) % 100 == 0) Console.WriteLine($"  {i - warmup + 1} changes done");
            }
            var elapsed = Stopwatch.GetElapsedTime(started);

            Console.WriteLine($"RESULT propagation: {changes} sequential changes (+{warmup} warm-up not counted) on {records} records, " +
                $"{edges.Count} edges, poll gap {pause.TotalMilliseconds} ms, total {elapsed.TotalSeconds:F1} s");
            Console.WriteLine($"RESULT write (HTTP POST round trip): {new Percentiles(writes).Summary()}");
            for (var e = 0; e < probes.Length; e++)
            {
                var stats = new Percentiles(latencies[e]);
                Console.WriteLine($"RESULT edge{e + 1} {edges[e]} ack->answer: {stats.Summary()} timeouts={timeouts[e]} " +
                    $"over250ms={latencies[e].Count(l => l > 250)}");
            }
            Console.WriteLine($"RESULT all edges (per change, the slowest edge): {new Percentiles(slowest).Summary()}");
            if (csv.Length > 0) await File.WriteAllLinesAsync(csv, rows);
            return timeouts.Sum() == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var probe in probes) probe.Dispose();
        }
    }

    private static string Format(double ms) => ms.ToString("F2", CultureInfo.InvariantCulture);
}
