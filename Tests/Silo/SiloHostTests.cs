using Vantage.Hosting;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Microsoft.Extensions.Options;
using Vantage.Silo.Options;

namespace Vantage.Tests.Silo;

/// <summary>The silo host's HTTP side and its settings.</summary>
public sealed class SiloHostTests
{
    [Fact]
    public async Task A_started_silo_serves_health_and_the_dashboard_on_loopback_and_pulls_streams_fast()
    {
        using var data = new TempDataFolder();
        await using var silo = await VantageSiloHost.StartAsync(data.Path);
        using var http = new HttpClient { BaseAddress = silo.BaseAddress };

        var health = await PollUntilHealthy(http);
        var dashboard = await http.GetAsync("/dashboard/");

        Assert.Equal("Healthy", health);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Orleans Dashboard", await dashboard.Content.ReadAsStringAsync());
        Assert.True(File.Exists(data.Database));
        var addresses = silo.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        Assert.Equal([$"http://127.0.0.1:{silo.DashboardPort}"], addresses.ToArray());
        var pulling = silo.Services.GetRequiredService<IOptionsMonitor<StreamPullingAgentOptions>>().Get(ProviderNames.Streams);
        Assert.Equal(TimeSpan.FromMilliseconds(10), pulling.GetQueueMsgsTimerPeriod);
    }

    [Fact]
    public void Defaults_match_the_documented_local_setup()
    {
        var settings = SiloSettings.Load(new ConfigurationBuilder().Build());

        Assert.Equal(ClusterMode.Localhost, settings.Cluster.Mode);
        Assert.Equal("vantage-dev", settings.Cluster.ClusterId);
        Assert.Equal("vantage", settings.Cluster.ServiceId);
        Assert.Equal(11111, settings.Cluster.SiloPort);
        Assert.Equal(30000, settings.Cluster.GatewayPort);
        Assert.Equal(8081, settings.Dashboard.Port);
        Assert.Equal(Path.GetFullPath("./data"), settings.Data.FullPath);
    }

    [Theory]
    [InlineData("/srv/from-config", null, "/srv/from-config")]
    [InlineData("/srv/from-config", "/srv/from-env", "/srv/from-env")]
    [InlineData(null, "/srv/from-env", "/srv/from-env")]
    public void VANTAGE_DATA_wins_over_the_configured_data_folder(string? configured, string? environment, string expected)
    {
        var settings = SiloSettings.Load(Configuration(("Vantage:DataFolder", configured), ("VANTAGE_DATA", environment)));

        Assert.Equal(expected, settings.Data.FullPath);
    }

    [Theory]
    [InlineData("Vantage:Cluster:SiloPort", "0", "SiloPort")]
    [InlineData("Vantage:Cluster:GatewayPort", "70000", "GatewayPort")]
    [InlineData("Vantage:Cluster:GatewayPort", "11111", "must differ")]
    [InlineData("Vantage:Dashboard:Port", "30000", "collides")]
    [InlineData("Vantage:Cluster:ClusterId", "has spaces", "ClusterId")]
    [InlineData("Vantage:Cluster:ServiceId", "", "ServiceId")]
    [InlineData("Vantage:DataFolder", " ", "DataFolder")]
    public void Invalid_settings_stop_the_silo_before_it_starts(string key, string value, string expectedInMessage)
    {
        var error = Assert.Throws<OptionsValidationException>(() => SiloSettings.Load(Configuration((key, value))));

        Assert.Contains(expectedInMessage, error.Message);
    }

    [Fact]
    public void The_production_profile_without_a_connection_string_is_refused()
    {
        using var data = new TempDataFolder();

        var error = Assert.ThrowsAny<Exception>(() =>
            VantageSiloHost.Build(data.Path, new Dictionary<string, string?>
            {
                ["Vantage:Cluster:Mode"] = "AdoNet",
                ["Vantage:Production:PostgresConnectionString"] = "",
            }));

        Assert.Contains("PostgresConnectionString", error.Message);
    }

    private static IConfiguration Configuration(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Where(v => v.Value is not null).Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();

    private static async Task<string> PollUntilHealthy(HttpClient http)
    {
        var body = "";
        await Poll.Until(async () =>
        {
            var response = await http.GetAsync("/health");
            body = await response.Content.ReadAsStringAsync();
            return response.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(30));
        return body;
    }
}
