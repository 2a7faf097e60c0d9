using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Vantage.Steering.Geo;

/// <summary>
/// The process's geo/ASN lookup: loads the <see cref="GeoDatabase"/> in the background when the host starts
/// (a cold load of the mmdb files takes several seconds, a cached one about a second) and answers "unknown"
/// until it is there. The host's start waits for the load up to <see cref="StartupWait"/>, so an edge normally
/// serves its first query with the data in place.
/// </summary>
public sealed class GeoLookupService(GeoOptions options, GeoStartup startup, ILogger<GeoLookupService> logger) : IGeoLookup, IHostedService
{
    private volatile IGeoLookup current = NoGeoData.Instance;
    private Task? loading;

    /// <summary>How long starting the host waits for the data before serving without it.</summary>
    public static readonly TimeSpan StartupWait = TimeSpan.FromSeconds(30);

    /// <summary>True once the database is loaded.</summary>
    public bool IsLoaded => current is GeoDatabase;

    public GeoLocation Locate(ReadOnlySpan<byte> address) => current.Locate(address);

    public uint Asn(ReadOnlySpan<byte> address) => current.Asn(address);

    /// <summary>Starts loading (once) and returns the loading task.</summary>
    public Task EnsureLoading()
    {
        lock (this)
        {
            return loading ??= Task.Run(() =>
            {
                var database = GeoDatabase.Load(options, logger);
                current = database;
                GeoServiceLog.Loaded(logger, database.LocationCount, database.LocationRangesV4 + database.LocationRangesV6,
                    database.AsnRangesV4 + database.AsnRangesV6, database.LocationLoadTime.TotalSeconds, database.LocationsFromCache);
                // Loading leaves tens of MB of buffers behind (the tables are ~50 MB, what was read to make them more).
                Vantage.Hosting.HeapCompaction.ReturnFreeMemory();
            });
        }
    }

    /// <summary>Waits (at most <paramref name="timeout"/>) for the data; true when it is loaded.</summary>
    public async Task<bool> WhenLoaded(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureLoading().WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return false;
        }
        return IsLoaded;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var load = EnsureLoading();
        if (startup == GeoStartup.Background) return;
        try
        {
            await load.WaitAsync(StartupWait, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            GeoServiceLog.StillLoading(logger, StartupWait.TotalSeconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            GeoServiceLog.Failed(logger, e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Whether starting the host waits for the geo data.</summary>
public enum GeoStartup
{
    /// <summary>Start waits (bounded): the edge, whose answers depend on it.</summary>
    Wait,
    /// <summary>Load in the background: the API, where only explain reads it.</summary>
    Background,
}

public static class GeoServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IGeoLookup"/> (the <see cref="GeoLookupService"/>) from <c>Vantage:Geo</c>.</summary>
    public static IServiceCollection AddVantageGeo(this IServiceCollection services, IConfiguration configuration, GeoStartup startup)
    {
        var options = configuration.GetSection(GeoOptions.SectionName).Get<GeoOptions>() ?? new GeoOptions();
        services.TryAddSingleton(sp => new GeoLookupService(options, startup, sp.GetRequiredService<ILogger<GeoLookupService>>()));
        services.TryAddSingleton<IGeoLookup>(sp => sp.GetRequiredService<GeoLookupService>());
        services.AddHostedService(sp => sp.GetRequiredService<GeoLookupService>());
        return services;
    }
}

internal static partial class GeoServiceLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Information,
        Message = "Geo data loaded: {Locations} locations in {LocationRanges} ranges, {AsnRanges} ASN ranges ({Seconds:0.0} s, from cache: {FromCache})")]
    public static partial void Loaded(ILogger logger, int locations, int locationRanges, int asnRanges, double seconds, bool fromCache);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Geo data still loading after {Seconds} s: serving without it until it is there")]
    public static partial void StillLoading(ILogger logger, double seconds);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Error, Message = "Geo data failed to load: geographic and ASN filters see every client as unknown")]
    public static partial void Failed(ILogger logger, Exception exception);
}
