using Microsoft.Extensions.Logging;

namespace Vantage.EdgeDns.Cluster;

internal static partial class SyncLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Zone {Zone} now served at version {Version}")]
    public static partial void Applied(ILogger logger, string zone, long version);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Zone {Zone} removed")]
    public static partial void Removed(ILogger logger, string zone);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Zone {Zone}: version gap after {Version}, catching up")]
    public static partial void Gap(ILogger logger, string zone, long version);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "Zone sync with the cluster failed; retrying at the next reconcile")]
    public static partial void SyncFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 204, Level = LogLevel.Information, Message = "Subscribed to the zone-change stream")]
    public static partial void Subscribed(ILogger logger);

    [LoggerMessage(EventId = 205, Level = LogLevel.Error, Message = "Zone {Zone} version {Version} could not be compiled")]
    public static partial void CompileFailed(ILogger logger, Exception exception, string zone, long version);
}
