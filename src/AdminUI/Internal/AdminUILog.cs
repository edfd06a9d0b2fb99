using Microsoft.Extensions.Logging;

namespace SocketIO.AdminUI.Internal;

/// <summary>The instrumentation's log lines (category <c>SocketIO.AdminUI</c>).</summary>
internal static partial class AdminUILog
{
    [LoggerMessage(1, LogLevel.Information, "Admin UI: namespace {Namespace}, server id {ServerId}, {Mode} mode, read-only: {ReadOnly}")]
    public static partial void Started(ILogger logger, string @namespace, string serverId, AdminUIMode mode, bool readOnly);

    [LoggerMessage(2, LogLevel.Warning, "Admin UI: authentication is disabled: anyone who reaches namespace {Namespace} can watch this server (and drive it unless ReadOnly)")]
    public static partial void AuthenticationDisabled(ILogger logger, string @namespace);

    [LoggerMessage(3, LogLevel.Information, "Admin UI: {Username} logged in from {Address}")]
    public static partial void LoggedIn(ILogger logger, string username, string address);

    [LoggerMessage(4, LogLevel.Warning, "Admin UI: refused a connection to {Namespace} from {Address}: invalid credentials")]
    public static partial void InvalidCredentials(ILogger logger, string @namespace, string address);

    [LoggerMessage(5, LogLevel.Warning, "Admin UI: ignored the {Command} command from admin socket {SocketId}: {Reason}")]
    public static partial void CommandIgnored(ILogger logger, string command, string socketId, string reason);

    [LoggerMessage(6, LogLevel.Error, "Admin UI: the {Command} command from admin socket {SocketId} failed")]
    public static partial void CommandFailed(ILogger logger, string command, string socketId, Exception ex);

    [LoggerMessage(7, LogLevel.Warning, "Admin UI: could not fetch the sockets of namespace {Namespace}; all_sockets goes without them")]
    public static partial void FetchFailed(ILogger logger, string @namespace, Exception ex);

    [LoggerMessage(8, LogLevel.Error, "Admin UI: the stats tick failed")]
    public static partial void TickFailed(ILogger logger, Exception ex);

    [LoggerMessage(9, LogLevel.Debug, "Admin UI: the data of socket {SocketId} cannot be serialized; the UI shows it empty")]
    public static partial void DataNotSerializable(ILogger logger, string socketId, Exception ex);

    [LoggerMessage(10, LogLevel.Error, "Admin UI: a listener on namespace {Namespace} failed")]
    public static partial void ListenerFailed(ILogger logger, string @namespace, Exception ex);
}
