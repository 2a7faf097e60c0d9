using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
        services.TryAddSingleton<IStatsArchive, GrainStateArchive>();
        return services;
    }
}
