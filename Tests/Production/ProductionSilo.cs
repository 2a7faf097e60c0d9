using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vantage.Grains;
using Vantage.Silo.Production;

namespace Vantage.Tests.Production;

/// <summary>A real silo host built with <see cref="ProductionSiloBuilderExtensions.UseVantageProduction"/>, on free loopback ports.</summary>
public sealed class ProductionSilo : IAsyncDisposable
{
    private ProductionSilo(IHost host, ProductionOptions options)
    {
        Host = host;
        Options = options;
    }

    public IHost Host { get; }

    public ProductionOptions Options { get; }

    public IGrainFactory Grains => Host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Options for one silo of the cluster <paramref name="clusterId"/>, with ports picked free now.</summary>
    public static ProductionOptions OptionsFor(ProductionServicesFixture services, string clusterId, GrainStoreKind store)
    {
        var (siloPort, gatewayPort) = (Ports.Free(), Ports.Free());
        return new ProductionOptions
        {
            PostgresConnectionString = services.PostgresConnectionString,
            GrainStore = store,
            AzureTableConnectionString = services.AzureConnectionString,
            AzureTableName = services.AzureTableName,
            ClusterId = clusterId,
            ServiceId = clusterId,
            AdvertisedAddress = "127.0.0.1",
            SiloPort = siloPort,
            GatewayPort = gatewayPort,
        };
    }

    public static async Task<ProductionSilo> StartAsync(ProductionOptions options)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // Errors only, without the memory-stream pollers' cancellation noise at shutdown.
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Error)
            .AddFilter("Orleans.Providers.MemoryAdapterReceiver", LogLevel.None)
            .AddFilter("Orleans.Streams", LogLevel.None);
        builder.UseOrleans(silo =>
        {
            silo.UseVantageProduction(options);
            silo.AddMemoryStreams(ProviderNames.Streams);
            silo.Services.AddVantageGrains(new ConfigurationBuilder().Build());
        });
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.StartAsync(timeout.Token);
        return new ProductionSilo(host, options);
    }

    public async Task StopAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Host.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Host.Dispose();
    }

}
