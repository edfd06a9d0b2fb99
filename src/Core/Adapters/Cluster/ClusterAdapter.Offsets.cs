using SocketIO.Protocol;

namespace SocketIO.Adapters.Cluster;

public abstract partial class ClusterAdapter
{
    /// <inheritdoc />
    public override ValueTask EmitToSocketAsync(string socketId, SocketPacket packet)
    {
        // As socket.io-adapter: socket.emit becomes a broadcast to the socket's room, published so that another
        // node can replay it to the client when it comes back there.
        if (Host.Recovery is null || StoresEventsLocally)
            return base.EmitToSocketAsync(socketId, packet);
        return BroadcastAsync(packet, new BroadcastOptions { Rooms = new HashSet<string>(1, StringComparer.Ordinal) { socketId } });
    }
}
