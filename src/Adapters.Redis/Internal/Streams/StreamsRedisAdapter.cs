using Microsoft.Extensions.Logging;
using SocketIO.Adapters.Cluster;
using StackExchange.Redis;

namespace SocketIO.Adapters.Redis.Internal.Streams;

/// <summary>
/// Node's <c>@socket.io/redis-streams-adapter</c> 0.3 protocol (socketio/socket.io-redis-streams-adapter, lib/adapter.ts):
/// the ClusterAdapter messages without heartbeats; broadcasts without acks and room operations go to a Redis stream
/// (<c>XADD … MAXLEN ~</c>), which every node reads (<see cref="StreamReader"/>); broadcasts with acks, server-side emits
/// and fetches go to the channel <c>prefix#nsp#</c> and responses to <c>prefix#nsp#uid#</c> as msgpack; the server count
/// is <c>PUBSUB NUMSUB prefix#nsp#</c>. The stream ids are the connection state recovery offsets, and disconnected
/// sessions are kept in Redis, so a client can come back on any node.
/// </summary>
internal sealed partial class StreamsRedisAdapter : ClusterAdapter
{
    private readonly RedisConnection _connection;
    private readonly StreamReaders _readers;
    private readonly RedisAdapterOptions _options;
    private readonly ILogger _logger;
    private readonly string _stream;
    private readonly string _channel;
    private readonly string _responseChannel;
    private readonly List<RedisSubscription> _subscriptions = [];
    private IConnectionMultiplexer? _multiplexer;
    private StreamReader? _reader;

    public StreamsRedisAdapter(IAdapterHost host, RedisConnection connection, StreamReaders readers, RedisAdapterOptions options, ILogger logger)
        : base(host, new ClusterAdapterOptions { UseHeartbeat = false, RequestsTimeout = options.RequestsTimeout }, null, logger)
    {
        _connection = connection;
        _readers = readers;
        _options = options;
        _logger = logger;
        _stream = StreamOf(host.Name, options);
        _channel = $"{options.ChannelPrefix}#{host.Name}#";
        _responseChannel = $"{_channel}{Uid}#";
    }

    /// <summary>
    /// The stream of a namespace (lib/adapter.ts <c>computeStreamName</c>): the one stream, or <c>name-i</c> with <c>i</c> the
    /// Java-style 32-bit hash of the namespace name modulo the count, negative when the hash is (JavaScript's <c>%</c>).
    /// </summary>
    internal static string StreamOf(string nsp, RedisAdapterOptions options)
    {
        if (options.StreamCount == 1)
            return options.StreamName;
        var hash = 0;
        foreach (var c in nsp)
            hash = unchecked((hash * 31) + c);
        return $"{options.StreamName}-{hash % options.StreamCount}";
    }

    /// <summary>Subscribes to the namespace's two channels (from then on NUMSUB counts this node), then reads the stream.</summary>
    public override async Task InitAsync(CancellationToken cancellationToken = default)
    {
        _multiplexer = await _connection.GetAsync().ConfigureAwait(false);
        var subscriber = _multiplexer.GetSubscriber();
        try
        {
            foreach (var channel in new[] { _channel, _responseChannel })
                _subscriptions.Add(await RedisSubscription.StartAsync(subscriber, Channel(channel), OnChannelMessage).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is not AdapterException)
        {
            throw new AdapterException($"Subscribing to Redis for namespace {Host.Name} failed: {ex.Message}", ex);
        }
        _reader = await _readers.AttachAsync(_stream, this).ConfigureAwait(false);
        await base.InitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task<int> CountServersAsync()
    {
        var values = (RedisResult[])(await Database.ExecuteAsync("PUBSUB", _options.UseShardedPubSub ? "SHARDNUMSUB" : "NUMSUB", _channel).ConfigureAwait(false))!;
        return values.Length >= 2 ? (int)values[1] : 0;
    }

    protected override async Task<string?> PublishAsync(ClusterMessage message)
    {
        if (IsEphemeral(message))
        {
            await Database.PublishAsync(Channel(_channel), ClusterMessageCodec.EncodeMsgpack(message)).ConfigureAwait(false);
            return "";
        }
        var id = await Database.StreamAddAsync(_stream, StreamEntryCodec.Encode(message, _options.OnlyPlaintext),
            maxLength: _options.MaxLen, useApproximateMaxLength: true).ConfigureAwait(false);
        return id.ToString();
    }

    protected override Task PublishResponseAsync(string requesterUid, ClusterMessage response) =>
        Database.PublishAsync(Channel($"{_channel}{requesterUid}#"), ClusterMessageCodec.EncodeMsgpack(response));

    // lib/adapter.ts isEphemeral: what needs no replay travels over Pub/Sub.
    private static bool IsEphemeral(ClusterMessage message) =>
        message.Type is ClusterMessageType.ServerSideEmit or ClusterMessageType.FetchSockets
        || (message.Type == ClusterMessageType.Broadcast && message.RequestId is not null);

    private RedisChannel Channel(string name) => _options.UseShardedPubSub ? RedisChannel.Sharded(name) : RedisChannel.Literal(name);

    // Requests and responses, msgpack of the whole message; Node hands both channels' messages to onMessage, which
    // passes responses on.
    private void OnChannelMessage(RedisChannel redisChannel, RedisValue value)
    {
        try
        {
            var body = (ReadOnlyMemory<byte>)value;
            if (body.Length > _options.MaxMessageSize)
                throw new ClusterMessageFormatException($"{body.Length} bytes is over MaxMessageSize ({_options.MaxMessageSize})");
            OnMessage(ClusterMessageCodec.Decode(body));
        }
        catch (ClusterMessageFormatException ex)
        {
            RedisLog.Dropped(_logger, Host.Name, redisChannel.ToString(), ex.Message);
        }
    }

    private IDatabase Database => _multiplexer?.GetDatabase() ?? throw new AdapterException($"The Redis adapter of namespace {Host.Name} has not started.");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        await RedisSubscription.StopAllAsync(_subscriptions, ex => RedisLog.SubscriptionFailed(_logger, Host.Name, _channel, ex.Message)).ConfigureAwait(false);
        if (Interlocked.Exchange(ref _reader, null) is { } reader)
            await _readers.DetachAsync(reader, this).ConfigureAwait(false);
    }
}
