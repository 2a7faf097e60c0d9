using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Vantage.Api.Hosting;
using Xunit;

namespace Vantage.Tests.Api;

/// <summary>The API host composed as Program.cs does, started while no silo listens on its gateway port.</summary>
public sealed class ClusterNotReachableTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vantage-api-nocluster-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Serves_while_connecting_and_answers_503_until_the_cluster_is_reached()
    {
        var (httpPort, gatewayPort) = (Ports.Free(), Ports.Free());
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Vantage:Api:Key"] = "k",
            ["Vantage:Api:DataFolder"] = _folder,
            ["Vantage:Api:HttpPort"] = httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Vantage:Api:HttpsPort"] = "0",
            ["Vantage:Cluster:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.AddVantageApi();
        await using var app = builder.Build();
        app.MapVantageApi();
        using var stop = new CancellationTokenSource();
        var starting = app.StartAsync(stop.Token);

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        client.DefaultRequestHeaders.Add("X-NSONE-Key", "k");
        var health = await PollUntilServing(client, "/health");
        var zones = await client.GetAsync("/v1/zones");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("""{"status":"unavailable"}""", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, zones.StatusCode);
        Assert.Equal("""{"message":"cluster unavailable: not connected yet"}""", await zones.Content.ReadAsStringAsync());
        Assert.False(starting.IsCompleted);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => starting);
    }

    private static async Task<HttpResponseMessage> PollUntilServing(HttpClient client, string path)
    {
        HttpResponseMessage? response = null;
        await Poll.Require(async () => (response = await client.GetAsync(path)) is not null, TimeSpan.FromSeconds(30), () => path + " never answered");
        return response!;
    }


    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
