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
    // One lock for the handler lists and the lifetime state (services scope, disconnect token): each is held briefly
    // and calls no user code, so they need not be separate (each Lock is 40 bytes on every socket).
    private readonly Lock _lock = new();

    internal Socket(Namespace nsp, Client client, Handshake handshake, PersistedSession? restored = null)
    {
        Namespace = nsp;
        Client = client;
        Handshake = handshake;
        if (restored is null)
        {
            Id = SessionId.New();
            // Connection state recovery: the private id that lets this client come back as this socket.
            if (nsp.Server.Options.ConnectionStateRecovery is not null)
                Pid = SessionId.New();
        }
        else
        {
            Id = restored.Sid;
            Pid = restored.Pid;
            Recovered = true;
            if (restored.Data.Count > 0)
                foreach (var (key, value) in restored.Data)
                    Data[key] = value;
        }
    }

    /// <summary>The socket id: new for every namespace connection, never the engine sid.</summary>
    public string Id { get; }

    /// <summary>The namespace.</summary>
    public Namespace Namespace { get; }

    /// <summary>
    /// True when connection state recovery restored this socket: the client came back in time with the same id,
    /// rooms and <see cref="Data"/>, and the events it missed were sent to it before the connection reply.
    /// </summary>
    public bool Recovered { get; }

    // Connection state recovery: the private session id (sent to the client only, in the CONNECT reply), the
    // adapter's offset when this socket connected, and the offset of the last stored event sent to it.
    internal string? Pid { get; }

    internal string? ConnectedOffset { get; set; }

    private string? _lastStoredOffset;

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
        {
            Fire("disconnecting", reason);
            if (Pid is not null && RecoverableReasons.Contains(reason))
                PersistSession();
        }
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

    // socket.io's RECOVERABLE_DISCONNECT_REASONS (socketio/socket.io, packages/socket.io/lib/socket.ts): the connection
    // was lost or the server went away. A namespace disconnect or a parse error ends the session for good.
    private static readonly HashSet<string> RecoverableReasons =
    [
        CloseReason.TransportError, CloseReason.TransportClose, CloseReason.ForcedClose, CloseReason.PingTimeout,
        "server shutting down", "forced server close",
    ];

    private void PersistSession()
    {
        // The adapter's offset first, then the socket's last one: an event stored between the two reads is after the
        // first, so a restore sends it; read the other way round, it could fall between the marks and be lost.
        var disconnected = Namespace.Adapter.CurrentOffset;
        var session = new PersistedSession(Id, Pid!, Rooms, _data is { } data ? new Dictionary<string, object?>(data) : new Dictionary<string, object?>())
        {
            LastDeliveredOffset = System.Threading.Volatile.Read(ref _lastStoredOffset),
            ConnectedOffset = ConnectedOffset,
            DisconnectedOffset = disconnected,
        };
        Namespace.Persist(session);
    }

    void ILocalSocket.OnStoredDelivered(string offset) => System.Threading.Volatile.Write(ref _lastStoredOffset, offset);

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
