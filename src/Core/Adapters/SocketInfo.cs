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

/// <summary>A socket's state kept for connection state recovery.</summary>
public sealed record PersistedSession(
    string Sid,
    string Pid,
    [property: JsonConverter(typeof(StringSetJsonConverter))] IReadOnlySet<string> Rooms,
    IReadOnlyDictionary<string, object?> Data);
