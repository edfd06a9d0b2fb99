using SocketIO.Engine;
using SocketIO.Protocol;

namespace SocketIO.Adapters;

/// <summary>
/// The single-node adapter: rooms in memory, broadcasts encoded once and written to every local target. With
/// connection state recovery on it also keeps the events and sessions that recovery needs (docs/recovery.md).
/// </summary>
public partial class InMemoryAdapter(IAdapterHost host) : Adapter(host)
{
    private static readonly IReadOnlySet<string> NoRooms = new HashSet<string>();
    private readonly Dictionary<string, RoomSet> _rooms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RoomSet> _sids = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <inheritdoc />
    public override void AddAll(string socketId, IEnumerable<string> rooms)
    {
        var changes = HasRoomListeners ? new List<RoomChange>() : null;
        lock (_lock)
        {
            if (!_sids.TryGetValue(socketId, out var own))
                _sids[socketId] = own = new RoomSet();
            foreach (var room in rooms)
            {
                own.Add(room);
                if (!_rooms.TryGetValue(room, out var members))
                {
                    _rooms[room] = members = new RoomSet();
                    OnRoomCreated(room, _sids.ContainsKey(room));
                    changes?.Add(new RoomChange(RoomChangeKind.Created, room, socketId));
                }
                if (members.Add(socketId))
                    changes?.Add(new RoomChange(RoomChangeKind.Joined, room, socketId));
            }
        }
        if (changes is { Count: > 0 })
            RaiseRoomEvents(changes);
    }

    /// <inheritdoc />
    public override void Delete(string socketId, string room)
    {
        var changes = HasRoomListeners ? new List<RoomChange>() : null;
        lock (_lock)
        {
            if (_sids.TryGetValue(socketId, out var own))
                own.Remove(room);
            RemoveMember(room, socketId, changes);
        }
        if (changes is { Count: > 0 })
            RaiseRoomEvents(changes);
    }

    /// <inheritdoc />
    public override void DeleteAll(string socketId)
    {
        var changes = HasRoomListeners ? new List<RoomChange>() : null;
        lock (_lock)
        {
            if (!_sids.Remove(socketId, out var own))
                return;
            foreach (var room in own)
                RemoveMember(room, socketId, changes);
        }
        if (changes is { Count: > 0 })
            RaiseRoomEvents(changes);
    }

    private void RemoveMember(string room, string socketId, List<RoomChange>? changes)
    {
        if (!_rooms.TryGetValue(room, out var members) || !members.Remove(socketId))
            return;
        changes?.Add(new RoomChange(RoomChangeKind.Left, room, socketId));
        if (members.Count == 0)
        {
            _rooms.Remove(room);
            OnRoomDeleted(room, room == socketId);
            changes?.Add(new RoomChange(RoomChangeKind.Deleted, room, socketId));
        }
    }

    /// <summary>
    /// A room got its first member (Node's "create-room"); <paramref name="isSocketRoom"/> when it is a socket's
    /// own room. Called under the adapter's lock: queue work, never block.
    /// </summary>
    protected virtual void OnRoomCreated(string room, bool isSocketRoom)
    {
    }

    /// <summary>A room lost its last member (Node's "delete-room"). Called under the adapter's lock: queue work, never block.</summary>
    protected virtual void OnRoomDeleted(string room, bool isSocketRoom)
    {
    }

    /// <summary>Whether a local room of that name exists now.</summary>
    protected bool HasRoom(string room)
    {
        lock (_lock)
            return _rooms.ContainsKey(room);
    }

    /// <summary>The ids of this node's sockets in any of <paramref name="rooms"/> (all when empty): Node's <c>sockets(rooms)</c>.</summary>
    protected IReadOnlyList<string> LocalSocketIds(IReadOnlySet<string> rooms)
    {
        var ids = new List<string>();
        ForEachSocket(new BroadcastOptions { Rooms = rooms }, s => ids.Add(s.Id));
        return ids;
    }

    /// <inheritdoc />
    public override IReadOnlySet<string> SocketRooms(string socketId)
    {
        lock (_lock)
            return _sids.TryGetValue(socketId, out var own) ? new HashSet<string>(own) : NoRooms;
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, int> RoomSizes()
    {
        lock (_lock)
            return _rooms.ToDictionary(r => r.Key, r => r.Value.Count);
    }

    /// <inheritdoc />
    public override ValueTask BroadcastAsync(SocketPacket packet, BroadcastOptions options)
    {
        BroadcastLocal(packet, options);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Delivers to this node's selected sockets; the packet is encoded once for all of them. With recovery on, an
    /// event that may be stored (no ack id, not volatile) gets an offset as its last argument: <paramref name="offset"/>
    /// when the cluster's transport gave one (Redis streams), else one from this adapter's own store, which keeps it.
    /// </summary>
    protected void BroadcastLocal(SocketPacket packet, BroadcastOptions options, string? offset = null)
    {
        if (Host.Recovery is null || !IsRecoverable(packet, options))
            Deliver(Host.Parser.Encode(packet), options, options.Flags.Volatile, null);
        else if (offset is not null)
            Deliver(Host.Parser.Encode(WithOffset(packet, offset)), options, false, offset);
        else if (StoresEventsLocally)
            BroadcastStored(packet, options);
        else
            // The broker keeps the events but gave no offset (its publish failed): delivered, and not tagged.
            Deliver(Host.Parser.Encode(packet), options, false, null);
    }

    /// <summary>Writes encoded packets to the selected local sockets; with an offset, each socket notes it as its last stored event.</summary>
    private void Deliver(EnginePacket[] encoded, BroadcastOptions options, bool isVolatile, string? offset)
    {
        var delivered = 0;
        ForEachSocket(options, socket =>
        {
            if (socket.Deliver(encoded, isVolatile))
                delivered++;
            // Marked even when the delivery fails: a connection that is closing still belongs to a session that may be
            // restored, and the event must then count as one the socket missed, not as one not meant for it.
            if (offset is not null)
                socket.OnStoredDelivered(offset);
        });
        CountDeliveries(delivered);
    }

    /// <summary>Records broadcast packets written to local clients (one measurement per broadcast, not per client).</summary>
    private protected void CountDeliveries(int count)
    {
        if (count > 0 && Host.Metrics is { } metrics)
            metrics.Count(metrics.Deliveries, Diagnostics.SocketIOMetrics.NamespaceTag, Host.MetricName, count);
    }

    /// <inheritdoc />
    public override ValueTask BroadcastWithAckAsync(SocketPacket packet, BroadcastOptions options, Action<int> clientCount, Action<PacketData?> ack)
    {
        BroadcastWithAckLocal(packet, options, clientCount, ack);
        return ValueTask.CompletedTask;
    }

    /// <summary>Delivers to this node's selected sockets with a new ack id, reports their number, and forwards each ack.</summary>
    protected void BroadcastWithAckLocal(SocketPacket packet, BroadcastOptions options, Action<int> clientCount, Action<PacketData?> ack)
    {
        var id = Host.NextAckId();
        var encoded = Host.Parser.Encode(packet.WithId(id));
        var isVolatile = options.Flags.Volatile;
        var tracker = new BroadcastAckTracker(id, ack);
        var count = 0;
        ForEachSocket(options, socket =>
        {
            if (tracker.Deliver(socket, encoded, isVolatile))
                count++;
        });
        CountDeliveries(count);
        tracker.Sent(Host.Time, options.Flags.Timeout);
        clientCount(count);
    }

    /// <inheritdoc />
    public override Task<IReadOnlyList<SocketInfo>> FetchSocketsAsync(BroadcastOptions options, CancellationToken cancellationToken = default) =>
        Task.FromResult(FetchLocal(options));

    /// <summary>Describes this node's selected sockets.</summary>
    protected IReadOnlyList<SocketInfo> FetchLocal(BroadcastOptions options)
    {
        var result = new List<SocketInfo>();
        var node = NodeId;
        ForEachSocket(options, socket => result.Add(socket.Describe() with { NodeId = node }));
        return result;
    }

    /// <inheritdoc />
    public override ValueTask AddSocketsAsync(BroadcastOptions options, IReadOnlyCollection<string> rooms)
    {
        AddSocketsLocal(options, rooms);
        return ValueTask.CompletedTask;
    }

    /// <summary>Makes this node's selected sockets join rooms.</summary>
    protected void AddSocketsLocal(BroadcastOptions options, IReadOnlyCollection<string> rooms) => ForEachSocket(options, s => s.Join(rooms), snapshot: true);

    /// <inheritdoc />
    public override ValueTask DeleteSocketsAsync(BroadcastOptions options, IReadOnlyCollection<string> rooms)
    {
        DeleteSocketsLocal(options, rooms);
        return ValueTask.CompletedTask;
    }

    /// <summary>Makes this node's selected sockets leave rooms.</summary>
    protected void DeleteSocketsLocal(BroadcastOptions options, IReadOnlyCollection<string> rooms) =>
        ForEachSocket(options, s =>
        {
            foreach (var room in rooms)
                s.Leave(room);
        }, snapshot: true);

    /// <inheritdoc />
    public override ValueTask DisconnectSocketsAsync(BroadcastOptions options, bool close)
    {
        DisconnectSocketsLocal(options, close);
        return ValueTask.CompletedTask;
    }

    /// <summary>Disconnects this node's selected sockets.</summary>
    protected void DisconnectSocketsLocal(BroadcastOptions options, bool close) => ForEachSocket(options, s => s.Disconnect(close), snapshot: true);

    /// <summary>
    /// Calls <paramref name="action"/> for each local socket selected by <paramref name="options"/>.
    /// With <paramref name="snapshot"/> the targets are collected first, for actions that change membership.
    /// </summary>
    protected void ForEachSocket(BroadcastOptions options, Action<ILocalSocket> action, bool snapshot = false)
    {
        List<ILocalSocket>? collected = snapshot ? new List<ILocalSocket>() : null;
        lock (_lock)
        {
            var except = ExpandExcept(options.Except);
            if (options.Rooms.Count == 0)
            {
                foreach (var id in _sids.Keys)
                    Visit(id);
            }
            else if (options.Rooms.Count == 1)
            {
                foreach (var room in options.Rooms)
                    if (_rooms.TryGetValue(room, out var members))
                        foreach (var id in members)
                            Visit(id);
            }
            else
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var room in options.Rooms)
                    if (_rooms.TryGetValue(room, out var members))
                        foreach (var id in members)
                            if (seen.Add(id))
                                Visit(id);
            }

            void Visit(string id)
            {
                if (except is not null && except.Contains(id))
                    return;
                if (!Host.TryGetSocket(id, out var socket))
                    return;
                if (collected is not null)
                    collected.Add(socket);
                else
                    action(socket);
            }
        }
        if (collected is not null)
            foreach (var socket in collected)
                action(socket);
    }

    private HashSet<string>? ExpandExcept(IReadOnlySet<string> except)
    {
        if (except.Count == 0)
            return null;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var room in except)
            if (_rooms.TryGetValue(room, out var members))
                foreach (var id in members)
                    ids.Add(id);
        return ids;
    }
}

/// <summary>Creates <see cref="InMemoryAdapter"/> instances.</summary>
public sealed class InMemoryAdapterFactory : IAdapterFactory
{
    /// <inheritdoc />
    public Adapter Create(IAdapterHost host) => new InMemoryAdapter(host);
}
