using System.Collections.Concurrent;
using SocketIO.Adapters;
using SocketIO.Engine;
using SocketIO.Protocol;

namespace SocketIO;

/// <summary>
/// One client's connection to one namespace. A client multiplexes many sockets over one engine
/// session; each has its own id, rooms, handlers and data.
/// </summary>
public sealed partial class Socket : ILocalSocket
{
    private int _closed;

    internal Socket(Namespace nsp, Client client, Handshake handshake)
    {
        Namespace = nsp;
        Client = client;
        Handshake = handshake;
        Id = SessionId.New();
    }

    /// <summary>The socket id: new for every namespace connection, never the engine sid.</summary>
    public string Id { get; }

    /// <summary>The namespace.</summary>
    public Namespace Namespace { get; }

    /// <summary>The connection details.</summary>
    public Handshake Handshake { get; }

    /// <summary>Free-form data attached to the socket (shared with FetchSockets).</summary>
    public IDictionary<string, object?> Data =>
        _data ?? LazyInitializer.EnsureInitialized(ref _data, static () => new ConcurrentDictionary<string, object?>(1, 4, StringComparer.Ordinal));

    private ConcurrentDictionary<string, object?>? _data;

    /// <summary>The engine session id of the underlying connection.</summary>
    public string ConnectionId => Client.Session.Id;

    /// <summary>The current engine transport name ("polling", "websocket", …).</summary>
    public string Transport => Client.Session.Transport.Name;

    /// <summary>
    /// The underlying Engine.IO connection (Node's <c>socket.conn</c>), shared by every namespace
    /// socket of the client; e.g. <c>socket.Conn.Upgraded += …</c> to learn when it moved to WebSocket.
    /// </summary>
    public EngineSession Conn => Client.Session;

    /// <summary>True until the socket disconnects.</summary>
    public bool Connected { get; private set; }

    internal Client Client { get; }

    private SocketIOServer Server => Namespace.Server;

    /// <summary>The rooms this socket is in (its own id included).</summary>
    public IReadOnlySet<string> Rooms => Namespace.Adapter.SocketRooms(Id);

    /// <summary>Joins rooms.</summary>
    public Socket Join(params string[] rooms)
    {
        Namespace.Adapter.AddAll(Id, rooms);
        return this;
    }

    /// <summary>Leaves a room.</summary>
    public Socket Leave(string room)
    {
        Namespace.Adapter.Delete(Id, room);
        return this;
    }

    /// <summary>Broadcast to a room, excluding this socket.</summary>
    public BroadcastOperator To(params string[] rooms) => Broadcast.To(rooms);

    /// <summary>Alias of <see cref="To"/>.</summary>
    public BroadcastOperator In(params string[] rooms) => Broadcast.To(rooms);

    /// <summary>Broadcast excluding rooms (and this socket).</summary>
    public BroadcastOperator Except(params string[] rooms) => Broadcast.Except(rooms);

    /// <summary>Broadcast to every other socket of the namespace.</summary>
    public BroadcastOperator Broadcast => new(Namespace, except: new HashSet<string> { Id });

    /// <summary>
    /// Disconnects this socket (DISCONNECT packet, reason "server namespace disconnect"); with
    /// <paramref name="close"/> every socket of the client, then the engine connection.
    /// </summary>
    public Socket Disconnect(bool close = false)
    {
        if (!Connected)
            return this;
        if (close)
        {
            Client.DisconnectAll();
            return this;
        }
        SendPacket(new SocketPacket(PacketType.Disconnect, Namespace.Name), false);
        OnClose("server namespace disconnect");
        return this;
    }

    internal void OnConnected() => Connected = true;

    internal bool SendPacket(SocketPacket packet, bool isVolatile) => Deliver(Server.Parser.Encode(packet), isVolatile);

    /// <summary>Called when the namespace connection ends, for any reason.</summary>
    internal void OnClose(string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
            return;
        if (Connected)
            Fire("disconnecting", reason);
        Namespace.Adapter.DeleteAll(Id);
        Namespace.Remove(this);
        Client.RemoveSocket(this);
        var wasConnected = Connected;
        Connected = false;
        FailPendingAcks();
        CancelDisconnectToken();
        if (wasConnected)
        {
            Server.Log.SocketDisconnected(Namespace.Name, Id, reason);
            Fire("disconnect", reason);
        }
        DisposeServices();
    }

    bool ILocalSocket.Deliver(EnginePacket[] encoded, bool isVolatile) => Deliver(encoded, isVolatile);

    private bool Deliver(EnginePacket[] encoded, bool isVolatile)
    {
        var session = Client.Session;
        return encoded.Length == 1 ? session.Send(encoded[0], isVolatile) : session.Send(encoded, isVolatile);
    }

    SocketInfo ILocalSocket.Describe() =>
        new(Id, Handshake, Rooms, _data is { } data ? new Dictionary<string, object?>(data) : new Dictionary<string, object?>());

    void ILocalSocket.Join(IEnumerable<string> rooms) => Namespace.Adapter.AddAll(Id, rooms);

    void ILocalSocket.Leave(string room) => Leave(room);

    void ILocalSocket.Disconnect(bool close) => Disconnect(close);
}
