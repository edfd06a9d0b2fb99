using Microsoft.Extensions.Logging;

namespace SocketIO.Adapters.RabbitMq.Internal;

/// <summary>The RabbitMQ adapter's own log lines (event ids 340-349); connection state goes through <see cref="AdapterLog"/>.</summary>
internal static partial class RabbitMqLog
{
    [LoggerMessage(340, LogLevel.Warning, "RabbitMQ adapter: dropped a message on {RoutingKey}: {Reason}")]
    public static partial void MessageDropped(ILogger logger, string routingKey, string reason);

    [LoggerMessage(341, LogLevel.Debug, "RabbitMQ adapter: dropped a message on {RoutingKey}, which no namespace of this node is bound to")]
    public static partial void NoRoute(ILogger logger, string routingKey);

    [LoggerMessage(342, LogLevel.Error, "Namespace {Nsp} stays local: its routing key {RoutingKey} is {Bytes} bytes long, and AMQP carries at most 255")]
    public static partial void KeyTooLong(ILogger logger, string nsp, string routingKey, int bytes);

    [LoggerMessage(343, LogLevel.Error, "RabbitMQ adapter: restoring the queue and bindings on {Endpoint} failed; trying again in {Delay}")]
    public static partial void RestoreFailed(ILogger logger, string endpoint, TimeSpan delay, Exception error);

    [LoggerMessage(344, LogLevel.Warning, "Namespace {Nsp}: unbinding its routing keys failed: {Error}")]
    public static partial void UnbindFailed(ILogger logger, string nsp, string error);

    [LoggerMessage(345, LogLevel.Warning, "Namespace {Nsp}: announcing this node again after the reconnection failed: {Error}")]
    public static partial void AnnounceFailed(ILogger logger, string nsp, string error);

    [LoggerMessage(346, LogLevel.Warning, "RabbitMQ adapter: closing the connection to {Endpoint} failed: {Error}")]
    public static partial void CloseFailed(ILogger logger, string endpoint, string error);

    [LoggerMessage(347, LogLevel.Error, "Namespace {Nsp} stays local: its routing key {RoutingKey} is already bound by namespace {Other} of this node")]
    public static partial void KeyConflict(ILogger logger, string nsp, string routingKey, string other);
}
