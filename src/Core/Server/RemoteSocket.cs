using SocketIO.Adapters;

namespace SocketIO;

/// <summary>A socket returned by FetchSockets: on this node or another. Its operations go through the adapter.</summary>
public sealed class RemoteSocket
{
    private readonly Namespace _nsp;

    internal RemoteSocket(Namespace nsp, SocketInfo info)
    {
        _nsp = nsp;
        Info = info;
    }

    /// <summary>The socket's description.</summary>
    public SocketInfo Info { get; }

    /// <summary>The socket id.</summary>
    public string Id => Info.Id;

    /// <summary>The socket's handshake.</summary>
    public Handshake Handshake => Info.Handshake;

    /// <summary>The socket's rooms when fetched.</summary>
    public IReadOnlySet<string> Rooms => Info.Rooms;

    /// <summary>The socket's data when fetched.</summary>
    public IReadOnlyDictionary<string, object?> Data => Info.Data;

    /// <summary>Emits to this socket.</summary>
    public bool Emit(string eventName, params object?[] args) => _nsp.To(Id).Emit(eventName, args);

    /// <summary>The id of the node the socket lives on, when the adapter knows it.</summary>
    public string? NodeId => Info.NodeId;

    /// <summary>Joins rooms. A socket on this node joins at once, without a cluster message.</summary>
    public Task JoinAsync(params string[] rooms) => Target().SocketsJoinAsync(rooms);

    /// <summary>Leaves rooms.</summary>
    public Task LeaveAsync(params string[] rooms) => Target().SocketsLeaveAsync(rooms);

    /// <summary>Disconnects this socket.</summary>
    public Task DisconnectAsync(bool close = false) => Target().DisconnectSocketsAsync(close);

    /// <summary>Joins rooms; a failure to reach the socket's node is logged.</summary>
    public void Join(params string[] rooms) => _ = JoinAsync(rooms);

    /// <summary>Leaves rooms; a failure to reach the socket's node is logged.</summary>
    public void Leave(params string[] rooms) => _ = LeaveAsync(rooms);

    /// <summary>Disconnects this socket; a failure to reach its node is logged.</summary>
    public void Disconnect(bool close = false) => _ = DisconnectAsync(close);

    // Only the owning node can act on the socket: when that is this node, the action stays local.
    private BroadcastOperator Target() =>
        Info.NodeId is { } node && node == _nsp.Adapter.NodeId ? _nsp.In(Id).Local : _nsp.In(Id);
}
