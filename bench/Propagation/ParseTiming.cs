using System.Diagnostics;
using Vantage.ZoneFiles;

namespace Vantage.Bench.Propagation;

/// <summary>Times <see cref="ZoneFileParser.Parse"/> (what the API runs before it calls the zone grain) on one file, a few times in a row.</summary>
public static class ParseTiming
{
    public static int Run(BenchArgs args)
    {
        var text = File.ReadAllText(args.Required("file"));
        var zone = args.String("zone", "example.test");
        for (var run = 1; run <= args.Int("runs", 3); run++)
        {
            var started = Stopwatch.GetTimestamp();
            var result = ZoneFileParser.Parse(text, zone);
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (result.Error is not null)
            {
                Console.WriteLine($"parse error: {result.Error} (line {result.ErrorLine})");
                return 1;
            }
            Console.WriteLine($"RESULT parse run {run}: {elapsed.TotalMilliseconds:F0} ms, {result.Records.Length} record sets");
        }
        return 0;
    }
}
