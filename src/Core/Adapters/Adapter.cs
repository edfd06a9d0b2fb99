using SocketIO.Protocol;

namespace SocketIO.Adapters;

/// <summary>
/// The adapter contract: room membership and the delivery of broadcasts and cluster requests for one
/// namespace. <see cref="InMemoryAdapter"/> is the single-node implementation; cluster adapters derive
/// from <see cref="Cluster.ClusterAdapter"/>, which publishes to the other nodes and calls the in-memory
/// base for local delivery.
/// </summary>
/// <remarks>
/// Operations that may reach other nodes return a task. Local delivery happens before the call returns
/// (synchronously and without allocating for the in-memory adapter); the task completes when the
/// cluster part is done and faults with <see cref="AdapterException"/> when it failed.
/// </remarks>
public abstract class Adapter(IAdapterHost host) : IAsyncDisposable
{
    /// <summary>The namespace this adapter serves.</summary>
    public IAdapterHost Host { get; } = host;

    /// <summary>This node's id in the cluster (the same for every namespace of a server only if the adapter says so).</summary>
    public virtual string NodeId => "local";

    /// <summary>
    /// Starts the adapter (subscribe to channels, announce the node). The server awaits it before it
    /// accepts connections for the namespace; a fault is reported with the namespace name.
    /// </summary>
    public virtual Task InitAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>A local room got its first member (Node's adapter "create-room"). Raised after the change, outside the adapter's lock.</summary>
    public event Action<string>? RoomCreated;

    /// <summary>A local room lost its last member (Node's "delete-room").</summary>
    public event Action<string>? RoomDeleted;

    /// <summary>A local socket joined a room it was not in (Node's "join-room"): the room, then the socket id.</summary>
    public event Action<string, string>? RoomJoined;

    /// <summary>A local socket left a room (Node's "leave-room"): the room, then the socket id.</summary>
    public event Action<string, string>? RoomLeft;

    /// <summary>Whether anyone listens to the room events (an adapter records changes for them only then).</summary>
    protected bool HasRoomListeners => RoomCreated is not null || RoomDeleted is not null || RoomJoined is not null || RoomLeft is not null;

    /// <summary>Raises recorded room changes in order; a listener that throws is logged, not propagated.</summary>
    protected void RaiseRoomEvents(IReadOnlyList<RoomChange> changes)
    {
        foreach (var change in changes)
        {
            try
            {
                switch (change.Kind)
                {
                    case RoomChangeKind.Created: RoomCreated?.Invoke(change.Room); break;
                    case RoomChangeKind.Deleted: RoomDeleted?.Invoke(change.Room); break;
                    case RoomChangeKind.Joined: RoomJoined?.Invoke(change.Room, change.SocketId); break;
                    case RoomChangeKind.Left: RoomLeft?.Invoke(change.Room, change.SocketId); break;
                }
            }
            catch (Exception ex)
            {
                Microsoft.Extensions.Logging.LoggerExtensions.LogError(Host.Logger, ex, "Namespace {Nsp}: a room event listener threw", Host.Name);
            }
        }
    }

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

    /// <summary>Delivers a packet to the selected sockets: local ones at once, other nodes' through the task.</summary>
    public abstract ValueTask BroadcastAsync(SocketPacket packet, BroadcastOptions options);

    /// <summary>
    /// Delivers a packet that asks for acks. <paramref name="clientCount"/> is called with the number of
    /// clients reached (once per node); <paramref name="ack"/> once per client ack, with the ack's arguments.
    /// </summary>
    public abstract ValueTask BroadcastWithAckAsync(SocketPacket packet, BroadcastOptions options, Action<int> clientCount, Action<PacketData?> ack);

    /// <summary>Describes the selected sockets, on every node unless the Local flag is set.</summary>
    public abstract Task<IReadOnlyList<SocketInfo>> FetchSocketsAsync(BroadcastOptions options, CancellationToken cancellationToken = default);

    /// <summary>Makes the selected sockets join rooms.</summary>
    public abstract ValueTask AddSocketsAsync(BroadcastOptions options, IReadOnlyCollection<string> rooms);

    /// <summary>Makes the selected sockets leave rooms.</summary>
    public abstract ValueTask DeleteSocketsAsync(BroadcastOptions options, IReadOnlyCollection<string> rooms);

    /// <summary>Disconnects the selected sockets; with <paramref name="close"/> their whole client connections.</summary>
    public abstract ValueTask DisconnectSocketsAsync(BroadcastOptions options, bool close);

    /// <summary>Sends an event (<c>[name, ...args]</c>) to the other nodes' namespace listeners. A no-op on a single node.</summary>
    public virtual ValueTask ServerSideEmitAsync(PacketData data) => ValueTask.CompletedTask;

    /// <summary>Sends an event to the other nodes and collects one reply (the arguments of its ack) per node.</summary>
    public virtual Task<ServerSideEmitReplies> ServerSideEmitWithAckAsync(PacketData data, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ServerSideEmitReplies([], TimedOut: false));

    /// <summary>Number of nodes serving this namespace, this one included.</summary>
    public virtual Task<int> ServerCountAsync(CancellationToken cancellationToken = default) => Task.FromResult(1);

    /// <summary>Every room name: this node's, and the other nodes' where the adapter's protocol can ask them.</summary>
    public virtual Task<IReadOnlySet<string>> AllRoomsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlySet<string>>(new HashSet<string>(RoomSizes().Keys, StringComparer.Ordinal));

    /// <summary>
    /// Connection state recovery: stores a disconnected socket's state. Called only when recovery is on,
    /// and only for the disconnect reasons that Node persists. The default keeps nothing.
    /// </summary>
    public virtual ValueTask PersistSessionAsync(PersistedSession session) => ValueTask.CompletedTask;

    /// <summary>
    /// Connection state recovery: claims the session <paramref name="pid"/> for a returning client whose last
    /// received offset is <paramref name="offset"/> (null when it received no event yet). Returns the session
    /// with <see cref="PersistedSession.Offset"/> set, or null when it cannot be restored: unknown, expired,
    /// already claimed, or some event it missed is no longer stored. A claimed session cannot be claimed twice.
    /// </summary>
    public virtual ValueTask<PersistedSession?> RestoreSessionAsync(string pid, string? offset, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<PersistedSession?>(null);

    /// <summary>
    /// Connection state recovery: joins a restored socket to its session's rooms and writes the events it missed,
    /// oldest first, so that no broadcast falls between the two (none lost, none twice). Returns false, having
    /// joined nothing, when the missed events are gone after all; the client then gets a new socket.
    /// </summary>
    public virtual ValueTask<bool> ResumeSessionAsync(ILocalSocket socket, PersistedSession session)
    {
        AddAll(socket.Id, session.Rooms);
        return ValueTask.FromResult(true);
    }

    /// <summary>
    /// Connection state recovery: sends an event to one socket of this node, as Node's <c>socket.emit</c> does when
    /// recovery is on, so that it is stored and tagged like a broadcast to the socket's own room. The default is a
    /// local broadcast to that room; an adapter that restores sessions on other nodes also publishes it.
    /// </summary>
    public virtual ValueTask EmitToSocketAsync(string socketId, SocketPacket packet) =>
        BroadcastAsync(packet, new BroadcastOptions { Rooms = new HashSet<string>(StringComparer.Ordinal) { socketId }, Flags = LocalFlags });

    private static readonly BroadcastFlags LocalFlags = new() { Local = true };

    /// <summary>Connection state recovery: the offset of the newest stored event, null when none (or when the adapter stores none).</summary>
    public virtual string? CurrentOffset => null;

    /// <summary>Stops the adapter (unsubscribe, say goodbye to the other nodes).</summary>
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}

/// <summary>What happened to a room (see <see cref="Adapter.RoomJoined"/> and its siblings).</summary>
public enum RoomChangeKind
{
    /// <summary>The room got its first member.</summary>
    Created,
    /// <summary>The room lost its last member.</summary>
    Deleted,
    /// <summary>A socket joined the room.</summary>
    Joined,
    /// <summary>A socket left the room.</summary>
    Left,
}

/// <summary>One room change, recorded under an adapter's lock and raised after it.</summary>
public readonly record struct RoomChange(RoomChangeKind Kind, string Room, string SocketId);

/// <summary>The other nodes' replies to a server-side emit: each reply's ack arguments, and whether some node did not answer in time.</summary>
public sealed record ServerSideEmitReplies(IReadOnlyList<PacketData?> Responses, bool TimedOut);

/// <summary>A cluster operation failed: the broker is unreachable, a publish failed, or other nodes did not answer in time.</summary>
public class AdapterException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AdapterException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
