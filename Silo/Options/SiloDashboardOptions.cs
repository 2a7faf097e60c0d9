using System.ComponentModel.DataAnnotations;

namespace Vantage.Silo.Options;

/// <summary>
/// The silo's own HTTP endpoint (Orleans dashboard under <c>/dashboard</c>, <c>/health</c>), bound from
/// <c>Vantage:Dashboard</c>. It listens on 127.0.0.1 only.
/// </summary>
public sealed class SiloDashboardOptions
{
    public const string Section = "Vantage:Dashboard";
    public const string RoutePrefix = "/dashboard";
    public const string HealthPath = "/health";

    [Range(1, 65535)]
    public int Port { get; set; } = 8081;
}
