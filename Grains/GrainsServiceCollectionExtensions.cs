using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Vantage.Grains.Monitoring;
using Vantage.Grains.Monitoring.Probes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vantage.Grains.Stats;

namespace Vantage.Grains;

public static class GrainsServiceCollectionExtensions
{
    /// <summary>Registers what the grains need (options validated at start-up, time).</summary>
    public static IServiceCollection AddVantageGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ZoneOptions>()
            .Bind(configuration.GetSection(ZoneOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<Edges.EdgeRegistryOptions>()
            .Bind(configuration.GetSection(Edges.EdgeRegistryOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<MonitoringOptions>()
            .Bind(configuration.GetSection(MonitoringOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<AddressGuard>();
        services.AddSingleton<Notifier>();
        services.AddSingleton<ProbeRunner>();
        services.TryAddSingleton<IStatsArchive, GrainStateArchive>();
        services.TryAddSingleton<Zones.IZoneChangePublisher, Zones.StreamZoneChangePublisher>();
        return services;
    }

    /// <summary>
    /// Runs monitoring probes on this silo: the scheduler (a hosted service) and the silo metadata that tells the other
    /// silos which regions this one probes from.
    /// </summary>
    public static ISiloBuilder AddVantageMonitoring(this ISiloBuilder silo, IConfiguration configuration)
    {
        var regions = configuration.GetSection(MonitoringOptions.Section).Get<MonitoringOptions>()?.EffectiveRegions
            ?? new MonitoringOptions().EffectiveRegions;
        silo.UseSiloMetadata(new Dictionary<string, string> { [MonitoringOptions.RegionsMetadataKey] = string.Join(',', regions) });
        silo.Services.AddSingleton<MonitorScheduler>();
        silo.Services.AddHostedService(sp => sp.GetRequiredService<MonitorScheduler>());
        return silo;
    }
}
