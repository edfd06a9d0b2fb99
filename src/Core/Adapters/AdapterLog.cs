using Microsoft.Extensions.Logging;

namespace SocketIO.Adapters;

/// <summary>
/// Log messages for adapter plug-ins (event ids 300-309), so that every broker adapter reports its
/// connection the same way: connected and disconnected at Information, a lost connection at Warning.
/// </summary>
public static partial class AdapterLog
{
    /// <summary>The adapter reached its broker (also after a reconnect).</summary>
    [LoggerMessage(300, LogLevel.Information, "Adapter {Adapter} connected to {Endpoint}")]
    public static partial void Connected(ILogger logger, string adapter, string endpoint);

    /// <summary>The adapter closed its broker connection on purpose (shutdown, namespace removed).</summary>
    [LoggerMessage(301, LogLevel.Information, "Adapter {Adapter} disconnected from {Endpoint}")]
    public static partial void Disconnected(ILogger logger, string adapter, string endpoint);

    /// <summary>The broker connection failed; local delivery goes on while the adapter reconnects.</summary>
    [LoggerMessage(302, LogLevel.Warning, "Adapter {Adapter} lost its connection to {Endpoint}; local delivery goes on while it reconnects")]
    public static partial void ConnectionLost(ILogger logger, string adapter, string endpoint, Exception? error);
}
