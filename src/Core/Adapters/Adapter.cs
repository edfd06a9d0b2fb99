using SocketIO.Protocol;

namespace SocketIO.Adapters;

/// <summary>
/// The adapter contract: room membership and the delivery of broadcasts and cluster requests for one
/// namespace. <see cref="InMemoryAdapter"/> is the single-node implementation; a cluster adapter
/// derives from it, publishes to other nodes, and calls the base for local delivery.
/// </summary>
public abstract class Adapter(IAdapterHost host) : IAsyncDisposable
{
    /// <summary>The namespace this adapter serves.</summary>
    public IAdapterHost Host { get; } = host;

    /// <summary>Called once after creation (subscribe to channels, announce the node).</summary>
    public virtual ValueTask InitAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <summary>Adds a socket to rooms.</summary>
    public abstract void AddAll(string socketId, IEnumerable<string> rooms);

    /// <summary>Removes a socket from one room.</summary>
    public abstract void Delete(string socketId, string room);

    /// <summary>Removes a socket from every room.</summary>
    public abstract void DeleteAll(string socketId);

    /// <summary>The rooms of a local socket (empty when unknown).</summary>
    public abstract IReadOnlySet<string> SocketRooms(string socketId);

    /// <summary>Local room names and the number of members in each.</summary>
    public abstract IReadOnlyDictionary<string, int> RoomSizes();

    /// <summary>Delivers a packet to the selected sockets.</summary>
    public abstract void Broadcast(SocketPacket packet, BroadcastOptions options);

    /// <summary>
    /// Delivers a packet that asks for acks. <paramref name="clientCount"/> is called with the number of
    /// clients reached (once per node); <paramref name="ack"/> once per client ack.
    /// </summary>
    public abstract void BroadcastWithAck(SocketPacket packet, BroadcastOptions options, Action<int> clientCount, Action<PacketData?> ack);

    /// <summary>Describes the selected sockets, on every node unless the Local flag is set.</summary>
    public abstract Task<IReadOnlyList<SocketInfo>> FetchSocketsAsync(BroadcastOptions options, CancellationToken cancellationToken = default);

    /// <summary>Makes the selected sockets join rooms.</summary>
    public abstract void AddSockets(BroadcastOptions options, IReadOnlyCollection<string> rooms);

    /// <summary>Makes the selected sockets leave rooms.</summary>
    public abstract void DeleteSockets(BroadcastOptions options, IReadOnlyCollection<string> rooms);

    /// <summary>Disconnects the selected sockets.</summary>
    public abstract void DisconnectSockets(BroadcastOptions options, bool close);

    /// <summary>Sends an event to the other nodes' namespace listeners. A no-op on a single node.</summary>
    public virtual void ServerSideEmit(PacketData data) { }

    /// <summary>Sends an event to the other nodes and collects one reply per node.</summary>
    public virtual Task<IReadOnlyList<PacketData?>> ServerSideEmitWithAckAsync(PacketData data, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PacketData?>>([]);

    /// <summary>Number of nodes serving this namespace, this one included.</summary>
    public virtual Task<int> ServerCountAsync(CancellationToken cancellationToken = default) => Task.FromResult(1);

    /// <summary>Stores a disconnected socket's state for connection state recovery.</summary>
    public virtual ValueTask PersistSessionAsync(PersistedSession session) => ValueTask.CompletedTask;

    /// <summary>Restores a session and the packets missed since <paramref name="offset"/>; null when unknown.</summary>
    public virtual ValueTask<(PersistedSession Session, IReadOnlyList<SocketPacket> Missed)?> RestoreSessionAsync(string pid, string offset) =>
        ValueTask.FromResult<(PersistedSession, IReadOnlyList<SocketPacket>)?>(null);

    /// <inheritdoc />
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
