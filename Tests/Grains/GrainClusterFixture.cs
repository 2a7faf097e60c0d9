using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using Orleans.TestingHost;
using Vantage.Grains;

namespace Vantage.Tests.Grains;

/// <summary>One in-process silo with the zone grains, memory streams and a storage whose writes can fail.</summary>
public sealed class GrainClusterFixture : IAsyncLifetime
{
    public const int JournalLimit = 5;

    public FaultInjectingStorage Storage { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?>
                {
                    [$"{ZoneOptions.Section}:JournalLimit"] = JournalLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                })
                .Build();
            silo.Services.AddVantageGrains(configuration);
            silo.Services.AddGrainStorage(ProviderNames.ZoneStore, (_, _) => Storage);
            silo.AddMemoryGrainStorage(ProviderNames.PubSubStore);
            silo.AddMemoryGrainStorage(ProviderNames.MonitorStore);
            silo.AddMemoryStreams(ProviderNames.Streams);
        });
        builder.ConfigureClient(client => client.AddMemoryStreams(ProviderNames.Streams));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class GrainClusterCollection : ICollectionFixture<GrainClusterFixture>
{
    public const string Name = "grain cluster";
}
