using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using SocketIO.Protocol;

namespace SocketIO.Adapters.Cluster;

/// <summary>
/// The base of every cluster adapter, in the manner of socket.io-adapter's <c>ClusterAdapter</c> and
/// <c>ClusterAdapterWithHeartbeat</c> (socketio/socket.io, packages/socket.io-adapter/lib/cluster-adapter.ts).
/// A broker plug-in only publishes messages (<see cref="PublishAsync"/>, <see cref="PublishResponseAsync"/>)
/// and hands what it receives to <see cref="OnMessage"/> and <see cref="OnResponse"/>. This class does the
/// rest: routing, request/response correlation with timeouts, how many answers to expect, node liveness,
/// broadcast acks across nodes, and local delivery through <see cref="InMemoryAdapter"/>.
/// </summary>
public abstract partial class ClusterAdapter : InMemoryAdapter
{
    /// <summary>The uid with which a redis emitter publishes; it is never counted as a node.</summary>
    public const string EmitterUid = "emitter";

    private readonly ILogger _logger;
    private int _closed;

    /// <summary>Creates the adapter for <paramref name="host"/>'s namespace.</summary>
    /// <param name="host">The namespace.</param>
    /// <param name="options">Heartbeat, liveness and timeout settings.</param>
    /// <param name="uid">This node's id; 16 random hex characters when null, as socket.io-adapter.</param>
    /// <param name="logger">The log; the namespace's when null.</param>
    protected ClusterAdapter(IAdapterHost host, ClusterAdapterOptions options, string? uid = null, ILogger? logger = null)
        : base(host)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { } error)
            throw new ArgumentException(error, nameof(options));
        Options = options;
        Uid = uid ?? NewId();
        _logger = logger ?? host.Logger;
        _heartbeatTimer = host.Time.CreateTimer(static s => ((ClusterAdapter)s!).OnHeartbeatDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _livenessTimer = host.Time.CreateTimer(static s => ((ClusterAdapter)s!).OnLivenessTick(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>This node's id in the cluster.</summary>
    public string Uid { get; }

    /// <inheritdoc />
    public override string NodeId => Uid;

    /// <summary>The settings.</summary>
    protected ClusterAdapterOptions Options { get; }

    /// <summary>True once the adapter is closed.</summary>
    protected bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>16 random hex characters, the id format of socket.io-adapter's nodes and requests.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>
    /// Sends a message to every other node of the namespace. Returns the message's offset where the
    /// broker has one (Redis streams), else null. Must fail rather than wait when the broker is unreachable.
    /// </summary>
    protected abstract Task<string?> PublishAsync(ClusterMessage message);

    /// <summary>Sends a response to the node <paramref name="requesterUid"/>.</summary>
    protected abstract Task PublishResponseAsync(string requesterUid, ClusterMessage response);

    /// <summary>
    /// Without heartbeats: the number of servers serving the namespace, this one included (for example
    /// Redis <c>PUBSUB NUMSUB</c>). Not called when <see cref="ClusterAdapterOptions.UseHeartbeat"/> is set.
    /// </summary>
    protected virtual Task<int> CountServersAsync() =>
        throw new NotSupportedException($"{GetType().Name} must override CountServersAsync when heartbeats are off.");

    /// <summary>
    /// Announces this node (heartbeat mode). A plug-in subscribes first, then calls this, so that the
    /// other nodes' answers find it listening.
    /// </summary>
    public override async Task InitAsync(CancellationToken cancellationToken = default)
    {
        if (!Options.UseHeartbeat)
            return;
        _cleanupTimer = Host.Time.CreateTimer(static s => ((ClusterAdapter)s!).RemoveSilentNodes(), this, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        await PublishOrThrowAsync(new ClusterMessage { Type = ClusterMessageType.InitialHeartbeat }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override Task<int> ServerCountAsync(CancellationToken cancellationToken = default) =>
        Options.UseHeartbeat ? Task.FromResult(1 + LiveNodeCount) : CountServersOrThrowAsync();

    private async Task<int> CountServersOrThrowAsync()
    {
        try
        {
            return await CountServersAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not AdapterException)
        {
            throw new AdapterException($"Namespace {Host.Name}: counting the cluster's servers failed: {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public override ValueTask BroadcastAsync(SocketPacket packet, BroadcastOptions options)
    {
        BroadcastLocal(packet, options);
        if (options.Flags.Local)
            return ValueTask.CompletedTask;
        return new ValueTask(PublishOrThrowAsync(new ClusterMessage { Type = ClusterMessageType.Broadcast, Data = packet.Data, Options = options }));
    }

    /// <inheritdoc />
    public override ValueTask BroadcastWithAckAsync(SocketPacket packet, BroadcastOptions options, Action<int> clientCount, Action<PacketData?> ack)
    {
        Task? published = null;
        if (!options.Flags.Local)
        {
            var requestId = NewId();
            TrackAckRequest(requestId, clientCount, ack, options.Flags.Timeout ?? Options.RequestsTimeout);
            published = PublishAckedAsync(requestId, new ClusterMessage { Type = ClusterMessageType.Broadcast, RequestId = requestId, Data = packet.Data, Options = options });
        }
        BroadcastWithAckLocal(packet, options, clientCount, ack);
        return published is null ? ValueTask.CompletedTask : new ValueTask(published);
    }

    private async Task PublishAckedAsync(string requestId, ClusterMessage message)
    {
        try
        {
            await PublishOrThrowAsync(message).ConfigureAwait(false);
        }
        catch
        {
            // No node got the broadcast, so no answer can come: the entry goes now, not at the timeout.
            ForgetAckRequest(requestId);
            throw;
        }
    }

    /// <inheritdoc />
    public override ValueTask AddSocketsAsync(BroadcastOptions options, IReadOnlyCollection<string> rooms)
    {
        AddSocketsLocal(options, rooms);
        return PublishUnlessLocal(options, new ClusterMessage { Type = ClusterMessageType.SocketsJoin, Options = options, Rooms = [.. rooms] });
    }

    /// <inheritdoc />
    public override ValueTask DeleteSocketsAsync(BroadcastOptions options, IReadOnlyCollection<string> rooms)
    {
        DeleteSocketsLocal(options, rooms);
        return PublishUnlessLocal(options, new ClusterMessage { Type = ClusterMessageType.SocketsLeave, Options = options, Rooms = [.. rooms] });
    }

    /// <inheritdoc />
    public override ValueTask DisconnectSocketsAsync(BroadcastOptions options, bool close)
    {
        DisconnectSocketsLocal(options, close);
        return PublishUnlessLocal(options, new ClusterMessage { Type = ClusterMessageType.DisconnectSockets, Options = options, Close = close });
    }

    private ValueTask PublishUnlessLocal(BroadcastOptions options, ClusterMessage message) =>
        options.Flags.Local ? ValueTask.CompletedTask : new ValueTask(PublishOrThrowAsync(message));

    /// <inheritdoc />
    public override ValueTask ServerSideEmitAsync(PacketData data) =>
        new(PublishOrThrowAsync(new ClusterMessage { Type = ClusterMessageType.ServerSideEmit, Data = data }));

    /// <summary>Publishes a message stamped with this node's uid and namespace; faults with <see cref="AdapterException"/>.</summary>
    protected async Task<string?> PublishOrThrowAsync(ClusterMessage message)
    {
        message = message with { Uid = Uid, Namespace = Host.Name };
        if (IsClosed && message.Type != ClusterMessageType.AdapterClose)
            throw new AdapterException($"Namespace {Host.Name}: the adapter is closed.");
        // ClusterAdapterWithHeartbeat: every publish postpones the next heartbeat.
        if (Options.UseHeartbeat && !IsClosed)
            _heartbeatTimer.Change(Options.HeartbeatInterval, Timeout.InfiniteTimeSpan);
        try
        {
            return await PublishAsync(message).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            CountRequest(Host.Metrics?.AdapterErrors, message.Type);
            if (ex is AdapterException)
                throw;
            throw new AdapterException($"Namespace {Host.Name}: publishing {message.Type} to the cluster failed: {ex.Message}", ex);
        }
    }

    // Responses are fire-and-forget for the responder, as in Node; a failure is logged once here.
    private void Respond(string requesterUid, ClusterMessage response)
    {
        response = response with { Uid = Uid, Namespace = Host.Name };
        Task task;
        try
        {
            task = PublishResponseAsync(requesterUid, response);
        }
        catch (Exception ex)
        {
            task = Task.FromException(ex);
        }
        if (task.IsCompletedSuccessfully)
            return;
        task.ContinueWith(static (t, s) =>
        {
            var (adapter, type) = ((ClusterAdapter, ClusterMessageType))s!;
            Log.ResponseFailed(adapter._logger, adapter.Host.Name, type, t.Exception!.GetBaseException().Message);
        }, (this, response.Type), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Says goodbye to the other nodes (heartbeat mode), stops the timers and fails the requests still waiting.</summary>
    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
            return;
        _heartbeatTimer.Dispose();
        _livenessTimer.Dispose();
        _cleanupTimer?.Dispose();
        FailAllRequests(new AdapterException($"Namespace {Host.Name}: the adapter closed."));
        if (Options.UseHeartbeat)
        {
            try
            {
                await PublishOrThrowAsync(new ClusterMessage { Type = ClusterMessageType.AdapterClose }).ConfigureAwait(false);
            }
            catch (AdapterException ex)
            {
                Log.ResponseFailed(_logger, Host.Name, ClusterMessageType.AdapterClose, ex.Message);
            }
        }
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
