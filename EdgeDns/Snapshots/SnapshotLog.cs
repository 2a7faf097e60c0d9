using Microsoft.Extensions.Logging;

namespace Vantage.EdgeDns.Snapshots;

internal static partial class SnapshotLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Loaded {Count} zone snapshots from {Folder} ({TempFiles} stale temporary files deleted)")]
    public static partial void Loaded(ILogger logger, int count, string folder, int tempFiles);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Skipped zone snapshot {File}: {Reason}")]
    public static partial void Skipped(ILogger logger, string file, string reason);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Writing the snapshot of zone {Zone} failed; retrying")]
    public static partial void WriteFailed(ILogger logger, Exception exception, string zone);

    [LoggerMessage(EventId = 303, Level = LogLevel.Error, Message = "Zone snapshot {File} ({Zone} version {Version}) could not be compiled; not served")]
    public static partial void CompileFailed(ILogger logger, Exception exception, string file, string zone, long version);

    [LoggerMessage(EventId = 304, Level = LogLevel.Debug, Message = "Zone {Zone} written to disk at version {Version}")]
    public static partial void Written(ILogger logger, string zone, long version);
}
