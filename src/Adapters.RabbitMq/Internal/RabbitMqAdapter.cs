using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using SocketIO.Adapters.Cluster;
using SocketIO.Protocol;

namespace SocketIO.Adapters.RabbitMq.Internal;

/// <summary>
/// One namespace on RabbitMQ: a <see cref="ClusterAdapter"/> in heartbeat mode whose messages travel as msgpack
/// through the server's shared <see cref="RabbitMqNode"/> (docs/rabbitmq.md). Messages to every node go to the
/// namespace key, responses to the requester's key.
/// </summary>
internal sealed class RabbitMqAdapter : ClusterAdapter
{
    private readonly RabbitMqNode _node;
    private readonly ILogger _logger;
    private volatile bool _localOnly;

    public RabbitMqAdapter(IAdapterHost host, RabbitMqNode node, ClusterAdapterOptions options, ILogger logger)
        : base(host, options, node.Uid, logger)
    {
        _node = node;
        _logger = logger;
        var prefix = node.Options.ChannelPrefix;
        NamespaceKey = RoutingKeys.Namespace(prefix, host.Name);
        ResponseKey = RoutingKeys.Response(prefix, host.Name, node.Uid);
        CachedNamespaceKey = new CachedString(NamespaceKey);
        // The response key is the longer one; past AMQP's limit the namespace cannot take part (one error, then local).
        if (!RoutingKeys.Fits(ResponseKey))
        {
            RabbitMqLog.KeyTooLong(logger, host.Name, ResponseKey, System.Text.Encoding.UTF8.GetByteCount(ResponseKey));
            _localOnly = true;
        }
    }

    /// <summary>The key of every node serving this namespace.</summary>
    public string NamespaceKey { get; }

    /// <summary>This node's response key in this namespace.</summary>
    public string ResponseKey { get; }

    private CachedString CachedNamespaceKey { get; }

    /// <summary>True when the namespace cannot use the broker (key too long or taken) and stays on this node.</summary>
    public bool IsLocalOnly => _localOnly;

    /// <summary>Binds the namespace's keys, then announces the node (INITIAL_HEARTBEAT), in the format's start order.</summary>
    public override async Task InitAsync(CancellationToken cancellationToken = default)
    {
        if (!_localOnly && !await _node.AttachAsync(this, cancellationToken).ConfigureAwait(false))
            _localOnly = true;
        await base.InitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Hands a message from the broker to the cluster base: responses from this node's key, the rest as messages.</summary>
    public void Receive(ClusterMessage message, bool isResponse)
    {
        if (isResponse)
            OnResponse(message);
        else
            OnMessage(message);
    }

    /// <summary>Announces the node again after a reconnection (new queue, bindings restored); failures are logged.</summary>
    public async Task AnnounceAgainLoggedAsync()
    {
        if (_localOnly || IsClosed)
            return;
        try
        {
            await AnnounceAgainAsync().ConfigureAwait(false);
        }
        catch (AdapterException ex)
        {
            RabbitMqLog.AnnounceFailed(_logger, Host.Name, ex.Message);
        }
    }

    /// <inheritdoc />
    protected override async Task<string?> PublishAsync(ClusterMessage message)
    {
        if (_localOnly)
            return null;
        // Heartbeats and goodbyes mean nothing while the broker is away; the node announces itself again on recovery.
        if (!_node.IsConnected && message.Type is ClusterMessageType.Heartbeat or ClusterMessageType.InitialHeartbeat or ClusterMessageType.AdapterClose)
            return null;
        await _node.PublishAsync(CachedNamespaceKey, Encode(message)).ConfigureAwait(false);
        // The format has no offsets (doPublish returns ""), so no connection state recovery across nodes.
        return null;
    }

    /// <inheritdoc />
    protected override async Task PublishResponseAsync(string requesterUid, ClusterMessage response)
    {
        if (_localOnly)
            return;
        var key = RoutingKeys.Response(_node.Options.ChannelPrefix, Host.Name, requesterUid);
        if (!RoutingKeys.Fits(key))
            throw new AdapterException($"Namespace {Host.Name}: the response key of node {requesterUid} is longer than {RabbitMqAdapterOptions.MaxRoutingKeyBytes} bytes.");
        await _node.PublishAsync(key, Encode(response)).ConfigureAwait(false);
    }

    private byte[] Encode(ClusterMessage message)
    {
        var body = ClusterMessageCodec.EncodeMsgpack(message);
        if (body.Length > _node.Options.MaxMessageSize)
            throw new AdapterException($"Namespace {Host.Name}: a {message.Type} message of {body.Length} bytes is larger than MaxMessageSize ({_node.Options.MaxMessageSize}).");
        return body;
    }

    /// <inheritdoc />
    public override Task<IReadOnlyList<SocketInfo>> FetchSocketsAsync(BroadcastOptions options, CancellationToken cancellationToken = default) =>
        !options.Flags.Local && Unreachable() is { } error
            ? Task.FromException<IReadOnlyList<SocketInfo>>(error)
            : base.FetchSocketsAsync(options, cancellationToken);

    /// <inheritdoc />
    public override Task<ServerSideEmitReplies> ServerSideEmitWithAckAsync(PacketData data, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Unreachable() is { } error
            ? Task.FromException<ServerSideEmitReplies>(error)
            : base.ServerSideEmitWithAckAsync(data, timeout, cancellationToken);

    // A request while the broker is away fails at once, even when no peer is known any more (which would
    // otherwise answer with this node's part alone, as if it were the whole cluster).
    private AdapterException? Unreachable() =>
        _localOnly || _node.IsConnected ? null : new AdapterException($"Namespace {Host.Name}: RabbitMQ at {_node.Endpoint} is unreachable; the request could not reach the other nodes.");

    /// <summary>Says goodbye (ADAPTER_CLOSE), then unbinds the namespace's keys.</summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        if (!_localOnly)
            await _node.DetachAsync(this).ConfigureAwait(false);
    }
}
