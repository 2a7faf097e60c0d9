using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;
using Orleans.Storage;
using Vantage.Silo.Hosting;
using Vantage.Silo.Storage;

namespace Vantage.Tests.Silo;

/// <summary>
/// A minimal silo that only has the embedded SQLite grain storage, added with the reusable
/// <see cref="VantageSiloConfiguration.ConfigureStorage"/> step against a temporary folder.
/// </summary>
public sealed class StorageSiloFixture : IAsyncLifetime
{
    public const string ServiceId = "vantage-storage-tests";

    private readonly TempDataFolder folder = new();
    private IHost? host;

    public string DataFolder => folder.Path;

    public IServiceProvider Services => host!.Services;

    public IGrainStorage ZoneStore => Services.GetRequiredKeyedService<IGrainStorage>(ProviderNames.ZoneStore);

    public SqliteStore Store => Services.GetRequiredService<SqliteStore>();

    public Serializer Serializer => Services.GetRequiredService<Serializer>();

    public async Task InitializeAsync()
    {
        var ports = FreePorts.Take(2);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort: ports[0], gatewayPort: ports[1], serviceId: ServiceId, clusterId: "storage-tests")
            .ConfigureStorage(folder.Path));
        host = builder.Build();
        await host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.StopAsync();
            host.Dispose();
        }

        folder.Dispose();
    }
}
