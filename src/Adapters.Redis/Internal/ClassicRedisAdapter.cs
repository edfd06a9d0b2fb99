using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using SocketIO.Adapters.Cluster;
using StackExchange.Redis;

namespace SocketIO.Adapters.Redis.Internal;

/// <summary>
/// Node's <c>createAdapter</c> protocol (socketio/socket.io-redis-adapter, lib/index.ts): broadcasts as
/// msgpack <c>[uid, packet, opts]</c> on <c>key#nsp#</c> (or <c>key#nsp#room#</c> for one room), requests on
/// <c>key-request#nsp#</c>, responses on <c>key-response#nsp#</c>, and the server count from
/// <c>PUBSUB NUMSUB</c> of the request channel, which counts this node too.
/// </summary>
internal sealed partial class ClassicRedisAdapter : ClusterAdapter
{
    private const string UidAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private readonly RedisConnection _connection;
    private readonly RedisAdapterOptions _options;
    private readonly ILogger _logger;
    private readonly string _channel;
    private readonly string _requestChannel;
    private readonly string _responseChannel;
    private readonly string _specificResponseChannel;
    private readonly List<RedisSubscription> _subscriptions = [];
    private ISubscriber? _subscriber;

    public ClassicRedisAdapter(IAdapterHost host, RedisConnection connection, RedisAdapterOptions options, ILogger logger)
        : base(host, new ClusterAdapterOptions { UseHeartbeat = false, RequestsTimeout = options.RequestsTimeout }, NewUid(), logger)
    {
        _connection = connection;
        _options = options;
        _logger = logger;
        _channel = $"{options.Key}#{host.Name}#";
        _requestChannel = $"{options.Key}-request#{host.Name}#";
        _responseChannel = $"{options.Key}-response#{host.Name}#";
        _specificResponseChannel = $"{_responseChannel}{Uid}#";
    }

    // Node's uid2(6): six characters of [A-Za-z0-9].
    private static string NewUid() => RandomNumberGenerator.GetString(UidAlphabet, 6);

    protected override bool SupportsAllRooms => true;

    /// <summary>Subscribes to the broadcast pattern and the request and response channels: from then on NUMSUB counts this node.</summary>
    public override async Task InitAsync(CancellationToken cancellationToken = default)
    {
        var multiplexer = await _connection.GetAsync().ConfigureAwait(false);
        _subscriber = multiplexer.GetSubscriber();
        try
        {
            _subscriptions.Add(await RedisSubscription.StartAsync(_subscriber, RedisChannel.Pattern(_channel + "*"), OnBroadcastMessage).ConfigureAwait(false));
            foreach (var channel in new[] { _requestChannel, _responseChannel, _specificResponseChannel })
                _subscriptions.Add(await RedisSubscription.StartAsync(_subscriber, RedisChannel.Literal(channel), OnChannelMessage).ConfigureAwait(false));
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
        var result = await multiplexer.GetDatabase().ExecuteAsync("PUBSUB", "NUMSUB", _requestChannel).ConfigureAwait(false);
        var values = (RedisResult[])result!;
        return values.Length >= 2 ? (int)values[1] : 0;
    }

    protected override async Task<string?> PublishAsync(ClusterMessage message)
    {
        var (channel, body) = Encode(message);
        await Subscriber().PublishAsync(RedisChannel.Literal(channel), body).ConfigureAwait(false);
        return null;
    }

    protected override Task PublishResponseAsync(string requesterUid, ClusterMessage response)
    {
        // Node answers serverSideEmit on the shared channel whatever publishOnSpecificResponseChannel says.
        var channel = _options.PublishOnSpecificResponseChannel && response.Type != ClusterMessageType.ServerSideEmitResponse && requesterUid.Length > 0
            ? $"{_responseChannel}{requesterUid}#"
            : _responseChannel;
        return Subscriber().PublishAsync(RedisChannel.Literal(channel), EncodeResponse(response));
    }

    private ISubscriber Subscriber() => _subscriber ?? throw new AdapterException($"The Redis adapter of namespace {Host.Name} has not started.");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        await RedisSubscription.StopAllAsync(_subscriptions, ex => RedisLog.SubscriptionFailed(_logger, Host.Name, _channel, ex.Message)).ConfigureAwait(false);
    }
}
