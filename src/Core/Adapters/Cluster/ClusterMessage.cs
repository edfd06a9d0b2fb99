using SocketIO.Protocol;

namespace SocketIO.Adapters.Cluster;

/// <summary>
/// One message between nodes, in a serializer-neutral shape: socket.io-adapter's envelope
/// <c>{uid, nsp, type, data}</c> with <c>data</c>'s fields lifted out. Which fields are set depends on
/// <see cref="Type"/>; a broker plug-in encodes it in its own format (see <see cref="ClusterMessageCodec"/>).
/// </summary>
public sealed record ClusterMessage
{
    /// <summary>The message type.</summary>
    public required ClusterMessageType Type { get; init; }

    /// <summary>The sending node's id (<c>"emitter"</c> for a redis emitter; empty when the protocol omits it).</summary>
    public string Uid { get; init; } = "";

    /// <summary>The namespace the message is for.</summary>
    public string Namespace { get; init; } = "/";

    /// <summary>Correlates a request with its responses; on a broadcast or server-side emit it asks for acks.</summary>
    public string? RequestId { get; init; }

    /// <summary>
    /// The payload as an argument array: a broadcast's or server-side emit's <c>[event, ...args]</c>, or the
    /// arguments of an ack (a response carries only the first one on the wire, as Node does).
    /// </summary>
    public PacketData? Data { get; init; }

    /// <summary>Which sockets a broadcast, join, leave, disconnect or fetch selects.</summary>
    public BroadcastOptions? Options { get; init; }

    /// <summary>The rooms to join or leave, or every room of a node (all-rooms response).</summary>
    public IReadOnlyList<string>? Rooms { get; init; }

    /// <summary>For a disconnect: close the whole client connection.</summary>
    public bool Close { get; init; }

    /// <summary>A node's sockets (fetch-sockets response).</summary>
    public IReadOnlyList<SocketInfo>? Sockets { get; init; }

    /// <summary>How many clients a node reached (broadcast client count).</summary>
    public int ClientCount { get; init; }

    /// <summary>True for the types that answer a request.</summary>
    public bool IsResponse => Type is ClusterMessageType.FetchSocketsResponse or ClusterMessageType.ServerSideEmitResponse
        or ClusterMessageType.BroadcastClientCount or ClusterMessageType.BroadcastAck or ClusterMessageType.AllRoomsResponse;
}
