using Microsoft.Extensions.Logging;

namespace Vantage.Steering.Geo;

internal static partial class GeoLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "Geo data file {Path} is missing: {Part} lookups will be unknown (run deploy/geo-install.sh or set Vantage:Geo)")]
    public static partial void Missing(ILogger logger, string path, string part);

    [LoggerMessage(EventId = 401, Level = LogLevel.Error, Message = "Geo data file {Path} could not be read; skipped")]
    public static partial void Corrupt(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 402, Level = LogLevel.Information, Message = "Geo data: {V4} IPv4 and {V6} IPv6 ranges, {Locations} locations from {Sources} in {Milliseconds} ms (cache: {Cache})")]
    public static partial void Locations(ILogger logger, int v4, int v6, int locations, string sources, long milliseconds, string cache);

    [LoggerMessage(EventId = 403, Level = LogLevel.Information, Message = "ASN data: {V4} IPv4 and {V6} IPv6 ranges in {Milliseconds} ms")]
    public static partial void Asns(ILogger logger, int v4, int v6, long milliseconds);

    [LoggerMessage(EventId = 404, Level = LogLevel.Warning, Message = "Geo cache {Path} could not be used; rebuilding")]
    public static partial void CacheUnreadable(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 405, Level = LogLevel.Warning, Message = "Geo cache {Path} could not be written")]
    public static partial void CacheUnwritable(ILogger logger, Exception exception, string path);
}
