// Bench-only: what the edge's zone store costs at scale, without a cluster.
// Usage: Vantage.EdgeScale [--records 1000000] [--zones 10000] [--changes 200] [--snapshot-dir /tmp/x]
//   1. a zone of N record sets streamed into the compiler one record at a time (as pages from the cluster are):
//      compile time, then RSS and managed heap after a full GC;
//   2. one-record changes applied to it: per-change apply time (p50/p99), RSS after;
//   3. the zone written to the snapshot folder (the background writer's work) and read back;
//   4. a fresh store given Z small zones one after another: time until all are served (store + compile part only).
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Vantage.EdgeDns.Snapshots;
using Vantage.EdgeDns.Zones;
using Vantage.Events;
using Vantage.Model;

var records = Arg("--records", 1_000_000);
var zoneCount = Arg("--zones", 10_000);
var changes = Arg("--changes", 200);
var snapshotDir = ArgText("--snapshot-dir") ?? Path.Combine(Path.GetTempPath(), "edgescale-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

Report("start");
const string Big = "big.test";
var settings = Settings(Big);
var clock = Stopwatch.StartNew();
var builder = new ZoneBuilder(settings);
foreach (var record in Generate(Big, records)) builder.Add(record);
var compiled = builder.Build(1);
var compileMs = clock.Elapsed.TotalMilliseconds;
var store = new ZoneStore(new ZoneCatalog());
store.ApplyCompiled(compiled);
builder = null;
compiled = null;
Console.WriteLine($"compiled {records:N0} record sets in {compileMs:N0} ms ({store.Compiled(Big)!.NodeCount:N0} names)");
Report("after loading the big zone");

var times = new List<double>(changes);
for (var i = 0; i < changes; i++)
{
    var domain = "h" + (i * 7919 % records).ToString(CultureInfo.InvariantCulture) + "." + Big;
    var change = new ZoneChanged
    {
        Zone = Big,
        Version = 2 + i,
        Kind = ZoneChangeKind.Updated,
        Records = [new RecordChange { Domain = domain, Type = "A", Record = Record(Big, domain, "A", "198.51.100." + (i % 250).ToString(CultureInfo.InvariantCulture)) }],
    };
    var t = Stopwatch.GetTimestamp();
    if (store.Apply(change) != ApplyOutcome.Applied) throw new InvalidOperationException("change not applied");
    times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
}
times.Sort();
Console.WriteLine($"one-record change on the {records:N0}-record zone: p50 {Pct(times, 0.5):0.###} ms, p99 {Pct(times, 0.99):0.###} ms, max {times[^1]:0.###} ms ({changes} changes)");
Report("after the changes");

clock.Restart();
var folder = new ZoneSnapshotFolder(snapshotDir);
folder.Write(store.Compiled(Big)!);
var writeMs = clock.Elapsed.TotalMilliseconds;
var size = new FileInfo(folder.FileOf(Big)).Length;
Console.WriteLine($"snapshot file written in {writeMs:N0} ms ({size / 1048576.0:N1} MiB)");
Report("after writing the snapshot");
clock.Restart();
var loaded = folder.LoadCompiled();
Console.WriteLine($"snapshot folder read and compiled in {clock.Elapsed.TotalMilliseconds:N0} ms ({loaded.Zones.Count} zone, {loaded.Zones.Sum(z => z.NodeCount):N0} names)");
loaded = null;
Directory.Delete(snapshotDir, recursive: true);

store = null;
GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
Report("after dropping the big zone");

var many = new ZoneStore(new ZoneCatalog());
clock.Restart();
for (var z = 0; z < zoneCount; z++)
{
    var name = "zone" + z.ToString(CultureInfo.InvariantCulture) + ".test";
    var b = new ZoneBuilder(Settings(name));
    foreach (var record in Generate(name, 10)) b.Add(record);
    many.ApplyCompiled(b.Build(1));
}
Console.WriteLine($"{zoneCount:N0} zones of 10 record sets installed one after another in {clock.Elapsed.TotalMilliseconds:N0} ms (store + compile + catalog; no cluster)");
clock.Restart();
many.Remove("zone17.test");
many.ApplyCompiled(ZoneCompiler.Compile(Settings("zone17.test"), 1, Generate("zone17.test", 10)));
Console.WriteLine($"removing and adding one zone among {zoneCount:N0}: {clock.Elapsed.TotalMilliseconds:0.###} ms");
Report($"with {zoneCount:N0} small zones");
return 0;

static IEnumerable<DnsRecord> Generate(string zone, int count)
{
    yield return Record(zone, zone, "NS", "ns1." + zone);
    yield return Record(zone, "ns1." + zone, "A", "192.0.2.1");
    for (var i = 2; i < count; i++)
    {
        var host = "h" + i.ToString(CultureInfo.InvariantCulture) + "." + zone;
        yield return (i % 10) switch
        {
            0 => Record(zone, host, "AAAA", "2001:db8::" + (i % 65536).ToString("x", CultureInfo.InvariantCulture)),
            1 => Record(zone, host, "TXT", "v=txt" + i.ToString(CultureInfo.InvariantCulture)),
            2 => Record(zone, host, "MX", "10", "ns1." + zone),
            _ => Record(zone, host, "A", "10." + ((i >> 16) & 255).ToString(CultureInfo.InvariantCulture) + "." + ((i >> 8) & 255).ToString(CultureInfo.InvariantCulture) + "." + (i & 255).ToString(CultureInfo.InvariantCulture)),
        };
    }
}

static DnsRecord Record(string zone, string domain, string type, params string[] rdata) => new()
{
    // Ids as the zone grain makes them (24 hex digits).
    Id = Guid.NewGuid().ToString("N")[..24],
    Zone = zone,
    Domain = domain,
    Type = type,
    Ttl = 3600,
    Answers = [new DnsAnswer { Id = Guid.NewGuid().ToString("N")[..24], Rdata = [.. rdata] }],
};

static ZoneSettings Settings(string zone) => new()
{
    Id = zone,
    Name = zone,
    Ttl = 3600,
    NxTtl = 300,
    Serial = 1,
    Hostmaster = "hostmaster@" + zone,
    DnsServers = ["ns1." + zone],
};

static double Pct(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

static void Report(string what)
{
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    GC.Collect(2, Environment.GetEnvironmentVariable("EDGESCALE_AGGRESSIVE") == "1" ? GCCollectionMode.Aggressive : GCCollectionMode.Forced, blocking: true, compacting: true);
    var rss = 0L;
    foreach (var line in File.ReadLines("/proc/self/status"))
    {
        if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
    var info = GC.GetGCMemoryInfo();
    Console.WriteLine($"  [{what}] RSS {rss / 1048576.0:N0} MiB, managed heap {GC.GetTotalMemory(false) / 1048576.0:N0} MiB"
        + $" (GC: heap {info.HeapSizeBytes / 1048576.0:N0} MiB, fragmented {info.FragmentedBytes / 1048576.0:N0} MiB, committed {info.TotalCommittedBytes / 1048576.0:N0} MiB)");
}

int Arg(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

string? ArgText(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
