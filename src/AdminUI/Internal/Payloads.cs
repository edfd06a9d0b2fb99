using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocketIO.AdminUI.Internal;

// The shapes the UI reads (socketio/socket.io-admin-ui, lib/typed-events.ts). Names come from the attributes and the
// payloads are written with AdminJson.Options, so the application's own JSON settings never rename them.

/// <summary><c>config</c>: what the UI may offer.</summary>
internal sealed record AdminConfig([property: JsonPropertyName("supportedFeatures")] IReadOnlyList<string> SupportedFeatures);

/// <summary><c>server_stats</c>, broadcast every 2 s.</summary>
internal sealed record ServerStats(
    [property: JsonPropertyName("serverId")] string ServerId,
    [property: JsonPropertyName("hostname")] string Hostname,
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("uptime")] double Uptime,
    [property: JsonPropertyName("clientsCount")] int ClientsCount,
    [property: JsonPropertyName("pollingClientsCount")] int PollingClientsCount,
    [property: JsonPropertyName("aggregatedEvents")] IReadOnlyList<AggregatedEvent> AggregatedEvents,
    [property: JsonPropertyName("namespaces")] IReadOnlyList<NamespaceDetails> Namespaces);

/// <summary>A count of engine events in one second (<c>timestamp</c> in ms, whole seconds).</summary>
internal sealed record AggregatedEvent(
    [property: JsonPropertyName("timestamp")] long Timestamp,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("subType")] string? SubType,
    [property: JsonPropertyName("count")] long Count);

/// <summary>A namespace and its number of sockets on this node.</summary>
internal sealed record NamespaceDetails(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("socketsCount")] int SocketsCount);

/// <summary>A socket as the UI lists it (Node's <c>SerializedSocket</c>).</summary>
internal sealed record SerializedSocket(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("clientId")] string? ClientId,
    [property: JsonPropertyName("transport")] string? Transport,
    [property: JsonPropertyName("nsp")] string Nsp,
    [property: JsonPropertyName("data")] JsonElement Data,
    [property: JsonPropertyName("handshake")] SerializedHandshake Handshake,
    [property: JsonPropertyName("rooms")] IReadOnlyCollection<string> Rooms);

/// <summary>The handshake fields the UI shows (the auth payload is left out, as in Node).</summary>
internal sealed record SerializedHandshake(
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("headers")] IReadOnlyDictionary<string, string> Headers,
    [property: JsonPropertyName("query")] IReadOnlyDictionary<string, string> Query,
    [property: JsonPropertyName("issued")] long Issued,
    [property: JsonPropertyName("secure")] bool Secure,
    [property: JsonPropertyName("time")] string Time,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("xdomain")] bool XDomain);

/// <summary><c>socket_updated</c>: the new data, or the new transport after an upgrade.</summary>
internal sealed record SocketUpdate(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("nsp")] string Nsp,
    [property: JsonPropertyName("data")] JsonElement? Data,
    [property: JsonPropertyName("transport")] string? Transport);

/// <summary>
/// What the instrumentation keeps in <c>socket.Data["_admin"]</c> in development mode, as Node's <c>socket.data._admin</c>:
/// fetchSockets carries it to the other nodes, whose UI reads the client id and transport from it.
/// </summary>
internal sealed record AdminMeta(
    [property: JsonPropertyName("clientId")] string ClientId,
    [property: JsonPropertyName("transport")] string Transport);

/// <summary>The serializer settings of the payloads above.</summary>
internal static class AdminJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        // JSON.stringify leaves non-ASCII text unescaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // Absent rather than null, as JSON.stringify drops undefined.
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static JsonElement ToElement<T>(T value) => JsonSerializer.SerializeToElement(value, Options);

    /// <summary>A Date as JSON.stringify writes it.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
