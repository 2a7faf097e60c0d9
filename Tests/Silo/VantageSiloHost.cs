using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Vantage.Silo.Hosting;

namespace Vantage.Tests.Silo;

/// <summary>
/// A real Vantage silo host built with <see cref="SiloHostingExtensions.AddVantageSilo"/> exactly as
/// Program.cs does, on free ports and a given data folder.
/// </summary>
public sealed class VantageSiloHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private VantageSiloHost(WebApplication app, int dashboardPort, int gatewayPort)
    {
        this.app = app;
        DashboardPort = dashboardPort;
        GatewayPort = gatewayPort;
    }

    public int DashboardPort { get; }

    public int GatewayPort { get; }

    public IServiceProvider Services => app.Services;

    public IGrainFactory Grains => app.Services.GetRequiredService<IGrainFactory>();

    public Uri BaseAddress => new($"http://127.0.0.1:{DashboardPort}");

    /// <summary>Builds the host (settings from <paramref name="settings"/> over the defaults) without starting it.</summary>
    public static VantageSiloHost Build(string dataFolder, IDictionary<string, string?>? settings = null)
    {
        var ports = FreePorts.Take(3);
        var values = new Dictionary<string, string?>
        {
            ["VANTAGE_DATA"] = dataFolder,
            ["Vantage:Cluster:SiloPort"] = ports[0].ToString(CultureInfo.InvariantCulture),
            ["Vantage:Cluster:GatewayPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["Vantage:Dashboard:Port"] = ports[2].ToString(CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(values);
        builder.AddVantageSilo();
        var app = builder.Build();
        app.MapVantageSilo();
        return new VantageSiloHost(app, ports[2], ports[1]);
    }

    public static async Task<VantageSiloHost> StartAsync(string dataFolder, IDictionary<string, string?>? settings = null)
    {
        var host = Build(dataFolder, settings);
        try
        {
            await host.app.StartAsync();
        }
        catch
        {
            await host.app.DisposeAsync();
            throw;
        }

        return host;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await app.StopAsync();
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
