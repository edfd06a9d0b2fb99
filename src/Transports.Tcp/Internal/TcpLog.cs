using System.Net;
using Microsoft.Extensions.Logging;

namespace SocketIO.Transports.Tcp.Internal;

internal static partial class TcpLog
{
    [LoggerMessage(1, LogLevel.Information, "Socket.IO TCP transport listening on {EndPoint}{Tls}")]
    public static partial void Listening(ILogger logger, IPEndPoint endPoint, string tls);

    [LoggerMessage(2, LogLevel.Information, "TCP connection from {Address} (session {Sid}) closed: {Reason}")]
    public static partial void Refused(ILogger logger, string address, string sid, string reason);

    [LoggerMessage(3, LogLevel.Information, "TLS handshake with {Address} failed: {Error}")]
    public static partial void TlsFailed(ILogger logger, string address, string error);

    [LoggerMessage(4, LogLevel.Debug, "TCP connection from {Address} (session {Sid}) failed")]
    public static partial void TransportFailed(ILogger logger, string address, string sid, Exception error);

    [LoggerMessage(5, LogLevel.Error, "A handler threw on a TCP connection from {Address} (session {Sid})")]
    public static partial void HandlerFailed(ILogger logger, string address, string sid, Exception error);

    [LoggerMessage(6, LogLevel.Warning, "Accepting a TCP connection on {EndPoint} failed; retrying")]
    public static partial void AcceptFailed(ILogger logger, IPEndPoint endPoint, Exception error);

    [LoggerMessage(7, LogLevel.Warning, "The TCP transport is added but EngineOptions.Transports does not list \"tcp\": it does not listen")]
    public static partial void Disabled(ILogger logger);
}
