using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Vantage.Silo.Production;

/// <summary>Where the production profile keeps grain state.</summary>
public enum GrainStoreKind
{
    /// <summary>ADO.NET grain storage in the PostgreSQL database that also holds membership and reminders.</summary>
    Postgres,

    /// <summary>Azure Table Storage (Azurite locally).</summary>
    AzureTable,
}

/// <summary>
/// Settings of the production profile, bound from <c>Vantage:Production</c>: ADO.NET clustering and
/// reminders on PostgreSQL, grain state on PostgreSQL or Azure Table Storage.
/// </summary>
public sealed partial class ProductionOptions
{
    public const string Section = "Vantage:Production";

    /// <summary>Environment variable (also read as a configuration key) holding the PostgreSQL connection string.</summary>
    public const string PostgresEnvironmentVariable = "VANTAGE_POSTGRES";

    /// <summary>The ADO.NET invariant name Orleans maps to Npgsql.</summary>
    public const string NpgsqlInvariant = "Npgsql";

    /// <summary>Npgsql connection string of the database set up by <c>deploy/postgres-setup.sh</c>.</summary>
    public string? PostgresConnectionString { get; set; }

    public GrainStoreKind GrainStore { get; set; } = GrainStoreKind.Postgres;

    /// <summary>Azure Storage connection string, used when <see cref="GrainStore"/> is <see cref="GrainStoreKind.AzureTable"/>.</summary>
    public string AzureTableConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>Table holding grain state (both providers share it; rows are keyed by grain id and type).</summary>
    public string AzureTableName { get; set; } = "VantageGrainState";

    /// <summary>
    /// Table of the query-stats archive (closed minute/hour/day buckets) in the Azure Storage account of
    /// <see cref="AzureTableConnectionString"/>; empty keeps the buckets in the grain state only.
    /// </summary>
    public string StatsArchiveTable { get; set; } = "";

    /// <summary>Cluster id: silos and clients with the same id form one cluster (the membership table's DeploymentId).</summary>
    public string ClusterId { get; set; } = "vantage";

    /// <summary>Service id: keys the grain state and the reminders; keep it stable across deployments.</summary>
    public string ServiceId { get; set; } = "vantage";

    /// <summary>Address other silos and clients reach this silo on.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Listen on every interface instead of only <see cref="AdvertisedAddress"/> (containers behind NAT).</summary>
    public bool ListenOnAllAddresses { get; set; }

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// How long a silo waits for a probe of another silo (and how often it probes). With
    /// <see cref="MissedProbesLimit"/> it sets how soon a killed silo is declared dead and its grains move:
    /// Orleans' 5 s × 3 took about 16 s here; 2 s × 3 takes about 7 s, so clients recover well within 20 s.
    /// </summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Consecutive missed probes after which a silo is suspected (and, with the votes, declared dead).</summary>
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>
    /// Binds <see cref="Section"/>; the connection string falls back to the <c>VANTAGE_POSTGRES</c>
    /// configuration key, then to the environment variable of that name.
    /// </summary>
    public static ProductionOptions FromConfiguration(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<ProductionOptions>() ?? new ProductionOptions();
        if (string.IsNullOrWhiteSpace(options.PostgresConnectionString))
        {
            options.PostgresConnectionString = configuration[PostgresEnvironmentVariable]
                ?? Environment.GetEnvironmentVariable(PostgresEnvironmentVariable);
        }
        return options;
    }

    /// <summary>Problems that would stop a silo from starting; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ProbeTimeout < TimeSpan.FromSeconds(1) || MissedProbesLimit < 1)
        {
            errors.Add($"{Section}:ProbeTimeout must be at least 1 s and {Section}:MissedProbesLimit at least 1");
        }
        if (string.IsNullOrWhiteSpace(PostgresConnectionString))
        {
            errors.Add($"{Section}:PostgresConnectionString (or {PostgresEnvironmentVariable}) is required by the production profile");
        }
        if (GrainStore == GrainStoreKind.AzureTable && string.IsNullOrWhiteSpace(AzureTableConnectionString))
        {
            errors.Add($"{Section}:AzureTableConnectionString is required when {Section}:GrainStore is AzureTable");
        }
        if (!Enum.IsDefined(GrainStore))
        {
            errors.Add($"{Section}:GrainStore must be Postgres or AzureTable");
        }
        if (StatsArchiveTable.Length > 0 && !TableName().IsMatch(StatsArchiveTable))
        {
            errors.Add($"{Section}:StatsArchiveTable must be 3-63 letters or digits, starting with a letter");
        }
        if (!TableName().IsMatch(AzureTableName))
        {
            errors.Add($"{Section}:AzureTableName must be 3-63 letters or digits, starting with a letter");
        }
        if (string.IsNullOrWhiteSpace(ClusterId) || string.IsNullOrWhiteSpace(ServiceId))
        {
            errors.Add($"{Section}:ClusterId and {Section}:ServiceId must not be empty");
        }
        if (!IPAddress.TryParse(AdvertisedAddress, out _))
        {
            errors.Add($"{Section}:AdvertisedAddress must be an IP address");
        }
        if (SiloPort is < 1 or > 65535 || GatewayPort is < 1 or > 65535 || SiloPort == GatewayPort)
        {
            errors.Add($"{Section}:SiloPort and {Section}:GatewayPort must be two different ports in 1-65535");
        }
        return errors;
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every problem.</summary>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Section, typeof(ProductionOptions), errors);
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableName();
}
