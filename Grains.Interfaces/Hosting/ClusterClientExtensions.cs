using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Vantage.Hosting;

public static class ClusterClientExtensions
{
    /// <summary>
    /// Points an Orleans client at the Vantage cluster of the configured profile: the local silo's gateway
    /// (development) or the gateways listed in PostgreSQL's membership table (production). The profile is
    /// read now; every other value is bound from <see cref="ClusterClientOptions"/> when the client starts,
    /// so hosts and tests may still change configuration until then.
    /// </summary>
    public static IClientBuilder UseVantageCluster(this IClientBuilder client, IConfiguration configuration)
    {
        client.Services.AddOptions<ClusterClientOptions>()
            .Bind(configuration.GetSection(ClusterClientOptions.Section))
            .PostConfigure(o => o.PostgresConnectionString ??= ClusterClientOptions.PostgresFallback(configuration))
            .Validate(o => o.ResponseTimeout > TimeSpan.Zero, $"{ClusterClientOptions.Section}:ResponseTimeout must be positive")
            .Validate(o => o.GatewayPort is > 0 and <= 65535, $"{ClusterClientOptions.Section}:GatewayPort must be 1-65535")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ClusterId) && !string.IsNullOrWhiteSpace(o.ServiceId),
                $"{ClusterClientOptions.Section}:ClusterId and ServiceId are required");

        var mode = ClusterClientOptions.ModeOf(configuration);
        switch (mode)
        {
            case ClusterMode.Localhost:
                client.UseStaticClustering(options => options.Configure<IOptions<ClusterClientOptions>>((o, c) =>
                    o.Gateways = [new Uri($"gwy.tcp://127.0.0.1:{c.Value.GatewayPort.ToString(CultureInfo.InvariantCulture)}/0")]));
                break;
            case ClusterMode.AdoNet:
                client.UseAdoNetClustering(options => options.Configure<IOptions<ClusterClientOptions>>((o, c) =>
                {
                    o.Invariant = "Npgsql";
                    o.ConnectionString = string.IsNullOrWhiteSpace(c.Value.PostgresConnectionString)
                        ? throw new OptionsValidationException(ClusterClientOptions.Section, typeof(ClusterClientOptions),
                            [$"{ClusterClientOptions.Section}:Mode=AdoNet needs {ClusterClientOptions.Section}:PostgresConnectionString or {ClusterClientOptions.PostgresEnvironmentVariable}"])
                        : c.Value.PostgresConnectionString;
                }));
                break;
            default:
                throw new OptionsValidationException(ClusterClientOptions.Section, typeof(ClusterClientOptions),
                    [$"{ClusterClientOptions.Section}:Mode '{mode}' is not a known cluster mode (Localhost, AdoNet)"]);
        }

        client.Services.AddOptions<ClusterOptions>().Configure<IOptions<ClusterClientOptions>>((o, c) =>
        {
            o.ClusterId = c.Value.ClusterId;
            o.ServiceId = c.Value.ServiceId;
        });
        client.Services.AddOptions<ClientMessagingOptions>().Configure<IOptions<ClusterClientOptions>>((o, c) =>
            o.ResponseTimeout = c.Value.ResponseTimeout);
        // Re-read the gateway list soon after losing gateways (Orleans' default is a minute), so a client whose
        // gateway silo died moves to a survivor, and a returning cluster is noticed, within seconds.
        client.Services.AddOptions<GatewayOptions>().Configure<IOptions<ClusterClientOptions>>((o, c) =>
            o.GatewayListRefreshPeriod = c.Value.GatewayListRefreshPeriod);
        return client;
    }
}
