using SocketIO.Engine;
using SocketIO.Protocol;
using Microsoft.Extensions.Logging;

namespace SocketIO.Adapters;

/// <summary>
/// What Core gives an adapter: its namespace's local view. Adapters reach local sockets only
/// through this interface, never through the runtime's concrete types.
/// </summary>
public interface IAdapterHost
{
    /// <summary>The namespace name.</summary>
    string Name { get; }

    /// <summary>The packet parser, to encode a broadcast once.</summary>
    IPacketParser Parser { get; }

    /// <summary>Clock for timeouts.</summary>
    TimeProvider Time { get; }

    /// <summary>Logger for the adapter.</summary>
    ILogger Logger { get; }

    /// <summary>A new server-originated ack id (per-namespace counter, shared with broadcasts).</summary>
    long NextAckId();

    /// <summary>Finds a connected local socket.</summary>
    bool TryGetSocket(string id, out ILocalSocket socket);

    // The server's instruments and this namespace's metric attribute, for Core's adapters (internal, with defaults,
    // so that the public contract is unchanged).
    internal Diagnostics.SocketIOMetrics? Metrics => null;

    internal string MetricName => Name;

    /// <summary>Connection state recovery settings; null when recovery is off.</summary>
    ConnectionStateRecoveryOptions? Recovery => null;

    /// <summary>Delivers a server-side emit from another node to local listeners; the ack (if any) carries the first reply.</summary>
    void OnServerSideEmit(PacketData data, Action<PacketData?>? ack);
}

/// <summary>A connected socket on this node, as an adapter sees it.</summary>
public interface ILocalSocket
{
    /// <summary>The socket id.</summary>
    string Id { get; }

    /// <summary>Describes the socket (fetchSockets).</summary>
    SocketInfo Describe();

    /// <summary>Queues already-encoded engine packets; false when dropped or closed.</summary>
    bool Deliver(EnginePacket[] encoded, bool isVolatile);

    /// <summary>Waits for the client's ack of a server-originated packet id.</summary>
    void ExpectAck(long id, Action<PacketData?> onAck);

    // Drops an expectation registered with ExpectAck (delivery dropped, or the broadcast timed out).
    // Internal with a no-op default, so the public contract is unchanged for other implementations.
    internal void CancelAck(long id)
    {
    }

    // Connection state recovery: a stored event with this offset was just sent to the socket (queued, or dropped by
    // a closing connection), which remembers the last one for its session. Internal with a no-op default, as CancelAck.
    internal void OnStoredDelivered(string offset)
    {
    }

    /// <summary>Joins rooms.</summary>
    void Join(IEnumerable<string> rooms);

    /// <summary>Leaves a room.</summary>
    void Leave(string room);

    /// <summary>Disconnects the socket; with <paramref name="close"/> the whole client connection.</summary>
    void Disconnect(bool close);
}

/// <summary>Creates one adapter per namespace.</summary>
public interface IAdapterFactory
{
    /// <summary>Creates the adapter for a namespace.</summary>
    Adapter Create(IAdapterHost host);
}
