using System.Net;
using Microsoft.Extensions.Logging;

namespace Vantage.EdgeDns.Server;

internal static partial class ServerLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Edge DNS serving on {Endpoint} (UDP, {Workers} workers, batched: {Batched}) and TCP")]
    public static partial void Listening(ILogger logger, EndPoint endpoint, int workers, bool batched);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "UDP receive failed on worker {Worker}")]
    public static partial void UdpReceiveFailed(ILogger logger, Exception exception, int worker);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "UDP recvmmsg failed on worker {Worker}: errno {Errno}")]
    public static partial void UdpReceiveFailedErrno(ILogger logger, int errno, int worker);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Query processing failed")]
    public static partial void ProcessingFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 104, Level = LogLevel.Debug, Message = "TCP connection from {Remote} ended")]
    public static partial void TcpConnectionEnded(ILogger logger, Exception? exception, EndPoint? remote);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "TCP accept failed; backing off (further failures are counted in vantage.edge.tcp.accept_errors)")]
    public static partial void AcceptFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "SO_REUSEPORT is unavailable; using one UDP socket")]
    public static partial void NoReusePort(ILogger logger, Exception exception);
}
