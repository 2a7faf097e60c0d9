using System.Net;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace Vantage.Silo.Production;

public static class ProductionSiloBuilderExtensions
{
    /// <summary>
    /// The production profile: cluster membership and reminders in PostgreSQL (ADO.NET, invariant
    /// <c>Npgsql</c>, schema from <c>deploy/postgres</c>), grain state for <see cref="ProviderNames.ZoneStore"/>
    /// and <see cref="ProviderNames.PubSubStore"/> in PostgreSQL or Azure Table Storage, cluster ids and
    /// endpoints from <paramref name="options"/>. Streams stay the host's business.
    /// </summary>
    /// <exception cref="OptionsValidationException">The options are not usable.</exception>
    public static ISiloBuilder UseVantageProduction(this ISiloBuilder silo, ProductionOptions options)
    {
        options.ThrowIfInvalid();
        var postgres = options.PostgresConnectionString!;
        silo.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));

        silo.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.ClusterId;
            cluster.ServiceId = options.ServiceId;
        });
        silo.ConfigureEndpoints(IPAddress.Parse(options.AdvertisedAddress), options.SiloPort, options.GatewayPort,
            listenOnAnyHostAddress: options.ListenOnAllAddresses);

        silo.Configure<ClusterMembershipOptions>(membership =>
        {
            membership.ProbeTimeout = options.ProbeTimeout;
            membership.NumMissedProbesLimit = options.MissedProbesLimit;
        });
        silo.UseAdoNetClustering(clustering =>
        {
            clustering.Invariant = ProductionOptions.NpgsqlInvariant;
            clustering.ConnectionString = postgres;
        });
        silo.UseAdoNetReminderService(reminders =>
        {
            reminders.Invariant = ProductionOptions.NpgsqlInvariant;
            reminders.ConnectionString = postgres;
        });

        // State is written with Orleans' own (binary, version-tolerant) serializer: our state types are
        // [GenerateSerializer] records, and the default JSON one cannot read back an ImmutableDictionary
        // ("Cannot preserve reference to readonly dictionary"), so ZoneState would not survive a restart.
        foreach (var name in (string[])[ProviderNames.ZoneStore, ProviderNames.MonitorStore, ProviderNames.PubSubStore])
        {
            if (options.GrainStore == GrainStoreKind.AzureTable)
            {
                silo.AddAzureTableGrainStorage(name, (OptionsBuilder<AzureTableStorageOptions> table) => table
                    .Configure<Serializer>((o, serializer) =>
                    {
                        o.TableServiceClient = new TableServiceClient(options.AzureTableConnectionString);
                        o.TableName = options.AzureTableName;
                        o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
                    }));
            }
            else
            {
                silo.AddAdoNetGrainStorage(name, (OptionsBuilder<AdoNetGrainStorageOptions> ado) => ado
                    .Configure<Serializer>((o, serializer) =>
                    {
                        o.Invariant = ProductionOptions.NpgsqlInvariant;
                        o.ConnectionString = postgres;
                        o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
                    }));
            }
        }
        if (options.StatsArchiveTable.Length > 0)
        {
            silo.Services.AddSingleton<Vantage.Grains.Stats.IStatsArchive>(_ => new TableStatsArchive(
                new TableServiceClient(options.AzureTableConnectionString).GetTableClient(options.StatsArchiveTable)));
        }
        return silo;
    }
}
