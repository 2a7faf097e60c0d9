using Orleans.Configuration;

namespace Vantage.Silo.Production;

/// <summary>
/// Client side of the production profile, for the API and the edges (which must not reference the
/// Silo project: move this file into them as is; it needs only the packages
/// Microsoft.Orleans.Clustering.AdoNet and Npgsql). Clients find the silos' gateways in the same
/// PostgreSQL membership table the silos write.
/// </summary>
public static class ProductionClientBuilderExtensions
{
    /// <summary>Joins the cluster <paramref name="clusterId"/> through ADO.NET (Npgsql) gateway discovery.</summary>
    public static IClientBuilder UseVantageProductionClustering(
        this IClientBuilder client, string postgresConnectionString, string clusterId = "vantage", string serviceId = "vantage")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(postgresConnectionString);
        client.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = clusterId;
            cluster.ServiceId = serviceId;
        });
        client.UseAdoNetClustering(clustering =>
        {
            clustering.Invariant = "Npgsql";
            clustering.ConnectionString = postgresConnectionString;
        });
        return client;
    }
}
