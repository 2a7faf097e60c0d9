using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using DnsClient;
using Vantage.Tests.EndToEnd;

namespace Vantage.Tests.Production;

/// <summary>
/// The production profile as separate processes on PostgreSQL: two silos, the API and two edges.
/// One silo is killed with SIGKILL in the middle of a burst of writes to several zones (so that some
/// zone grains live on it); the survivor takes its grains over, every write the API acknowledged is
/// still there, and both edges end up serving exactly what the grains hold.
/// </summary>
[Collection(ProductionServicesCollection.Name)]
public sealed class PostgresFailoverProcessTests(ProductionServicesFixture services) : IAsyncLifetime
{
    private const string ApiKey = "failover-test-key-0123456789";
    private const int Zones = 6;
    private readonly string _clusterId = services.NewId("failover");
    private readonly string _data = Path.Combine(Path.GetTempPath(), "vantage-failover-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly List<VantageProcess> _processes = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private readonly int _httpPort = Ports.Free();
    private readonly int[] _gateways = [Ports.Free(), Ports.Free()];
    private readonly int[] _dnsPorts = [Ports.Free(), Ports.Free()];
    private VantageProcess[] _silos = [];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_data);
        _http.BaseAddress = new Uri($"http://127.0.0.1:{_httpPort}");
        _http.DefaultRequestHeaders.Add("X-NSONE-Key", ApiKey);
        var dashboards = new[] { Ports.Free(), Ports.Free() };
        _silos =
        [
            Start("silo1", "Silo", "Vantage.Silo", ("Vantage__Cluster__SiloPort", Ports.Free()),
                ("Vantage__Cluster__GatewayPort", _gateways[0]), ("Vantage__Dashboard__Port", dashboards[0])),
            Start("silo2", "Silo", "Vantage.Silo", ("Vantage__Cluster__SiloPort", Ports.Free()),
                ("Vantage__Cluster__GatewayPort", _gateways[1]), ("Vantage__Dashboard__Port", dashboards[1])),
        ];
        // Clients join an established cluster: both silos healthy (active members) before the API and the edges start.
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var port in dashboards)
        {
            Assert.True(await Poll.Until(async () => (await probe.GetAsync($"http://127.0.0.1:{port}/health")).StatusCode == HttpStatusCode.OK,
                TimeSpan.FromSeconds(90)), "a silo never became healthy:\n" + string.Join("\n---\n", _silos.Select(p => p.Output)));
        }
        Start("api", "Api", "Vantage.Api", ("Vantage__Api__HttpPort", _httpPort), ("Vantage__Api__HttpsPort", Ports.Free()));
        for (var i = 0; i < _dnsPorts.Length; i++)
            Start($"edge{i + 1}", "EdgeDns", "Vantage.EdgeDns", ("Vantage__Edge__Port", _dnsPorts[i]), ("Vantage__Edge__Workers", 1),
                ("Vantage__Edge__MetricsPort", Ports.Free()));
        var ready = await Poll.Until(async () => (await _http.GetAsync("/health")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(90));
        Assert.True(ready, "API never became ready:\n" + string.Join("\n---\n", _processes.Select(p => p.Name + ":\n" + p.Output)));
    }

    public async Task DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes)) await process.DisposeAsync();
        _http.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // left for the OS to clean
        }
    }

    [Fact]
    public async Task Killing_a_silo_during_writes_loses_no_acknowledged_write_and_the_edges_converge()
    {
        var zones = Enumerable.Range(0, Zones).Select(i => $"fo{i}-{Guid.NewGuid().ToString("N")[..6]}.test").ToArray();
        foreach (var zone in zones) Assert.Equal(HttpStatusCode.OK, (await _http.SendJson(HttpMethod.Put, $"/v1/zones/{zone}", "{\"nx_ttl\":30}")).StatusCode);

        var acknowledged = new ConcurrentDictionary<string, string>();
        var attempted = new ConcurrentDictionary<string, byte>();
        using var stopWriting = new CancellationTokenSource();
        var writers = zones.Select(zone => Task.Run(async () =>
        {
            // Each writer moves to its next record only once the current one is acknowledged: a failed write is
            // retried (after a short back-off), and "record already exists" on a retry means the earlier attempt
            // did land, which counts as acknowledged too (the read-back below checks its address).
            var index = Array.IndexOf(zones, zone) + 1;
            var i = 0;
            while (!stopWriting.IsCancellationRequested && i < 400)
            {
                var name = $"h{i}.{zone}";
                var address = $"10.{i / 250}.{i % 250}.{index}";
                attempted[name] = 0;
                try
                {
                    var response = await _http.SendJson(HttpMethod.Put, $"/v1/zones/{zone}/{name}/A", $$"""{"answers":[{"answer":["{{address}}"]}]}""");
                    var landed = response.StatusCode == HttpStatusCode.OK
                        || (response.StatusCode == HttpStatusCode.BadRequest
                            && (await response.Content.ReadAsStringAsync()).Contains("record already exists", StringComparison.Ordinal));
                    if (landed)
                    {
                        acknowledged[name] = address;
                        i++;
                        continue;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // not acknowledged: the write may or may not have happened
                }
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
        })).ToArray();

        // Kill silo 1 once the burst is well under way.
        Assert.True(await Poll.Until(() => Task.FromResult(acknowledged.Count >= 60), TimeSpan.FromSeconds(60)), "the burst never got going");
        await _silos[0].KillAsync();
        var acknowledgedAtKill = acknowledged.Count;

        // Keep writing until writes succeed again after the failover, then stop the burst.
        Assert.True(await Poll.Until(() => Task.FromResult(acknowledged.Count >= acknowledgedAtKill + 30), TimeSpan.FromSeconds(120)),
            "writes never resumed after the silo was killed:\n--- api:\n" + _processes.First(p => p.Name == "api").Output + "\n--- silo2:\n" + _silos[1].Output);
        await stopWriting.CancelAsync();
        await Task.WhenAll(writers);

        // Every acknowledged write is in the grains (read through the API, served by the surviving silo).
        var stored = new Dictionary<string, string>();
        foreach (var zone in zones)
        {
            HttpResponseMessage? response = null;
            Assert.True(await Poll.Until(async () =>
            {
                response = await _http.SendJson(HttpMethod.Get, $"/v1/zones/{zone}");
                return response.StatusCode == HttpStatusCode.OK;
            }, TimeSpan.FromSeconds(60)), $"zone {zone} unreadable after the failover: {response?.StatusCode}\n--- silo2:\n" + _silos[1].Output);
            using var json = JsonDocument.Parse(await response!.Content.ReadAsStringAsync());
            foreach (var record in json.RootElement.GetProperty("records").EnumerateArray().Where(r => r.GetProperty("type").GetString() == "A"))
                stored[record.GetProperty("domain").GetString()!] = record.GetProperty("short_answers")[0].GetString()!;
        }
        foreach (var (name, address) in acknowledged)
        {
            Assert.True(stored.TryGetValue(name, out var kept), $"acknowledged write {name} is missing");
            Assert.Equal(address, kept);
        }

        // Both edges converge on exactly the grains' records: present names answer the stored address,
        // attempted-but-absent names are NXDOMAIN.
        foreach (var port in _dnsPorts)
        {
            var dns = new LookupClient(new LookupClientOptions(new NameServer(IPAddress.Loopback, port))
            {
                UseCache = false, Timeout = TimeSpan.FromSeconds(1), Retries = 2, ContinueOnDnsError = true, ThrowDnsErrors = false,
            });
            var converged = await Poll.Until(async () =>
            {
                foreach (var name in attempted.Keys)
                {
                    var reply = await dns.QueryAsync(name, QueryType.A);
                    var served = reply.Answers.ARecords().Select(a => a.Address.ToString()).SingleOrDefault();
                    var expected = stored.GetValueOrDefault(name);
                    if (served != expected) return false;
                }
                return true;
            }, TimeSpan.FromSeconds(60));
            Assert.True(converged, $"edge on port {port} did not converge on the grains' records:\n"
                + _processes.First(p => p.Name == (port == _dnsPorts[0] ? "edge1" : "edge2")).Output);
        }
    }

    private VantageProcess Start(string name, string project, string assembly, params (string Key, int Value)[] settings)
    {
        var env = new Dictionary<string, string>
        {
            ["VANTAGE_DATA"] = _data,
            ["VANTAGE_API_KEY"] = ApiKey,
            ["VANTAGE_POSTGRES"] = services.PostgresConnectionString,
            ["Vantage__Cluster__Mode"] = "AdoNet",
            ["Vantage__Cluster__ClusterId"] = _clusterId,
            ["Vantage__Cluster__ServiceId"] = _clusterId,
            ["Vantage__Edge__Id"] = name,
            ["Vantage__Edge__ReconcileInterval"] = "00:00:03",
            ["Logging__LogLevel__Orleans.Runtime.MembershipService"] = "Information",
        };
        foreach (var (key, value) in settings) env[key] = value.ToString(CultureInfo.InvariantCulture);
        var process = VantageProcess.Start(name, project, assembly, env);
        _processes.Add(process);
        return process;
    }
}
