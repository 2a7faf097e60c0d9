using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

namespace Vantage.Hosting;

public static class ClusterClientExtensions
{
    /// <summary>
    /// Points an Orleans client at the Vantage cluster of the configured profile: the local silo's gateway
    /// (development) or the gateways listed in PostgreSQL's membership table (production).
    /// </summary>
    public static IClientBuilder UseVantageCluster(this IClientBuilder client, IConfiguration configuration)
    {
        var options = ClusterClientOptions.From(configuration);
        switch (options.Mode)
        {
            case ClusterMode.Localhost:
                client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
                break;
            case ClusterMode.AdoNet:
                if (string.IsNullOrWhiteSpace(options.PostgresConnectionString))
                {
                    throw new InvalidOperationException(
                        $"{ClusterClientOptions.Section}:Mode=AdoNet needs {ClusterClientOptions.Section}:PostgresConnectionString or {ClusterClientOptions.PostgresEnvironmentVariable}");
                }
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = "Npgsql";
                    o.ConnectionString = options.PostgresConnectionString;
                });
                break;
            default:
                throw new InvalidOperationException($"Unknown cluster mode {options.Mode}");
        }
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });
        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = options.ResponseTimeout);
        return client;
    }
}
