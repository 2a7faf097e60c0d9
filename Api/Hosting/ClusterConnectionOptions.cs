using System.ComponentModel.DataAnnotations;

namespace Vantage.Api.Hosting;

/// <summary>How the API reaches the Orleans cluster, bound from <c>Vantage:Cluster</c>.</summary>
public sealed class ClusterConnectionOptions
{
    public const string Section = "Vantage:Cluster";

    /// <summary>Clustering provider; see <see cref="ClusterClientExtensions"/> for the supported modes.</summary>
    [Required]
    public string Mode { get; set; } = ClusterModes.Localhost;

    [Required]
    public string ClusterId { get; set; } = "vantage-dev";

    [Required]
    public string ServiceId { get; set; } = "vantage";

    /// <summary>Silo gateway port used by <see cref="ClusterModes.Localhost"/>.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>How long a grain call may take before it fails (Orleans' default of 30 s is too long for an API).</summary>
    [Range(1, 600)]
    public int ResponseTimeoutSeconds { get; set; } = 10;
}

public static class ClusterModes
{
    /// <summary>One local silo (or a test cluster) reached through a gateway on 127.0.0.1.</summary>
    public const string Localhost = "Localhost";
}
