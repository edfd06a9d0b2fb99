using System.Text.Json;
using SocketIO.Adapters.Cluster;
using SocketIO.Protocol;

namespace SocketIO.Adapters.Redis.Internal.Streams;

/// <summary>A disconnected session as stored in Redis, with this project's extra offsets when a .NET node wrote it.</summary>
/// <param name="Sid">The socket id.</param>
/// <param name="Pid">The private session id.</param>
/// <param name="Rooms">The socket's rooms, its own included.</param>
/// <param name="Data">The socket's data.</param>
/// <param name="Connected">The last stream entry the node had handled when the socket connected (or was restored).</param>
/// <param name="Delivered">The last stored event written to the socket.</param>
/// <param name="Disconnected">The last stream entry the node had handled when the socket disconnected.</param>
internal sealed record StoredSession(
    string Sid, string Pid, IReadOnlySet<string> Rooms, Dictionary<string, object?> Data,
    StreamId? Connected, StreamId? Delivered, StreamId? Disconnected);

/// <summary>
/// The session value Node's streams adapter stores at <c>sio:session:&lt;pid&gt;</c> (socketio/socket.io-redis-streams-adapter,
/// lib/adapter.ts <c>persistSession</c>): base64 of msgpack <c>{sid, pid, rooms, data}</c>. This project adds
/// <c>connectedOffset</c>, <c>lastDeliveredOffset</c> and <c>disconnectedOffset</c>; Node's restoreSession and socket.io's
/// Socket constructor read only the four keys they know, so a Node node still restores such a session.
/// </summary>
internal static class SessionCodec
{
    public static string Encode(PersistedSession session, StreamId? disconnected)
    {
        var extra = (session.ConnectedOffset is null ? 0 : 1) + (session.LastDeliveredOffset is null ? 0 : 1) + (disconnected is null ? 0 : 1);
        using var buffer = new PooledBufferWriter();
        var w = ClusterWriter.Msgpack(buffer);
        w.Map(4 + extra);
        w.Property("sid", session.Sid);
        w.Property("pid", session.Pid);
        w.Key("rooms");
        w.Strings(session.Rooms, session.Rooms.Count);
        w.Key("data");
        w.Value(JsonSerializer.SerializeToElement(session.Data, JsonSerializerOptions.Web), []);
        if (session.ConnectedOffset is { } connected)
            w.Property("connectedOffset", connected);
        if (session.LastDeliveredOffset is { } delivered)
            w.Property("lastDeliveredOffset", delivered);
        if (disconnected is not null)
            w.Property("disconnectedOffset", disconnected.Text);
        w.EndMap();
        return Convert.ToBase64String(buffer.WrittenSpan);
    }

    /// <exception cref="ClusterMessageFormatException">The value is not a session.</exception>
    public static StoredSession Decode(string value)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(value);
        }
        catch (FormatException ex)
        {
            throw new ClusterMessageFormatException("the session is not base64", ex);
        }
        if (bytes.Length == 0 || bytes[0] == (byte)'{')
            throw new ClusterMessageFormatException("the session is not msgpack");
        var (root, _) = ClusterMessageCodec.ParseBody(bytes);
        if (root.ValueKind != JsonValueKind.Object)
            throw new ClusterMessageFormatException("the session is not a map");
        var sid = ClusterMessageCodec.OptionalString(root, "sid") ?? throw new ClusterMessageFormatException("the session has no sid");
        var pid = ClusterMessageCodec.OptionalString(root, "pid") ?? throw new ClusterMessageFormatException("the session has no pid");
        var rooms = root.TryGetProperty("rooms"u8, out var r) && r.ValueKind == JsonValueKind.Array
            ? new HashSet<string>(ClusterMessageCodec.ReadStrings(r), StringComparer.Ordinal)
            : throw new ClusterMessageFormatException("the session has no rooms");
        var data = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (root.TryGetProperty("data"u8, out var d) && d.ValueKind == JsonValueKind.Object)
            foreach (var p in d.EnumerateObject())
                data[p.Name] = ToValue(p.Value);
        return new StoredSession(sid, pid, rooms, data, Offset(root, "connectedOffset"), Offset(root, "lastDeliveredOffset"), Offset(root, "disconnectedOffset"));
    }

    private static StreamId? Offset(JsonElement root, string name) =>
        StreamId.TryParse(ClusterMessageCodec.OptionalString(root, name), out var id) ? id : null;

    // Strings, booleans, numbers and null come back as .NET values, as the application stored them in Socket.Data;
    // objects and arrays stay JSON (as fetchSockets gives another node's data).
    private static object? ToValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.Number when value.TryGetInt64(out var n) => n,
        JsonValueKind.Number => value.GetDouble(),
        _ => value.Clone(),
    };
}
