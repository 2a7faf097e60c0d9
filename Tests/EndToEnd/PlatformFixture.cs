using System.Globalization;
using System.Net;

namespace Vantage.Tests.EndToEnd;

/// <summary>
/// The whole platform as separate processes, the way <c>./run.sh</c> starts it: a silo (embedded SQLite
/// store in a temporary data folder), the API and an edge, each on free loopback ports.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public const string ApiKey = "e2e-test-key-0123456789";

    private readonly string _clusterId = "e2e-" + Guid.NewGuid().ToString("N")[..8];

    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "vantage-e2e-" + Guid.NewGuid().ToString("N")[..8]);

    public int SiloPort { get; } = Ports.Free();
    public int GatewayPort { get; } = Ports.Free();
    public int DashboardPort { get; } = Ports.Free();
    public int HttpPort { get; } = Ports.Free();
    public int HttpsPort { get; } = Ports.Free();
    public int DnsPort { get; } = Ports.Free();

    public int EdgeMetricsPort { get; } = Ports.Free();

    public VantageProcess? Silo { get; private set; }
    public VantageProcess? Api { get; private set; }
    public VantageProcess? Edge { get; private set; }

    public HttpClient Http { get; } = new();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataFolder);
        Http.BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}");
        Http.DefaultRequestHeaders.Add("X-NSONE-Key", ApiKey);
        Http.Timeout = TimeSpan.FromSeconds(15);
        await StartSiloAsync();
        Api = VantageProcess.Start("api", "Api", "Vantage.Api", Environment(
            ("Vantage__Api__HttpPort", HttpPort), ("Vantage__Api__HttpsPort", HttpsPort)));
        Edge = VantageProcess.Start("edge", "EdgeDns", "Vantage.EdgeDns", Environment(
            ("Vantage__Edge__Port", DnsPort), ("Vantage__Edge__Workers", 1), ("Vantage__Edge__MetricsPort", EdgeMetricsPort)));
        if (!await Poll.Until(async () => (await Http.GetAsync("/health")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60)))
            throw new InvalidOperationException("API never became ready:\n" + Api.Output + "\n--- silo:\n" + Silo!.Output);
    }

    /// <summary>Starts the silo on the fixture's data folder and waits for its health endpoint.</summary>
    public async Task StartSiloAsync()
    {
        Silo = VantageProcess.Start("silo", "Silo", "Vantage.Silo", Environment(
            ("Vantage__Cluster__SiloPort", SiloPort), ("Vantage__Dashboard__Port", DashboardPort)));
        using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{DashboardPort}"), Timeout = TimeSpan.FromSeconds(5) };
        if (!await Poll.Until(async () => (await probe.GetAsync("/health")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60)))
            throw new InvalidOperationException("silo never became healthy:\n" + Silo.Output);
    }

    public async Task StopSiloAsync()
    {
        if (Silo is not null) await Silo.DisposeAsync();
        Silo = null;
    }

    public Task<HttpResponseMessage> Send(HttpMethod method, string path, string? json = null) => Http.SendJson(method, path, json);

    public async Task DisposeAsync()
    {
        foreach (var process in new[] { Edge, Api, Silo })
        {
            if (process is not null) await process.DisposeAsync();
        }
        Http.Dispose();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by a dying process: the temp folder is cleaned by the OS
        }
    }

    private Dictionary<string, string> Environment(params (string Key, int Value)[] extra)
    {
        var env = new Dictionary<string, string>
        {
            ["VANTAGE_DATA"] = DataFolder,
            ["VANTAGE_API_KEY"] = ApiKey,
            ["Vantage__Cluster__ClusterId"] = _clusterId,
            ["Vantage__Cluster__GatewayPort"] = GatewayPort.ToString(CultureInfo.InvariantCulture),
            // The real GeoLite2/ASN data (installed by deploy/geo-install.sh on first use).
            ["Vantage__Geo__Folder"] = Geo.GeoData.Folder,
        };
        foreach (var (key, value) in extra) env[key] = value.ToString(CultureInfo.InvariantCulture);
        return env;
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform processes";
}
