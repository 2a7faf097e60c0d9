using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Vantage.Silo.Health;

/// <summary>Healthy when this silo is an active member of its cluster.</summary>
internal sealed class SiloMembershipHealthCheck(IClusterMembershipService membership, ILocalSiloDetails local) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(local.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"silo {local.SiloAddress} active")
            : HealthCheckResult.Unhealthy($"silo {local.SiloAddress} is {status}"));
    }
}
