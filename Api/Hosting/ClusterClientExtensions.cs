using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Vantage.Api.Hosting;

/// <summary>
/// Wires the API as an Orleans client. The clustering provider is chosen by <c>Vantage:Cluster:Mode</c>
/// from <see cref="Modes"/>; a new provider (ADO.NET on PostgreSQL) is one more entry there.
/// </summary>
public static class ClusterClientExtensions
{
    private static readonly IReadOnlyDictionary<string, Action<IClientBuilder>> Modes =
        new Dictionary<string, Action<IClientBuilder>>(StringComparer.OrdinalIgnoreCase)
        {
            [ClusterModes.Localhost] = UseLocalhostGateway,
        };

    public static IHostApplicationBuilder AddVantageClusterClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ClusterConnectionOptions>()
            .Bind(builder.Configuration.GetSection(ClusterConnectionOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var mode = builder.Configuration[$"{ClusterConnectionOptions.Section}:{nameof(ClusterConnectionOptions.Mode)}"]
                   ?? ClusterModes.Localhost;
        if (!Modes.TryGetValue(mode, out var useClustering))
        {
            throw new OptionsValidationException(ClusterConnectionOptions.Section, typeof(ClusterConnectionOptions),
                [$"Vantage:Cluster:Mode '{mode}' is not supported (supported: {string.Join(", ", Modes.Keys)})"]);
        }

        builder.UseOrleansClient(client =>
        {
            useClustering(client);
            client.Services.AddOptions<ClusterOptions>()
                .Configure<IOptions<ClusterConnectionOptions>>((o, c) =>
                {
                    o.ClusterId = c.Value.ClusterId;
                    o.ServiceId = c.Value.ServiceId;
                });
            client.Services.AddOptions<ClientMessagingOptions>()
                .Configure<IOptions<ClusterConnectionOptions>>((o, c) =>
                    o.ResponseTimeout = TimeSpan.FromSeconds(c.Value.ResponseTimeoutSeconds));
            client.UseConnectionRetryFilter<ClusterConnectionRetryFilter>();
        });
        return builder;
    }

    private static void UseLocalhostGateway(IClientBuilder client) =>
        client.UseStaticClustering(options => options.Configure<IOptions<ClusterConnectionOptions>>((o, c) =>
        {
            var port = c.Value.GatewayPort.ToString(CultureInfo.InvariantCulture);
            o.Gateways = [new Uri($"gwy.tcp://127.0.0.1:{port}/0")];
        }));
}
