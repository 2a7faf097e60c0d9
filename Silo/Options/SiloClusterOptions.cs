using Vantage.Hosting;
using System.ComponentModel.DataAnnotations;

namespace Vantage.Silo.Options;

/// <summary>Cluster identity, profile and silo ports, bound from <c>Vantage:Cluster</c>.</summary>
public sealed class SiloClusterOptions : IValidatableObject
{
    public const string Section = "Vantage:Cluster";

    public ClusterMode Mode { get; set; } = ClusterMode.Localhost;

    /// <summary>Orleans cluster id: silos and clients with the same id form one cluster.</summary>
    [Required, RegularExpression("^[A-Za-z0-9._-]{1,100}$")]
    public string ClusterId { get; set; } = "vantage-dev";

    /// <summary>Orleans service id: stays the same across deployments, keys the stored grain state.</summary>
    [Required, RegularExpression("^[A-Za-z0-9._-]{1,100}$")]
    public string ServiceId { get; set; } = "vantage";

    /// <summary>Silo-to-silo port.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port clients (the API, the edges) connect to.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SiloPort == GatewayPort)
        {
            yield return new ValidationResult(
                $"SiloPort and GatewayPort must differ (both are {SiloPort}).",
                [nameof(SiloPort), nameof(GatewayPort)]);
        }

        if (!Enum.IsDefined(Mode))
        {
            yield return new ValidationResult($"Mode '{Mode}' is not a known cluster mode.", [nameof(Mode)]);
        }
    }
}
