// Bench-only host: serves one zone read from a BIND master file with the edge's DNS server, without a cluster.
// Usage: EdgeZoneHost --zone-file <path> --zone <name> [--Vantage:Edge:Port=5399] [--Vantage:Edge:Workers=1]
using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vantage.EdgeDns;
using Vantage.EdgeDns.Zones;
using Vantage.Events;
using Vantage.Model;
using Vantage.ZoneFiles;

var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--zone-file"] = "ZoneFile", ["--zone"] = "Zone" });
builder.Services.AddEdgeDnsServer(builder.Configuration);
using var host = builder.Build();

var path = builder.Configuration["ZoneFile"] ?? throw new ArgumentException("--zone-file is required");
var zone = DnsNames.Normalize(builder.Configuration["Zone"] ?? throw new ArgumentException("--zone is required"));
var clock = Stopwatch.StartNew();
var parsed = ZoneFileParser.Parse(await File.ReadAllTextAsync(path), zone);
if (parsed.Error is not null)
{
    Console.Error.WriteLine($"{path}: {parsed.Error}");
    return 1;
}
var parseMs = clock.ElapsedMilliseconds;
var p = parsed.Settings;
var settings = new ZoneSettings
{
    Id = zone,
    Name = zone,
    Ttl = p.Ttl ?? ZoneDefaults.Ttl,
    NxTtl = p.NxTtl ?? ZoneDefaults.NxTtl,
    Refresh = p.Refresh ?? ZoneDefaults.Refresh,
    Retry = p.Retry ?? ZoneDefaults.Retry,
    Expiry = p.Expiry ?? ZoneDefaults.Expiry,
    Serial = p.Serial ?? 1,
    Hostmaster = p.Hostmaster ?? ZoneDefaults.Hostmaster,
    DnsServers = p.DnsServers ?? [],
};
var store = host.Services.GetRequiredService<ZoneStore>();
store.ApplySnapshot(new ZoneSnapshot { Settings = settings, Version = 1, Records = parsed.Records });
var compiled = store.Catalog.Current.Zones[zone];
Console.WriteLine($"loaded {zone}: {parsed.Records.Length} record sets, {compiled.NodeCount} names, {compiled.SkippedRecords} skipped; parse {parseMs} ms, compile {clock.ElapsedMilliseconds - parseMs} ms");
await host.RunAsync();
return 0;
