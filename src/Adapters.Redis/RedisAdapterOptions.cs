using StackExchange.Redis;

namespace SocketIO.Adapters.Redis;

/// <summary>Which protocol of Node's Redis adapters the adapter speaks.</summary>
public enum RedisAdapterMode
{
    /// <summary><c>createAdapter</c>: Pub/Sub with request and response channels, server count by <c>PUBSUB NUMSUB</c>.</summary>
    Classic,

    /// <summary><c>createShardedAdapter</c>: Redis 7 sharded Pub/Sub (SPUBLISH/SSUBSCRIBE), server count by <c>PUBSUB SHARDNUMSUB</c>.</summary>
    Sharded,

    /// <summary>
    /// <c>@socket.io/redis-streams-adapter</c> 0.3: broadcasts and room operations in a Redis stream (read with
    /// <c>XREAD BLOCK</c> on a connection of its own), requests over Pub/Sub; restores sessions across nodes.
    /// </summary>
    Streams,
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

    /// <summary>The protocol: classic (the default), sharded or streams.</summary>
    public RedisAdapterMode Mode { get; set; } = RedisAdapterMode.Classic;

    /// <summary>Classic mode: the prefix of every channel (Node's <c>key</c>).</summary>
    public string Key { get; set; } = "socket.io";

    /// <summary>Sharded and streams modes: the prefix of every channel (Node's <c>channelPrefix</c>).</summary>
    public string ChannelPrefix { get; set; } = "socket.io";

    /// <summary>Sharded mode: which channels to subscribe to.</summary>
    public RedisSubscriptionMode SubscriptionMode { get; set; } = RedisSubscriptionMode.Dynamic;

    /// <summary>How long fetchSockets, allRooms and serverSideEmit with acks wait for the other nodes.</summary>
    public TimeSpan RequestsTimeout { get; set; } = TimeSpan.FromMilliseconds(5000);

    /// <summary>Classic mode: publish each response on the requester's own channel instead of the shared one.</summary>
    public bool PublishOnSpecificResponseChannel { get; set; }

    /// <summary>Largest message accepted from Redis; a larger one is dropped with a logged reason.</summary>
    public int MaxMessageSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>Streams mode: the stream's name, or the prefix of the streams' names when <see cref="StreamCount"/> is over 1.</summary>
    public string StreamName { get; set; } = "socket.io";

    /// <summary>Streams mode: how many streams the namespaces are spread over (each namespace uses one, by a hash of its name).</summary>
    public int StreamCount { get; set; } = 1;

    /// <summary>Streams mode: the stream's approximate maximum length (<c>XADD … MAXLEN ~</c>).</summary>
    public int MaxLen { get; set; } = 10_000;

    /// <summary>Streams mode: the most entries one <c>XREAD</c> returns.</summary>
    public int ReadCount { get; set; } = 100;

    /// <summary>Streams mode: how long one <c>XREAD BLOCK</c> waits for new entries (Node's <c>blockTimeInMs</c>).</summary>
    public TimeSpan BlockTime { get; set; } = TimeSpan.FromMilliseconds(5000);

    /// <summary>Streams mode: the prefix of the keys that hold disconnected sessions (connection state recovery).</summary>
    public string SessionKeyPrefix { get; set; } = "sio:session:";

    /// <summary>Streams mode: write every stream entry as JSON, without looking for binary values (Node's <c>onlyPlaintext</c>).</summary>
    public bool OnlyPlaintext { get; set; }

    /// <summary>Streams mode: send requests and responses over sharded Pub/Sub (Redis 7) instead of Pub/Sub.</summary>
    public bool UseShardedPubSub { get; set; }

    /// <summary>Returns the first invalid setting as a message, or null when all are valid.</summary>
    public string? Validate()
    {
        if (string.IsNullOrEmpty(Key)) return $"{nameof(Key)} must not be empty.";
        if (string.IsNullOrEmpty(ChannelPrefix)) return $"{nameof(ChannelPrefix)} must not be empty.";
        if (RequestsTimeout <= TimeSpan.Zero) return $"{nameof(RequestsTimeout)} must be positive.";
        if (MaxMessageSize <= 0) return $"{nameof(MaxMessageSize)} must be positive.";
        if (string.IsNullOrEmpty(StreamName)) return $"{nameof(StreamName)} must not be empty.";
        if (StreamCount < 1) return $"{nameof(StreamCount)} must be at least 1.";
        if (MaxLen < 1) return $"{nameof(MaxLen)} must be at least 1.";
        if (ReadCount < 1) return $"{nameof(ReadCount)} must be at least 1.";
        if (BlockTime < TimeSpan.FromMilliseconds(1) || BlockTime > TimeSpan.FromHours(1)) return $"{nameof(BlockTime)} must be between 1 ms and 1 hour.";
        if (SessionKeyPrefix is null) return $"{nameof(SessionKeyPrefix)} must not be null.";
        return null;
    }
}
