using Microsoft.Extensions.Logging;

namespace SocketIO;

/// <summary>The server's log messages.</summary>
internal sealed partial class ServerLog(ILogger logger)
{
    public void HandlerFailed(string nsp, string what, Exception ex) => LogHandlerFailed(logger, nsp, what, ex);
    public void DecodeError(string sid, string error) => LogDecodeError(logger, sid, error);
    public void InvalidState(string sid, string type, string nsp) => LogInvalidState(logger, sid, type, nsp);
    public void ConnectTimeout(string sid) => LogConnectTimeout(logger, sid);
    public void ParserFailed(string sid, string parser, Exception ex) => LogParserFailed(logger, sid, parser, ex);
    public void AdapterOperationFailed(string nsp, string what, Exception ex) => LogAdapterOperationFailed(logger, nsp, what, ex.GetType().Name, ex.Message);
    public void AdapterInitFailed(string nsp, Exception ex) => LogAdapterInitFailed(logger, nsp, ex);

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

    [LoggerMessage(120, LogLevel.Warning, "Namespace {Nsp}: the adapter's {What} failed: {ErrorType}: {ErrorMessage}")]
    private static partial void LogAdapterOperationFailed(ILogger logger, string nsp, string what, string errorType, string errorMessage);

    [LoggerMessage(121, LogLevel.Error, "Namespace {Nsp}: the adapter failed to start")]
    private static partial void LogAdapterInitFailed(ILogger logger, string nsp, Exception ex);
}
