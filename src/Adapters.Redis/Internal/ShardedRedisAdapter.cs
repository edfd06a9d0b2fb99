using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SocketIO.Adapters.Cluster;
using StackExchange.Redis;

namespace SocketIO.Adapters.Redis.Internal;

/// <summary>
/// Node's <c>createShardedAdapter</c> protocol (socketio/socket.io-redis-adapter, lib/sharded-adapter.ts):
/// the ClusterAdapter messages over Redis 7 sharded Pub/Sub on <c>prefix#nsp#</c>, responses on
/// <c>prefix#nsp#uid#</c>, one channel per room in the dynamic modes, JSON bodies (msgpack when they carry
/// binary), and the server count from <c>PUBSUB SHARDNUMSUB</c>.
/// </summary>
internal sealed class ShardedRedisAdapter : ClusterAdapter
{
    private readonly RedisConnection _connection;
    private readonly RedisAdapterOptions _options;
    private readonly ILogger _logger;
    private readonly string _channel;
    private readonly string _responseChannel;
    private readonly ConcurrentDictionary<string, Task<RedisSubscription?>> _subscriptions = new(StringComparer.Ordinal);
    private ISubscriber? _subscriber;

    public ShardedRedisAdapter(IAdapterHost host, RedisConnection connection, RedisAdapterOptions options, ILogger logger)
        : base(host, new ClusterAdapterOptions { UseHeartbeat = false, RequestsTimeout = options.RequestsTimeout }, null, logger)
    {
        _connection = connection;
        _options = options;
        _logger = logger;
        _channel = $"{options.ChannelPrefix}#{host.Name}#";
        _responseChannel = $"{_channel}{Uid}#";
    }

    public override async Task InitAsync(CancellationToken cancellationToken = default)
    {
        var multiplexer = await _connection.GetAsync().ConfigureAwait(false);
        _subscriber = multiplexer.GetSubscriber();
        try
        {
            foreach (var channel in new[] { _channel, _responseChannel })
                _subscriptions[channel] = Task.FromResult<RedisSubscription?>(await RedisSubscription.StartAsync(_subscriber, RedisChannel.Sharded(channel), OnRawMessage).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is not AdapterException)
        {
            throw new AdapterException($"Subscribing to Redis for namespace {Host.Name} failed: {ex.Message}", ex);
        }
        await base.InitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task<int> CountServersAsync()
    {
        var multiplexer = await _connection.GetAsync().ConfigureAwait(false);
        var values = (RedisResult[])(await multiplexer.GetDatabase().ExecuteAsync("PUBSUB", "SHARDNUMSUB", _channel).ConfigureAwait(false))!;
        return values.Length >= 2 ? (int)values[1] : 0;
    }

    protected override async Task<string?> PublishAsync(ClusterMessage message)
    {
        await Subscriber().PublishAsync(RedisChannel.Sharded(ChannelOf(message)), Encode(message)).ConfigureAwait(false);
        return "";
    }

    protected override Task PublishResponseAsync(string requesterUid, ClusterMessage response) =>
        Subscriber().PublishAsync(RedisChannel.Sharded($"{_channel}{requesterUid}#"), Encode(response));

    // A broadcast without acks to exactly one room goes to that room's channel; with acks it cannot, since
    // the server count is every node's, not only those that have the room.
    private string ChannelOf(ClusterMessage message)
    {
        if (message.Type != ClusterMessageType.Broadcast || message.RequestId is not null || message.Options is not { Rooms.Count: 1 } options)
            return _channel;
        var room = options.Rooms.First();
        var dynamic = _options.SubscriptionMode switch
        {
            RedisSubscriptionMode.Dynamic => room.Length != 20, // not what looks like a socket id
            RedisSubscriptionMode.DynamicPrivate => true,
            _ => false,
        };
        return dynamic ? RoomChannel(room) : _channel;
    }

    private string RoomChannel(string room) => $"{_channel}{room}#";

    // JSON, unless a message type that may carry binary does: then msgpack, as Node's sharded adapter.
    private static byte[] Encode(ClusterMessage message) =>
        ClusterMessageCodec.HasBinary(message) ? ClusterMessageCodec.EncodeMsgpack(message) : ClusterMessageCodec.EncodeJson(message);

    private void OnRawMessage(RedisChannel redisChannel, RedisValue value)
    {
        var channel = redisChannel.ToString();
        try
        {
            var body = (ReadOnlyMemory<byte>)value;
            if (body.Length > _options.MaxMessageSize)
                throw new ClusterMessageFormatException($"{body.Length} bytes is over MaxMessageSize ({_options.MaxMessageSize})");
            var message = ClusterMessageCodec.Decode(body);
            if (channel == _responseChannel)
                OnResponse(message);
            else
                OnMessage(message);
        }
        catch (ClusterMessageFormatException ex)
        {
            RedisLog.Dropped(_logger, Host.Name, channel, ex.Message);
        }
    }

    protected override void OnRoomCreated(string room, bool isSocketRoom)
    {
        if (ShouldSubscribe(isSocketRoom) && _subscriber is { } subscriber)
            _subscriptions[RoomChannel(room)] = SubscribeAsync(subscriber, RoomChannel(room));
    }

    protected override void OnRoomDeleted(string room, bool isSocketRoom)
    {
        if (ShouldSubscribe(isSocketRoom) && _subscriptions.TryRemove(RoomChannel(room), out var subscription))
            _ = UnsubscribeAsync(RoomChannel(room), subscription);
    }

    private bool ShouldSubscribe(bool isSocketRoom) => _options.SubscriptionMode switch
    {
        RedisSubscriptionMode.Dynamic => !isSocketRoom,
        RedisSubscriptionMode.DynamicPrivate => true,
        _ => false,
    };

    private async Task<RedisSubscription?> SubscribeAsync(ISubscriber subscriber, string channel)
    {
        try
        {
            return await RedisSubscription.StartAsync(subscriber, RedisChannel.Sharded(channel), OnRawMessage).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            RedisLog.SubscriptionFailed(_logger, Host.Name, channel, ex.Message);
            return null;
        }
    }

    private async Task UnsubscribeAsync(string channel, Task<RedisSubscription?> subscription)
    {
        try
        {
            if (await subscription.ConfigureAwait(false) is { } started)
                await started.StopAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            RedisLog.SubscriptionFailed(_logger, Host.Name, channel, ex.Message);
        }
    }

    private ISubscriber Subscriber() => _subscriber ?? throw new AdapterException($"The Redis adapter of namespace {Host.Name} has not started.");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        foreach (var (channel, subscription) in _subscriptions)
            await UnsubscribeAsync(channel, subscription).ConfigureAwait(false);
        _subscriptions.Clear();
    }
}
