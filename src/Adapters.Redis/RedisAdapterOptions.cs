using StackExchange.Redis;

namespace SocketIO.Adapters.Redis;

/// <summary>Which protocol of Node's <c>@socket.io/redis-adapter</c> the adapter speaks.</summary>
public enum RedisAdapterMode
{
    /// <summary><c>createAdapter</c>: Pub/Sub with request and response channels, server count by <c>PUBSUB NUMSUB</c>.</summary>
    Classic,

    /// <summary><c>createShardedAdapter</c>: Redis 7 sharded Pub/Sub (SPUBLISH/SSUBSCRIBE), server count by <c>PUBSUB SHARDNUMSUB</c>.</summary>
    Sharded,
}

/// <summary>Which channels the sharded adapter subscribes to, as <c>createShardedAdapter</c>'s <c>subscriptionMode</c>.</summary>
public enum RedisSubscriptionMode
{
    /// <summary>Two channels per namespace.</summary>
    Static,

    /// <summary>Also one channel per public room, so that a node receives only the rooms it has (the default).</summary>
    Dynamic,

    /// <summary>Also one channel per room, socket rooms included.</summary>
    DynamicPrivate,
}

/// <summary>Settings of the Redis adapter; names and defaults are those of Node's adapter, in .NET casing.</summary>
public sealed class RedisAdapterOptions
{
    /// <summary>
    /// A StackExchange.Redis configuration string (<c>127.0.0.1:6379</c>) or a <c>redis://host:port</c> URL.
    /// Not needed when an <see cref="IConnectionMultiplexer"/> is registered in DI or set in <see cref="Connection"/>.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>A connection the application already has; the adapter then neither creates nor disposes one.</summary>
    public IConnectionMultiplexer? Connection { get; set; }

    /// <summary>The protocol: classic (the default) or sharded.</summary>
    public RedisAdapterMode Mode { get; set; } = RedisAdapterMode.Classic;

    /// <summary>Classic mode: the prefix of every channel (Node's <c>key</c>).</summary>
    public string Key { get; set; } = "socket.io";

    /// <summary>Sharded mode: the prefix of every channel (Node's <c>channelPrefix</c>).</summary>
    public string ChannelPrefix { get; set; } = "socket.io";

    /// <summary>Sharded mode: which channels to subscribe to.</summary>
    public RedisSubscriptionMode SubscriptionMode { get; set; } = RedisSubscriptionMode.Dynamic;

    /// <summary>How long fetchSockets, allRooms and serverSideEmit with acks wait for the other nodes.</summary>
    public TimeSpan RequestsTimeout { get; set; } = TimeSpan.FromMilliseconds(5000);

    /// <summary>Classic mode: publish each response on the requester's own channel instead of the shared one.</summary>
    public bool PublishOnSpecificResponseChannel { get; set; }

    /// <summary>Largest message accepted from Redis; a larger one is dropped with a logged reason.</summary>
    public int MaxMessageSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>Returns the first invalid setting as a message, or null when all are valid.</summary>
    public string? Validate()
    {
        if (string.IsNullOrEmpty(Key)) return $"{nameof(Key)} must not be empty.";
        if (string.IsNullOrEmpty(ChannelPrefix)) return $"{nameof(ChannelPrefix)} must not be empty.";
        if (RequestsTimeout <= TimeSpan.Zero) return $"{nameof(RequestsTimeout)} must be positive.";
        if (MaxMessageSize <= 0) return $"{nameof(MaxMessageSize)} must be positive.";
        return null;
    }
}
