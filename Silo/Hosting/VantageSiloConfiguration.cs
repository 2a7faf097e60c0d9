using Vantage.Hosting;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using Vantage.Silo.Options;
using Vantage.Silo.Storage;

namespace Vantage.Silo.Hosting;

/// <summary>
/// The pieces of a Vantage silo, as <see cref="ISiloBuilder"/> steps. The host
/// (<see cref="SiloHostingExtensions.AddVantageSilo"/>) uses them, and tests can use them one by one,
/// e.g. to get the embedded SQLite grain storage against a temporary folder.
/// </summary>
public static class VantageSiloConfiguration
{
    /// <summary>
    /// How often stream pulling agents poll the in-memory queues. Orleans' default is 100 ms, which
    /// puts ~100 ms between a zone change and the edges; 10 ms measured p50 ≈ 10 ms here.
    /// </summary>
    public static readonly TimeSpan StreamPullPeriod = TimeSpan.FromMilliseconds(10);

    /// <summary>Cluster identity and membership for the configured profile.</summary>
    public static ISiloBuilder ConfigureClustering(this ISiloBuilder silo, SiloClusterOptions cluster)
    {
        switch (cluster.Mode)
        {
            case ClusterMode.Localhost:
                silo.UseLocalhostClustering(
                    siloPort: cluster.SiloPort,
                    gatewayPort: cluster.GatewayPort,
                    serviceId: cluster.ServiceId,
                    clusterId: cluster.ClusterId);
                break;
            case ClusterMode.AdoNet:
                throw new NotSupportedException(
                    $"{SiloClusterOptions.Section}:Mode={ClusterMode.AdoNet} is configured by {nameof(Production.ProductionSiloBuilderExtensions.UseVantageProduction)}.");
            default:
                throw new NotSupportedException($"Unknown cluster mode {cluster.Mode}.");
        }

        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        return silo;
    }

    /// <summary>
    /// Durable grain storage for <see cref="ProviderNames.ZoneStore"/> and <see cref="ProviderNames.PubSubStore"/>
    /// in <c>&lt;dataFolder&gt;/vantage.db</c> through Orleans' ADO.NET provider. State is written with
    /// Orleans' own binary serializer, which round-trips the immutable model (ImmutableArray,
    /// ImmutableDictionary, required init members) and tolerates added fields through the <c>[Id]</c>s.
    /// </summary>
    public static ISiloBuilder ConfigureStorage(this ISiloBuilder silo, string dataFolder)
    {
        var store = SqliteStore.InFolder(dataFolder);
        silo.Services.AddSingleton(store);
        // SQLite takes one writer at a time: writers in parallel would only wait for its lock.
        silo.Services.PostConfigure<Vantage.Grains.ZoneOptions>(o => o.StorageWriteParallelism = 1);
        silo.Services.AddSingleton<Vantage.Grains.Zones.Storage.ZoneWriteLane>();
        silo.Services.AddSingleton<SqliteStoreLifecycle>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SqliteStoreLifecycle>());

        foreach (var name in new[] { ProviderNames.ZoneStore, ProviderNames.MonitorStore, ProviderNames.PubSubStore })
        {
            silo.AddAdoNetGrainStorage(name, options => options.Configure<Serializer>((o, serializer) =>
            {
                o.Invariant = SqliteStore.AdoInvariant;
                o.ConnectionString = store.ConnectionString;
                o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            }));
            // One writer at a time, in process: no grain's write sleeps in SQLite's busy handler behind another's.
            Storage.SqliteWriteLaneStorage.Wrap(silo.Services, name);
        }

        return silo;
    }

    /// <summary>The zone-change stream provider (in-memory queues, fast pulling).</summary>
    public static ISiloBuilder ConfigureStreams(this ISiloBuilder silo)
    {
        silo.AddMemoryStreams(ProviderNames.Streams, streams =>
            streams.ConfigurePullingAgent(agent => agent.Configure(o => o.GetQueueMsgsTimerPeriod = StreamPullPeriod)));
        return silo;
    }
}
