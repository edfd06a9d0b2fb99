using Microsoft.Extensions.Logging;

namespace SocketIO.Engine;

public sealed partial class EngineSession
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Engine session {Sid} closed: {Reason}")]
        public static partial void Closed(ILogger logger, string sid, string reason);

        [LoggerMessage(2, LogLevel.Warning, "Engine session {Sid} outbound queue is full ({Count} packets, {Bytes} bytes); closing it")]
        public static partial void QueueFull(ILogger logger, string sid, int count, long bytes);

        [LoggerMessage(3, LogLevel.Information, "Engine session {Sid} protocol error: {Error}")]
        public static partial void ProtocolError(ILogger logger, string sid, string error);

        [LoggerMessage(4, LogLevel.Debug, "Engine session {Sid} upgrade aborted: {Why}")]
        public static partial void UpgradeAborted(ILogger logger, string sid, string why);

        [LoggerMessage(5, LogLevel.Error, "Engine session {Sid}: a Closed or Upgraded handler threw")]
        public static partial void HandlerFailed(ILogger logger, string sid, Exception ex);
    }
}
