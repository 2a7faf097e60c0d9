// Bench-only host: serves one zone read from a BIND master file with the edge's DNS server, without a cluster.
// Usage: EdgeZoneHost --zone-file <path> --zone <name> [--steering 1] [--Vantage:Edge:Port=5399] [--Vantage:Edge:Workers=1]
// --steering 1 adds two four-answer A records for the steering benchmark: static.<zone> (no chain) and
// steered.<zone> (up → geotarget_country → weighted_shuffle → select_first_n, ECS on).
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
builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--zone-file"] = "ZoneFile", ["--zone"] = "Zone", ["--steering"] = "Steering" });
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
var records = parsed.Records;
if (builder.Configuration["Steering"] == "1") records = records.AddRange(SteeringRecords(zone));
store.ApplySnapshot(new ZoneSnapshot { Settings = settings, Version = 1, Records = records });
var compiled = store.Catalog.Current.Zones[zone];
Console.WriteLine($"loaded {zone}: {parsed.Records.Length} record sets, {compiled.NodeCount} names, {compiled.SkippedRecords} skipped; parse {parseMs} ms, compile {clock.ElapsedMilliseconds - parseMs} ms");
await host.RunAsync();
return 0;

static DnsRecord[] SteeringRecords(string zone)
{
    (string Address, string Meta)[] answers =
    [
        ("192.0.2.1", "{\"up\":true,\"country\":[\"US\"],\"weight\":10}"),
        ("192.0.2.2", "{\"up\":true,\"country\":[\"DE\",\"FR\"],\"weight\":10}"),
        ("192.0.2.3", "{\"up\":true,\"country\":[\"JP\"],\"weight\":5}"),
        ("192.0.2.4", "{\"up\":false,\"country\":[\"BR\"],\"weight\":5}"),
    ];
    DnsRecord Make(string label, string filters, bool withMeta) => new()
    {
        Id = Ids.New(),
        Zone = zone,
        Domain = label + "." + zone,
        Type = RecordTypes.A,
        Ttl = 60,
        Answers = [.. answers.Select(a => new DnsAnswer { Id = Ids.New(), Rdata = [a.Address], MetaJson = withMeta ? a.Meta : null })],
        FiltersJson = filters,
    };
    return
    [
        Make("static", "[]", withMeta: false),
        Make("steered", "[{\"filter\":\"up\",\"config\":{}},{\"filter\":\"geotarget_country\",\"config\":{}},"
            + "{\"filter\":\"weighted_shuffle\",\"config\":{}},{\"filter\":\"select_first_n\",\"config\":{\"N\":\"1\"}}]", withMeta: true),
    ];
}
