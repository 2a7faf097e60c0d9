using System.Diagnostics;
using System.Globalization;
using System.Net;
using Vantage.Tests.EndToEnd;
using Xunit.Abstractions;

namespace Vantage.Tests.Production;

/// <summary>
/// The API and an edge start together with two silos on PostgreSQL, while both are still joining; once writes
/// work and both silos are active, one silo is killed with SIGKILL. Every zone (some of whose grains lived on the
/// killed silo) must be writable and readable through the API again within 20 s.
/// </summary>
[Collection(ProductionServicesCollection.Name)]
public sealed class ClientFailoverProcessTests(ProductionServicesFixture services, ITestOutputHelper output) : IAsyncLifetime
{
    private const string ApiKey = "client-failover-key-0123456789";
    private const int Zones = 8;
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(20);
    private readonly string _clusterId = services.NewId("client-failover");
    private readonly string _data = Path.Combine(Path.GetTempPath(), "vantage-client-failover-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly List<VantageProcess> _processes = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly int _httpPort = Ports.Free();
    private readonly int[] _dashboards = [Ports.Free(), Ports.Free()];

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_data);
        _http.BaseAddress = new Uri($"http://127.0.0.1:{_httpPort}");
        _http.DefaultRequestHeaders.Add("X-NSONE-Key", ApiKey);
        for (var i = 0; i < 2; i++)
        {
            Start($"silo{i + 1}", "Silo", "Vantage.Silo", ("Vantage__Cluster__SiloPort", Ports.Free()),
                ("Vantage__Cluster__GatewayPort", Ports.Free()), ("Vantage__Dashboard__Port", _dashboards[i]));
        }
        // No waiting: the clients start while the silos are still joining.
        Start("api", "Api", "Vantage.Api", ("Vantage__Api__HttpPort", _httpPort), ("Vantage__Api__HttpsPort", Ports.Free()));
        Start("edge", "EdgeDns", "Vantage.EdgeDns", ("Vantage__Edge__Port", Ports.Free()), ("Vantage__Edge__Workers", 1),
            ("Vantage__Edge__MetricsPort", Ports.Free()));
        return Task.CompletedTask;
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
    public async Task After_a_silo_is_killed_writes_and_reads_recover_within_20_s()
    {
        var zones = Enumerable.Range(0, Zones).Select(i => $"cf{i}-{Guid.NewGuid().ToString("N")[..6]}.test").ToArray();
        foreach (var zone in zones)
            await Poll.Require(async () => await Status(HttpMethod.Put, $"/v1/zones/{zone}", "{}") is HttpStatusCode.OK or HttpStatusCode.BadRequest,
                TimeSpan.FromSeconds(120), () => $"zone {zone} never created\n{Logs()}");
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var port in _dashboards)
            await Poll.Require(async () => (await probe.GetAsync($"http://127.0.0.1:{port}/health")).StatusCode == HttpStatusCode.OK,
                TimeSpan.FromSeconds(120), () => "a silo never became active\n" + Logs());
        foreach (var zone in zones)
            Assert.Equal(HttpStatusCode.OK, await Status(HttpMethod.Put, $"/v1/zones/{zone}/www.{zone}/A", """{"answers":[{"answer":["192.0.2.1"]}]}"""));

        await _processes[0].KillAsync();
        var clock = Stopwatch.StartNew();

        // Every zone takes a write and answers a read again; each is polled on its own, all at once.
        var recovered = await Task.WhenAll(zones.Select(async zone =>
        {
            await Poll.Require(async () => await Status(HttpMethod.Post, $"/v1/zones/{zone}/www.{zone}/A", """{"ttl":120}""") == HttpStatusCode.OK,
                Recovery, () => $"writes to {zone} did not recover\n{Logs()}");
            await Poll.Require(async () => await Status(HttpMethod.Get, $"/v1/zones/{zone}/www.{zone}/A") == HttpStatusCode.OK,
                Recovery, () => $"reads of {zone} did not recover\n{Logs()}");
            return clock.Elapsed;
        }));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"recovered after the kill: slowest zone {recovered.Max().TotalSeconds:0.0} s, fastest {recovered.Min().TotalSeconds:0.0} s"));
        Assert.True(recovered.Max() <= Recovery, $"the slowest zone recovered after {recovered.Max()}\n{Logs()}");
    }

    private async Task<HttpStatusCode> Status(HttpMethod method, string path, string? body = null)
    {
        using var response = await _http.SendJson(method, path, body);
        return response.StatusCode;
    }

    private string Logs() => string.Join("\n", _processes.Select(p => $"--- {p.Name}:\n{p.Output}"));

    private void Start(string name, string project, string assembly, params (string Key, int Value)[] settings)
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
            ["Logging__LogLevel__Orleans.Runtime.MembershipService"] = "Information",
            ["Logging__LogLevel__Orleans.Messaging"] = "Information",
        };
        foreach (var (key, value) in settings) env[key] = value.ToString(CultureInfo.InvariantCulture);
        _processes.Add(VantageProcess.Start(name, project, assembly, env));
    }
}
