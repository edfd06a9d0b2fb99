using System.Text.Json.Serialization;

namespace SocketIO.Adapters;

/// <summary>A serializable description of a socket, local or on another node (fetchSockets).</summary>
public sealed record SocketInfo(
    string Id,
    Handshake Handshake,
    [property: JsonConverter(typeof(StringSetJsonConverter))] IReadOnlySet<string> Rooms,
    IReadOnlyDictionary<string, object?> Data)
{
    /// <summary>The id of the node the socket lives on (<see cref="Adapter.NodeId"/>), when known.</summary>
    [JsonIgnore]
    public string? NodeId { get; init; }
}

/// <summary>
/// A socket's state kept for connection state recovery: its id, private id, rooms and data (what Node persists),
/// and the offsets that tell an adapter which stored events the client may have missed.
/// </summary>
public sealed record PersistedSession(
    string Sid,
    string Pid,
    [property: JsonConverter(typeof(StringSetJsonConverter))] IReadOnlySet<string> Rooms,
    IReadOnlyDictionary<string, object?> Data)
{
    /// <summary>
    /// The offset of the last stored event sent to the socket before it disconnected (queued, or dropped by its closing
    /// connection); null when none was.
    /// </summary>
    [JsonIgnore]
    public string? LastDeliveredOffset { get; init; }

    /// <summary>The adapter's <see cref="Adapter.CurrentOffset"/> when the socket connected or was last restored.</summary>
    [JsonIgnore]
    public string? ConnectedOffset { get; init; }

    /// <summary>
    /// The adapter's <see cref="Adapter.CurrentOffset"/> when the socket disconnected, read before
    /// <see cref="LastDeliveredOffset"/>: every stored event after it may have missed the socket.
    /// </summary>
    [JsonIgnore]
    public string? DisconnectedOffset { get; init; }

    /// <summary>On a session returned by <see cref="Adapter.RestoreSessionAsync"/>: the offset the client sent, null when it sent none.</summary>
    [JsonIgnore]
    public string? Offset { get; init; }
}
