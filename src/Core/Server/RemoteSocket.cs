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

    /// <summary>Joins rooms.</summary>
    public void Join(params string[] rooms) => _nsp.In(Id).SocketsJoin(rooms);

    /// <summary>Leaves rooms.</summary>
    public void Leave(params string[] rooms) => _nsp.In(Id).SocketsLeave(rooms);

    /// <summary>Disconnects this socket.</summary>
    public void Disconnect(bool close = false) => _nsp.In(Id).DisconnectSockets(close);
}
