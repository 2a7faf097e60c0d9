using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Runtime;
using Vantage.Model;
using Vantage.Silo.Production;
using Xunit.Abstractions;

namespace Vantage.Tests.Production;

[Collection(ProductionServicesCollection.Name)]
public sealed class PostgresClusterTests(ProductionServicesFixture services, ITestOutputHelper output)
{
    private const int Active = 3;
    private const int Dead = 6;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Two_silos_and_a_client_form_one_cluster_through_postgres_membership()
    {
        var clusterId = services.NewId("pair");
        var clock = Stopwatch.StartNew();
        await using var first = await ProductionSilo.StartAsync(ProductionSilo.OptionsFor(services, clusterId, GrainStoreKind.Postgres));
        await using var second = await ProductionSilo.StartAsync(ProductionSilo.OptionsFor(services, clusterId, GrainStoreKind.Postgres));
        var management = first.Grains.GetGrain<IManagementGrain>(0);
        await Poll.Require(async () => (await management.GetHosts(onlyActive: true)).Count == 2, Deadline, () => "both silos active");
        output.WriteLine($"two silos started and see each other after {clock.ElapsedMilliseconds} ms");

        var rows = await MembershipRows(clusterId);
        Assert.Equal(
            new[] { (first.Options.SiloPort, first.Options.GatewayPort, Active), (second.Options.SiloPort, second.Options.GatewayPort, Active) }
                .OrderBy(r => r.Item1),
            rows.Select(r => (r.Port, r.ProxyPort, r.Status)).OrderBy(r => r.Item1));

        // A client finds the gateways in the same table, and what it writes is read through the other silo.
        using var client = await StartClient(clusterId);
        var zone = "pair-" + services.RunId + ".test";
        var created = await client.Services.GetRequiredService<IClusterClient>().GetGrain<IZoneGrain>(zone).Create(new ZonePatch { Ttl = 600 });
        Assert.True(created.Ok, created.Message);
        var seen = await second.Grains.GetGrain<IZoneGrain>(zone).Get();
        Assert.Equal((600, 1L), (seen.Value!.Settings.Ttl, seen.Value.Version));
        await client.StopAsync();

        await second.StopAsync();
        await Poll.Require(async () => (await management.GetHosts(onlyActive: true)).Count == 1, Deadline, () => "the stopped silo leaves");
        var afterStop = await MembershipRows(clusterId);
        Assert.Equal(Dead, afterStop.Single(r => r.Port == second.Options.SiloPort).Status);
        Assert.Equal(Active, afterStop.Single(r => r.Port == first.Options.SiloPort).Status);
    }

    private async Task<IHost> StartClient(string clusterId)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client => client.UseVantageProductionClustering(services.PostgresConnectionString, clusterId, clusterId));
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(Deadline);
        await host.StartAsync(timeout.Token);
        return host;
    }

    private async Task<List<(int Port, int ProxyPort, int Status)>> MembershipRows(string clusterId)
    {
        await using var connection = await services.OpenPostgres();
        await using var command = new NpgsqlCommand(
            "SELECT Port, ProxyPort, Status FROM OrleansMembershipTable WHERE DeploymentId = @id", connection);
        command.Parameters.AddWithValue("id", clusterId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(int, int, int)>();
        while (await reader.ReadAsync()) rows.Add((reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2)));
        return rows;
    }
}
