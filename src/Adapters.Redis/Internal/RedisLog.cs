using Microsoft.Extensions.Logging;

namespace SocketIO.Adapters.Redis.Internal;

internal static partial class RedisLog
{
    [LoggerMessage(330, LogLevel.Warning, "Redis adapter, namespace {Nsp}: dropped a message from channel {Channel}: {Reason}")]
    public static partial void Dropped(ILogger logger, string nsp, string channel, string reason);

    [LoggerMessage(331, LogLevel.Warning, "Redis adapter, namespace {Nsp}: changing the subscription to {Channel} failed: {Error}")]
    public static partial void SubscriptionFailed(ILogger logger, string nsp, string channel, string error);
}
