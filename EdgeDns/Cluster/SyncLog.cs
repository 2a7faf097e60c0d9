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

    [LoggerMessage(EventId = 206, Level = LogLevel.Warning, Message = "Zone {Zone} could not be brought up to date; retrying")]
    public static partial void CatchUpFailed(ILogger logger, Exception exception, string zone);

    [LoggerMessage(EventId = 207, Level = LogLevel.Warning, Message = "Connection to the cluster lost; serving the zones held in memory")]
    public static partial void ConnectionLost(ILogger logger);

    [LoggerMessage(EventId = 208, Level = LogLevel.Information, Message = "Cluster connection: {Change}, {Gateways} gateways; checking the subscription and reconciling")]
    public static partial void GatewaysChanged(ILogger logger, ConnectionChange change, int gateways);

    [LoggerMessage(EventId = 209, Level = LogLevel.Debug, Message = "Reconciled with the cluster (subscription renewed: {Renewed})")]
    public static partial void Reconciled(ILogger logger, bool renewed);

    [LoggerMessage(EventId = 210, Level = LogLevel.Warning, Message = "Reporting to the edge registry failed")]
    public static partial void ReportFailed(ILogger logger, Exception exception);
}
