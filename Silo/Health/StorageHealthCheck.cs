using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vantage.Silo.Storage;

namespace Vantage.Silo.Health;

/// <summary>Healthy when the embedded grain-state database answers a query.</summary>
internal sealed class StorageHealthCheck(SqliteStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = store.Open();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM OrleansQuery";
            var queries = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            return queries >= SqliteSchema.RequiredQueries.Count
                ? HealthCheckResult.Healthy($"{store.DatabasePath} ready")
                : HealthCheckResult.Unhealthy($"{store.DatabasePath} lacks the storage queries");
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("grain state store unavailable", ex);
        }
    }
}
