using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using Vantage.Api;
using Vantage.Api.Security;
using Vantage.Grains;
using Xunit;

namespace Vantage.Tests.Api;

/// <summary>
/// One Orleans test cluster (one silo, in-memory storage and streams, the real grains) and the API host in
/// WebApplicationFactory, connected to it as an external Orleans client over TCP (the test cluster's default
/// in-memory transport cannot be reached from another client host).
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;
    public ApiFactory Factory { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public string ApiKey => Factory.Services.GetRequiredService<ApiKeyStore>().Key;

    public async Task InitializeAsync()
    {
        Cluster = await StartClusterAsync();
        Factory = CreateFactory();
        Client = Factory.CreateApiClient();
    }

    /// <summary>Another API host on the same cluster, with extra settings and service overrides.</summary>
    public ApiFactory CreateFactory(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null,
        string environment = "Development") =>
        new(Cluster, settings, services, environment);

    public static async Task<TestCluster> StartClusterAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Options.ClusterId = "api-tests-" + Guid.NewGuid().ToString("N")[..8];
        builder.Options.ServiceId = "vantage-api-tests";
        builder.AddSiloBuilderConfigurator<ApiTestSiloConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}

public sealed class ApiTestSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder silo)
    {
        silo.AddMemoryGrainStorage(ProviderNames.ZoneStore);
        silo.AddMemoryGrainStorage(ProviderNames.MonitorStore);
        silo.AddMemoryGrainStorage(ProviderNames.PubSubStore);
        silo.AddMemoryStreams(ProviderNames.Streams);
        silo.Services.AddVantageGrains(silo.Configuration);
    }
}

/// <summary>The API host pointed at a test cluster, with a fixed key, a private data folder and generous rate limits.</summary>
public sealed class ApiFactory(
    TestCluster cluster,
    IReadOnlyDictionary<string, string?>? settings,
    Action<IServiceCollection>? services,
    string environment = "Development") : WebApplicationFactory<ApiMarker>
{
    public const string TestKey = "api-test-key-0123456789";

    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "vantage-api-tests-" + Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var all = new Dictionary<string, string?>
        {
            ["Vantage:Api:Key"] = TestKey,
            ["Vantage:Api:DataFolder"] = DataFolder,
            ["Vantage:Geo:Folder"] = Geo.GeoData.Folder,
            ["Vantage:Api:RateLimits:Get:Limit"] = "100000",
            ["Vantage:Api:RateLimits:Put:Limit"] = "100000",
            ["Vantage:Api:RateLimits:Post:Limit"] = "100000",
            ["Vantage:Api:RateLimits:Delete:Limit"] = "100000",
            ["Vantage:Cluster:ClusterId"] = cluster.Options.ClusterId,
            ["Vantage:Cluster:ServiceId"] = cluster.Options.ServiceId,
            ["Vantage:Cluster:GatewayPort"] = cluster.Options.BaseGatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;

        builder.UseEnvironment(environment);
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(all));
        foreach (var (key, value) in all) builder.UseSetting(key, value);
        if (services is not null) builder.ConfigureTestServices(services);
    }

    /// <summary>A client that sends the API key on every request.</summary>
    public HttpClient CreateApiClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, Services.GetRequiredService<ApiKeyStore>().Key);
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (Directory.Exists(DataFolder)) Directory.Delete(DataFolder, recursive: true);
    }
}
