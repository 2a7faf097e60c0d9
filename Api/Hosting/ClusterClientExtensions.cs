using Vantage.Hosting;

namespace Vantage.Api.Hosting;

/// <summary>Wires the API as an Orleans client of the configured cluster profile (<c>Vantage:Cluster</c>).</summary>
public static class ClusterClientExtensions
{
    public static IHostApplicationBuilder AddVantageClusterClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ClusterClientOptions>().ValidateOnStart();
        builder.UseOrleansClient(client =>
        {
            client.UseVantageCluster(builder.Configuration);
            client.UseConnectionRetryFilter<ClusterConnectionRetryFilter>();
        });
        return builder;
    }
}
