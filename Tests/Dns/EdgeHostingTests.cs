using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Vantage.EdgeDns;
using Vantage.EdgeDns.Server;
using Vantage.EdgeDns.Zones;
using Xunit;

namespace Vantage.Tests.Dns;

/// <summary>The edge's host wiring without a cluster: options from configuration, start, serve, stop twice.</summary>
public sealed class EdgeHostingTests
{
    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddEdgeDnsServer(builder.Configuration);
        return builder.Build();
    }

    [Fact]
    public void Defaults_are_loopback_8053_one_worker_per_core()
    {
        using var host = Build([]);
        var o = host.Services.GetRequiredService<IOptions<EdgeOptions>>().Value;
        Assert.Equal(("127.0.0.1", 8053, Environment.ProcessorCount), (o.Address, o.Port, o.EffectiveWorkers));
        var cluster = Vantage.Hosting.ClusterClientOptions.From(new ConfigurationBuilder().Build());
        Assert.Equal(("vantage-dev", "vantage", 30000), (cluster.ClusterId, cluster.ServiceId, cluster.GatewayPort));
    }

    [Fact]
    public async Task Host_serves_from_configuration_and_stops_cleanly()
    {
        using var host = Build(EdgeTestSettings.InProcess(new Dictionary<string, string?>
        {
            ["Vantage:Edge:Workers"] = "3",
            ["Vantage:Edge:TcpIdleTimeout"] = "00:00:05",
        }));
        await host.StartAsync();
        host.Services.GetRequiredService<ZoneStore>().ApplySnapshot(TestZones.ExampleSnapshot());
        var server = host.Services.GetRequiredService<DnsServer>();
        var endpoint = server.EndPoint!;
        Assert.NotEqual(0, endpoint.Port);

        using (var s = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp) { ReceiveTimeout = 5000 })
        {
            s.Connect(endpoint);
            for (ushort i = 0; i < 20; i++)
            {
                s.Send(TestQuery.Build("host1.example.test", 1, id: i));
                Assert.Equal(i, TestResponse.Parse(EdgeServer.Receive(s)).Id);
            }
        }

        await host.StopAsync();
        await server.StopAsync(CancellationToken.None);
        await server.DisposeAsync();
    }

    [Theory]
    [InlineData("Vantage:Edge:Address", "not-an-ip")]
    [InlineData("Vantage:Edge:Port", "70000")]
    [InlineData("Vantage:Edge:MaxTcpConnections", "0")]
    [InlineData("Vantage:Edge:TcpIdleTimeout", "00:00:00")]
    public async Task Invalid_settings_fail_at_start(string key, string value)
    {
        using var host = Build(new() { [key] = value, ["Vantage:Edge:Port"] = key == "Vantage:Edge:Port" ? value : "0" });
        await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
    }
}
