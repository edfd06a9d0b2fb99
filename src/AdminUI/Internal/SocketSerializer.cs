using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace SocketIO.AdminUI.Internal;

/// <summary>
/// Writes sockets as the UI lists them (Node's <c>serialize</c> in socketio/socket.io-admin-ui, lib/index.ts): the
/// client id and transport come from <c>data._admin</c>, which is left out of the data shown.
/// </summary>
internal sealed class SocketSerializer(SocketIOServer server, ILogger logger)
{
    public const string AdminKey = "_admin";
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;

    public SerializedSocket Serialize(Socket socket) =>
        Serialize(socket.Id, socket.Namespace.Name, socket.Handshake, socket.Rooms, socket.Data);

    public SerializedSocket Serialize(RemoteSocket socket, string nsp) =>
        Serialize(socket.Id, nsp, socket.Handshake, socket.Rooms, socket.Data);

    private SerializedSocket Serialize(string id, string nsp, Handshake handshake, IEnumerable<string> rooms, IEnumerable<KeyValuePair<string, object?>> data)
    {
        string? clientId = null, transport = null;
        foreach (var (key, value) in data)
            if (key == AdminKey)
                (clientId, transport) = ReadMeta(value);
        var headers = handshake.Headers;
        var address = headers.GetValueOrDefault("cf-connecting-ip") ?? headers.GetValueOrDefault("x-forwarded-for") ?? handshake.Address;
        return new SerializedSocket(id, clientId, transport, nsp, DataOf(id, data),
            new SerializedHandshake(address, headers, handshake.Query, handshake.Issued, handshake.Secure, handshake.Time, handshake.Url, handshake.XDomain),
            [.. rooms]);
    }

    /// <summary>The socket's data without <c>_admin</c>, written with the application's JSON settings.</summary>
    public JsonElement DataOf(string socketId, IEnumerable<KeyValuePair<string, object?>> data)
    {
        var shown = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in data)
            if (key != AdminKey)
                shown[key] = value;
        if (shown.Count == 0)
            return EmptyObject;
        try
        {
            return JsonSerializer.SerializeToElement(shown, server.Serializer.Options);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            AdminUILog.DataNotSerializable(logger, socketId, ex);
            return EmptyObject;
        }
    }

    /// <summary>The client id and transport of <c>_admin</c>: this node's record, or JSON from another node (Node's or ours).</summary>
    private static (string?, string?) ReadMeta(object? value) => value switch
    {
        AdminMeta meta => (meta.ClientId, meta.Transport),
        JsonElement { ValueKind: JsonValueKind.Object } json => (StringOf(json, "clientId"), StringOf(json, "transport")),
        IReadOnlyDictionary<string, object?> map => (map.GetValueOrDefault("clientId") as string, map.GetValueOrDefault("transport") as string),
        _ => (null, null),
    };

    private static string? StringOf(JsonElement json, string name) =>
        json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
