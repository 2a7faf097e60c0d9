using Microsoft.Extensions.Configuration;

namespace Vantage.Hosting;

/// <summary>
/// How a client (the API, an edge) reaches the cluster. Bound from <c>Vantage:Cluster</c>, the same
/// section the silos read, so one setting moves every role to the production profile.
/// </summary>
public sealed class ClusterClientOptions
{
    public const string Section = "Vantage:Cluster";

    /// <summary>Environment variable with the PostgreSQL connection string of the production profile.</summary>
    public const string PostgresEnvironmentVariable = "VANTAGE_POSTGRES";

    public ClusterMode Mode { get; set; } = ClusterMode.Localhost;

    public string ClusterId { get; set; } = "vantage-dev";

    public string ServiceId { get; set; } = "vantage";

    /// <summary>Gateway port of the local silo (development profile).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>PostgreSQL connection string (production profile); falls back to <c>Vantage:Production:PostgresConnectionString</c> and <c>VANTAGE_POSTGRES</c>.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>How long a grain call may take before the client gives up (Orleans' default of 30 s is too long for an API).</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the client re-reads the list of gateways.</summary>
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(5);

    public static ClusterClientOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<ClusterClientOptions>() ?? new ClusterClientOptions();
        options.PostgresConnectionString ??= PostgresFallback(configuration);
        return options;
    }

    /// <summary>The profile named by <c>Vantage:Cluster:Mode</c> (Localhost when unset).</summary>
    public static ClusterMode ModeOf(IConfiguration configuration)
    {
        var text = configuration[$"{Section}:{nameof(Mode)}"];
        if (string.IsNullOrWhiteSpace(text)) return ClusterMode.Localhost;
        return Enum.TryParse<ClusterMode>(text, ignoreCase: true, out var mode) && Enum.IsDefined(mode)
            ? mode
            : (ClusterMode)(-1);
    }

    internal static string? PostgresFallback(IConfiguration configuration) =>
        configuration["Vantage:Production:PostgresConnectionString"] is { Length: > 0 } configured
            ? configured
            : Environment.GetEnvironmentVariable(PostgresEnvironmentVariable);
}
