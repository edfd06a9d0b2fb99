using System.Text.Json.Serialization;

namespace SocketIO.Adapters;

/// <summary>A serializable description of a socket, local or on another node (fetchSockets).</summary>
public sealed record SocketInfo(
    string Id,
    Handshake Handshake,
    [property: JsonConverter(typeof(StringSetJsonConverter))] IReadOnlySet<string> Rooms,
    IReadOnlyDictionary<string, object?> Data);

/// <summary>A socket's state kept for connection state recovery.</summary>
public sealed record PersistedSession(
    string Sid,
    string Pid,
    [property: JsonConverter(typeof(StringSetJsonConverter))] IReadOnlySet<string> Rooms,
    IReadOnlyDictionary<string, object?> Data);
