using System.Text;
using RabbitMQ.Client;

namespace SocketIO.Adapters.RabbitMq;

/// <summary>
/// Settings of the RabbitMQ adapter. The defaults are those of the format (docs/rabbitmq.md), so that nodes
/// written in other languages with their defaults join the same cluster.
/// </summary>
/// <remarks>
/// The broker is reached through, in this order: <see cref="Connection"/>, <see cref="ConnectionFactory"/>,
/// <see cref="ConnectionUri"/>, then an <see cref="IConnection"/> or a <see cref="RabbitMQ.Client.ConnectionFactory"/>
/// registered in DI. One of them must be there.
/// </remarks>
public sealed class RabbitMqAdapterOptions
{
    /// <summary>The broker address, e.g. <c>amqp://user:password@host:5672/vhost</c>; the adapter opens and owns this connection.</summary>
    public Uri? ConnectionUri { get; set; }

    /// <summary>
    /// A factory the application configured (TLS, credentials, endpoints); the adapter opens and owns one connection
    /// from it. It must keep <see cref="RabbitMQ.Client.ConnectionFactory.AutomaticRecoveryEnabled"/> on.
    /// </summary>
    public ConnectionFactory? ConnectionFactory { get; set; }

    /// <summary>
    /// A connection the application already has. The adapter opens its own channels on it and never closes it.
    /// It must have automatic recovery on (the RabbitMQ.Client default), or the adapter stays local after an outage.
    /// </summary>
    public IConnection? Connection { get; set; }

    /// <summary>The exchange every node publishes to (a durable direct exchange).</summary>
    public string Exchange { get; set; } = "socket.io";

    /// <summary>The first part of every routing key: <c>&lt;prefix&gt;#&lt;namespace&gt;#</c>.</summary>
    public string ChannelPrefix { get; set; } = "socket.io";

    /// <summary>How long a node may stay quiet before it publishes a heartbeat.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromMilliseconds(5000);

    /// <summary>How long a node may stay silent before the others count it as gone.</summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromMilliseconds(10000);

    /// <summary>How long fetchSockets and a server-side emit with ack wait for the other nodes.</summary>
    public TimeSpan RequestsTimeout { get; set; } = TimeSpan.FromMilliseconds(5000);

    /// <summary>
    /// The most messages this node's queue holds (<c>x-max-length</c>); the oldest are dropped past it. Null for no limit.
    /// </summary>
    public int? MaxQueueLength { get; set; }

    /// <summary>The largest message published or accepted, in bytes; a larger one is refused with a logged reason.</summary>
    public int MaxMessageSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>The longest routing key AMQP 0-9-1 can carry (a short string), in bytes.</summary>
    public const int MaxRoutingKeyBytes = 255;

    /// <summary>Returns the first invalid setting as a message, or null when all are valid.</summary>
    public string? Validate()
    {
        if (string.IsNullOrEmpty(Exchange))
            return $"{nameof(Exchange)} must not be empty (the default exchange cannot be bound to).";
        if (Encoding.UTF8.GetByteCount(Exchange) > MaxRoutingKeyBytes)
            return $"{nameof(Exchange)} must be at most {MaxRoutingKeyBytes} bytes long.";
        if (string.IsNullOrEmpty(ChannelPrefix))
            return $"{nameof(ChannelPrefix)} must not be empty.";
        if (HeartbeatInterval <= TimeSpan.Zero)
            return $"{nameof(HeartbeatInterval)} must be positive (got {HeartbeatInterval}).";
        if (HeartbeatTimeout <= HeartbeatInterval)
            return $"{nameof(HeartbeatTimeout)} ({HeartbeatTimeout}) must be longer than {nameof(HeartbeatInterval)} ({HeartbeatInterval}), or live nodes would be dropped between two heartbeats.";
        if (RequestsTimeout <= TimeSpan.Zero)
            return $"{nameof(RequestsTimeout)} must be positive (got {RequestsTimeout}).";
        if (MaxQueueLength is <= 0)
            return $"{nameof(MaxQueueLength)} must be positive or null (got {MaxQueueLength}).";
        if (MaxMessageSize <= 0)
            return $"{nameof(MaxMessageSize)} must be positive (got {MaxMessageSize}).";
        if (ConnectionUri is { } uri && uri.Scheme is not ("amqp" or "amqps"))
            return $"{nameof(ConnectionUri)} must be an amqp:// or amqps:// address (got {uri.Scheme}://).";
        if (ConnectionFactory is { AutomaticRecoveryEnabled: false })
            return $"{nameof(ConnectionFactory)}.AutomaticRecoveryEnabled is false: the adapter relies on it to reconnect after an outage.";
        return null;
    }
}
