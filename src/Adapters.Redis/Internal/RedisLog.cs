using Microsoft.Extensions.Logging;

namespace SocketIO.Adapters.Redis.Internal;

internal static partial class RedisLog
{
    [LoggerMessage(330, LogLevel.Warning, "Redis adapter, namespace {Nsp}: dropped a message from channel {Channel}: {Reason}")]
    public static partial void Dropped(ILogger logger, string nsp, string channel, string reason);

    [LoggerMessage(331, LogLevel.Warning, "Redis adapter, namespace {Nsp}: changing the subscription to {Channel} failed: {Error}")]
    public static partial void SubscriptionFailed(ILogger logger, string nsp, string channel, string error);

    [LoggerMessage(332, LogLevel.Warning, "Redis adapter, namespace {Nsp}: dropped entry {Id} of stream {Stream}: {Reason}")]
    public static partial void DroppedEntry(ILogger logger, string nsp, string id, string stream, string reason);

    [LoggerMessage(333, LogLevel.Debug, "Redis adapter: skipped entry {Id} of stream {Stream}: this server does not serve namespace {Nsp}")]
    public static partial void OtherNamespace(ILogger logger, string id, string stream, string nsp);

    [LoggerMessage(334, LogLevel.Warning, "Redis adapter: reading stream {Stream} failed: {Error}; retrying")]
    public static partial void ReadFailed(ILogger logger, string stream, string error);

    [LoggerMessage(335, LogLevel.Debug, "Redis adapter, namespace {Nsp}: a session was not restored: {Reason}")]
    public static partial void RestoreRefused(ILogger logger, string nsp, string reason);

    [LoggerMessage(336, LogLevel.Warning, "Redis adapter, namespace {Nsp}: resuming a restored session failed: {Reason}; the client gets a new socket")]
    public static partial void ResumeFailed(ILogger logger, string nsp, string reason);
}
