using Microsoft.Extensions.Logging;

namespace SocketIO;

/// <summary>The server's log messages (event ids 100-121).</summary>
internal sealed partial class ServerLog(ILogger logger)
{
    public void HandlerFailed(string nsp, string what, Exception ex) => LogHandlerFailed(logger, nsp, what, ex);
    public void DecodeError(string sid, string error) => LogDecodeError(logger, sid, error);
    public void InvalidState(string sid, string type, string nsp) => LogInvalidState(logger, sid, type, nsp);
    public void ConnectTimeout(string sid) => LogConnectTimeout(logger, sid);
    public void ParserFailed(string sid, string parser, Exception ex) => LogParserFailed(logger, sid, parser, ex);
    public void AdapterOperationFailed(string nsp, string what, Exception ex) => LogAdapterOperationFailed(logger, nsp, what, 0, ex.GetType().Name, ex.Message);
    public void AdapterOperationFailed(string nsp, string what, int alsoFailed, Exception ex) => LogAdapterOperationFailed(logger, nsp, what, alsoFailed, ex.GetType().Name, ex.Message);
    public void AdapterInitFailed(string nsp, Exception ex) => LogAdapterInitFailed(logger, nsp, ex);
    public void MiddlewareFailed(string nsp, string socketId, string sid, Exception ex) => LogMiddlewareFailed(logger, nsp, socketId, sid, ex);
    public void ClientConnected(string sid, string transport, string address) => LogClientConnected(logger, sid, transport, address);
    public void SocketConnected(string nsp, string socketId, string sid) => LogSocketConnected(logger, nsp, socketId, sid);
    public void ConnectRefused(string nsp, string sid, string reason) => LogConnectRefused(logger, nsp, sid, reason);
    public void SocketDisconnected(string nsp, string socketId, string reason) => LogSocketDisconnected(logger, nsp, socketId, reason);
    public void InvalidArgument(string nsp, string socketId, string eventName, string problem) => LogInvalidArgument(logger, nsp, socketId, eventName, problem);
    public void NamespaceLooksLikeRegex(string name) => LogNamespaceLooksLikeRegex(logger, name);
    public void SocketRecovered(string nsp, string socketId, string sid) => LogSocketRecovered(logger, nsp, socketId, sid);
    public void RecoveryRefused(string nsp, string sid) => LogRecoveryRefused(logger, nsp, sid);
    public void RecoveryFailed(string nsp, string sid, Exception ex) => LogRecoveryFailed(logger, nsp, sid, ex.GetType().Name, ex.Message);
    public void BadClientData(string nsp, string socketId, string eventName, string errorType, string message) => LogBadClientData(logger, nsp, socketId, eventName, errorType, message);
    public void FaultLinesSuppressed(string sid, int lines) => LogFaultLinesSuppressed(logger, sid, lines);
    public void TooManyInvalidEvents(string sid, int count, int limit) => LogTooManyInvalidEvents(logger, sid, count, limit);

    [LoggerMessage(100, LogLevel.Error, "Namespace {Nsp}: {What} threw")]
    private static partial void LogHandlerFailed(ILogger logger, string nsp, string what, Exception ex);

    [LoggerMessage(101, LogLevel.Information, "Client {Sid} sent an undecodable packet ({Error}); closing its connection")]
    private static partial void LogDecodeError(ILogger logger, string sid, string error);

    [LoggerMessage(102, LogLevel.Information, "Client {Sid} sent {Type} for namespace {Nsp} in an invalid state; closing its connection")]
    private static partial void LogInvalidState(ILogger logger, string sid, string type, string nsp);

    [LoggerMessage(103, LogLevel.Debug, "Client {Sid} joined no namespace within connectTimeout; closing")]
    private static partial void LogConnectTimeout(ILogger logger, string sid);

    [LoggerMessage(104, LogLevel.Warning, "Client {Sid}: parser {Parser} threw while decoding; closing its connection")]
    private static partial void LogParserFailed(ILogger logger, string sid, string parser, Exception ex);

    [LoggerMessage(120, LogLevel.Warning, "Namespace {Nsp}: the adapter's {What} failed ({AlsoFailed} more cluster operations failed since the last such line): {ErrorType}: {ErrorMessage}")]
    private static partial void LogAdapterOperationFailed(ILogger logger, string nsp, string what, int alsoFailed, string errorType, string errorMessage);

    [LoggerMessage(121, LogLevel.Error, "Namespace {Nsp}: the adapter failed to start")]
    private static partial void LogAdapterInitFailed(ILogger logger, string nsp, Exception ex);
    [LoggerMessage(105, LogLevel.Error, "Namespace {Nsp}: connection middleware threw for socket {SocketId} (client {Sid}); the client was refused with a generic error")]
    private static partial void LogMiddlewareFailed(ILogger logger, string nsp, string socketId, string sid, Exception ex);

    [LoggerMessage(106, LogLevel.Debug, "Client {Sid} connected over {Transport} from {Address}")]
    private static partial void LogClientConnected(ILogger logger, string sid, string transport, string address);

    [LoggerMessage(107, LogLevel.Debug, "Namespace {Nsp}: socket {SocketId} connected (client {Sid})")]
    private static partial void LogSocketConnected(ILogger logger, string nsp, string socketId, string sid);

    [LoggerMessage(108, LogLevel.Debug, "Namespace {Nsp}: connection from client {Sid} refused: {Reason}")]
    private static partial void LogConnectRefused(ILogger logger, string nsp, string sid, string reason);

    [LoggerMessage(109, LogLevel.Debug, "Namespace {Nsp}: socket {SocketId} disconnected: {Reason}")]
    private static partial void LogSocketDisconnected(ILogger logger, string nsp, string socketId, string reason);

    [LoggerMessage(110, LogLevel.Warning, "Namespace {Nsp}: event {Event} from socket {SocketId} was not handled: {Problem}")]
    private static partial void LogInvalidArgument(ILogger logger, string nsp, string socketId, string @event, string problem);

    [LoggerMessage(115, LogLevel.Debug, "Namespace {Nsp}: socket {SocketId} recovered its session (client {Sid})")]
    private static partial void LogSocketRecovered(ILogger logger, string nsp, string socketId, string sid);

    [LoggerMessage(116, LogLevel.Debug, "Namespace {Nsp}: client {Sid} asked for a session that is unknown, expired, already restored, or whose missed events are gone; it gets a new socket")]
    private static partial void LogRecoveryRefused(ILogger logger, string nsp, string sid);

    [LoggerMessage(117, LogLevel.Warning, "Namespace {Nsp}: restoring a session for client {Sid} failed ({ErrorType}: {ErrorMessage}); it gets a new socket")]
    private static partial void LogRecoveryFailed(ILogger logger, string nsp, string sid, string errorType, string errorMessage);
    [LoggerMessage(112, LogLevel.Warning, "Namespace {Nsp}: the handler for event {Event} from socket {SocketId} failed on the client's data: {ErrorType}: {ErrorMessage}")]
    private static partial void LogBadClientData(ILogger logger, string nsp, string socketId, string @event, string errorType, string errorMessage);

    [LoggerMessage(113, LogLevel.Warning, "Client {Sid} made the server log {Lines} failures within a minute; its further ones are not logged until that minute is over")]
    private static partial void LogFaultLinesSuppressed(ILogger logger, string sid, int lines);

    [LoggerMessage(114, LogLevel.Warning, "Client {Sid} sent {Count} invalid events within a minute (MaxInvalidEventsPerMinute is {Limit}); closing its connection")]
    private static partial void LogTooManyInvalidEvents(ILogger logger, string sid, int count, int limit);

    [LoggerMessage(111, LogLevel.Warning, "Of(\"{Name}\") creates a static namespace with exactly that name, but it looks like a regular expression; pass a Regex, e.g. Of(new Regex(...)), to match names")]
    private static partial void LogNamespaceLooksLikeRegex(ILogger logger, string name);
}
