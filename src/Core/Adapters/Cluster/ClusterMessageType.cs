namespace SocketIO.Adapters.Cluster;

/// <summary>
/// The message types of socket.io-adapter's <c>ClusterAdapter</c> (socketio/socket.io,
/// packages/socket.io-adapter/lib/cluster-adapter.ts), with their wire numbers.
/// </summary>
public enum ClusterMessageType
{
    /// <summary>A node starts; every other node answers with a heartbeat.</summary>
    InitialHeartbeat = 1,

    /// <summary>A node is alive.</summary>
    Heartbeat = 2,

    /// <summary>A broadcast; with a request id the sender wants client counts and acks.</summary>
    Broadcast = 3,

    /// <summary>The selected sockets join rooms.</summary>
    SocketsJoin = 4,

    /// <summary>The selected sockets leave rooms.</summary>
    SocketsLeave = 5,

    /// <summary>The selected sockets disconnect.</summary>
    DisconnectSockets = 6,

    /// <summary>A request for the selected sockets' descriptions.</summary>
    FetchSockets = 7,

    /// <summary>A node's answer to <see cref="FetchSockets"/>.</summary>
    FetchSocketsResponse = 8,

    /// <summary>An event for the other nodes' namespace listeners; with a request id the sender wants one reply per node.</summary>
    ServerSideEmit = 9,

    /// <summary>A node's reply to <see cref="ServerSideEmit"/>.</summary>
    ServerSideEmitResponse = 10,

    /// <summary>How many clients a node reached with a broadcast that wants acks.</summary>
    BroadcastClientCount = 11,

    /// <summary>One client's ack of a broadcast.</summary>
    BroadcastAck = 12,

    /// <summary>A node's adapter closes (it leaves the cluster).</summary>
    AdapterClose = 13,

    /// <summary>
    /// A request for every node's room names. Not part of the ClusterAdapter wire: only protocols that
    /// have it (the classic Redis adapter's ALL_ROOMS) send it.
    /// </summary>
    AllRooms = 100,

    /// <summary>A node's answer to <see cref="AllRooms"/>.</summary>
    AllRoomsResponse = 101,
}
