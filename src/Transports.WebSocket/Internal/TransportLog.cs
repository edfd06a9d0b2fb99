using Microsoft.Extensions.Logging;

namespace SocketIO.Transports.WebSocket.Internal;

/// <summary>The transport's log messages.</summary>
internal static partial class TransportLog
{
    [LoggerMessage(200, LogLevel.Debug, "Engine request {Method} {Path} refused: {Code} {Message}")]
    public static partial void RequestRefused(ILogger logger, string method, string path, int code, string message);

    [LoggerMessage(201, LogLevel.Information, "Client {Sid} sent a {Kind} body over maxHttpBufferSize ({Limit} bytes); closing its session")]
    public static partial void PayloadTooLarge(ILogger logger, string sid, string kind, int limit);

    [LoggerMessage(202, LogLevel.Information, "Client {Sid} sent a second concurrent {Method}; closing its session")]
    public static partial void RequestOverlap(ILogger logger, string sid, string method);

    [LoggerMessage(203, LogLevel.Information, "Client {Sid} posted binary content, which EIO4 does not allow; closing its session")]
    public static partial void InvalidContent(ILogger logger, string sid);

    [LoggerMessage(204, LogLevel.Debug, "Client {Sid} transport {Transport} failed")]
    public static partial void TransportFailed(ILogger logger, string sid, string transport, Exception ex);

    [LoggerMessage(205, LogLevel.Debug, "Client {Sid} WebSocket refused: {Why}")]
    public static partial void WebSocketRefused(ILogger logger, string sid, string why);

    [LoggerMessage(206, LogLevel.Error, "Client {Sid}: the message handler threw")]
    public static partial void HandlerFailed(ILogger logger, string sid, Exception ex);

    [LoggerMessage(208, LogLevel.Information, "Client {Sid} broke the WebSocket protocol ({Why}); closing the connection")]
    public static partial void WebSocketProtocolError(ILogger logger, string sid, string why);

    [LoggerMessage(209, LogLevel.Information, "{Kind} server listening on {Endpoints} (transports: {Transports})")]
    public static partial void Listening(ILogger logger, string kind, string endpoints, string transports);

    [LoggerMessage(210, LogLevel.Debug, "Client {Sid}: the WebSocket takes its connection over from the HTTP server")]
    public static partial void ConnectionHandedOver(ILogger logger, string sid);

    [LoggerMessage(211, LogLevel.Debug, "WebSocket request {Path} stays on the HTTP server's upgraded stream: {Why}")]
    public static partial void HandoffDeclined(ILogger logger, string path, string why);

    [LoggerMessage(212, LogLevel.Debug, "Connection {ConnectionId}: the handed-over WebSocket failed")]
    public static partial void HandedOverSessionFailed(ILogger logger, string connectionId, Exception ex);

    [LoggerMessage(207, LogLevel.Debug, "Engine request {Method} {Path} ended early: the client went away")]
    public static partial void RequestAborted(ILogger logger, string method, string path, Exception ex);
}
