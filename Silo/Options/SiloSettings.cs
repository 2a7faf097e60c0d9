using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Vantage.Silo.Options;

/// <summary>
/// All silo settings, bound from configuration and validated together. The silo is wired from these
/// values while the host is being built, so an invalid setting stops the process before anything starts.
/// </summary>
public sealed record SiloSettings(DataOptions Data, SiloClusterOptions Cluster, SiloDashboardOptions Dashboard)
{
    /// <summary>Binds every section, applies <c>VANTAGE_DATA</c>, and throws <see cref="OptionsValidationException"/> listing every problem.</summary>
    public static SiloSettings Load(IConfiguration configuration)
    {
        var data = Bind<DataOptions>(configuration, DataOptions.Section);
        var dataFromEnvironment = configuration[DataOptions.EnvironmentVariable];
        if (!string.IsNullOrWhiteSpace(dataFromEnvironment))
        {
            data.DataFolder = dataFromEnvironment;
        }

        var settings = new SiloSettings(
            data,
            Bind<SiloClusterOptions>(configuration, SiloClusterOptions.Section),
            Bind<SiloDashboardOptions>(configuration, SiloDashboardOptions.Section));
        settings.Validate();
        return settings;
    }

    private static T Bind<T>(IConfiguration configuration, string section)
        where T : class, new()
    {
        var options = new T();
        configuration.GetSection(section).Bind(options);
        return options;
    }

    private void Validate()
    {
        var failures = new List<string>();
        Check(Data, DataOptions.Section, failures);
        Check(Cluster, SiloClusterOptions.Section, failures);
        Check(Dashboard, SiloDashboardOptions.Section, failures);

        if (Dashboard.Port == Cluster.SiloPort || Dashboard.Port == Cluster.GatewayPort)
        {
            failures.Add($"{SiloDashboardOptions.Section}:Port {Dashboard.Port} collides with a silo port.");
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(nameof(SiloSettings), typeof(SiloSettings), failures);
        }
    }

    private static void Check(object options, string section, List<string> failures)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            failures.AddRange(results.Select(r => $"{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        }
    }
}
