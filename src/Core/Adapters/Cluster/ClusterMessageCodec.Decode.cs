using System.Text.Json;
using System.Runtime.InteropServices;
using SocketIO.Protocol;
using SocketIO.Serialization.Msgpack;

namespace SocketIO.Adapters.Cluster;

public static partial class ClusterMessageCodec
{
    /// <summary>Deepest nesting accepted in a message from a broker.</summary>
    public const int MaxDepth = 64;

    /// <summary>Decodes a JSON or msgpack envelope.</summary>
    /// <exception cref="ClusterMessageFormatException">The body is not a valid message.</exception>
    public static ClusterMessage Decode(ReadOnlyMemory<byte> body)
    {
        var (root, attachments) = ParseBody(body);
        try
        {
            return FromJson(root, attachments);
        }
        catch (InvalidOperationException ex)
        {
            // System.Text.Json cannot read an escaped lone surrogate ("\ud800") as a string.
            throw new ClusterMessageFormatException($"a string of the message cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Parses a JSON or msgpack body into JSON in which every binary value is a placeholder for one of
    /// the returned attachments (the runtime's payload form).
    /// </summary>
    /// <exception cref="ClusterMessageFormatException">The body is neither valid JSON nor valid msgpack.</exception>
    public static (JsonElement Root, List<ReadOnlyMemory<byte>> Attachments) ParseBody(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
            throw new ClusterMessageFormatException("empty message");
        var attachments = new List<ReadOnlyMemory<byte>>();
        try
        {
            if (body.Span[0] == (byte)'{')
            {
                // JsonDocument does not validate UTF-8 inside strings, and invalid bytes would be passed on to clients as is.
                if (!System.Text.Unicode.Utf8.IsValid(body.Span))
                    throw new ClusterMessageFormatException("not a valid JSON message: invalid UTF-8");
                return (JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxDepth }).RootElement, attachments);
            }
            using var buffer = new PooledBufferWriter();
            using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true, MaxDepth = MaxDepth + 1 }))
            {
                var reader = new MsgpackReader(body.Span, MaxDepth);
                reader.ReadJson(json, attachments);
                if (!reader.End)
                    throw new ClusterMessageFormatException($"{body.Length - reader.Position} bytes after the message");
            }
            return (JsonDocument.Parse(buffer.WrittenSpan.ToArray(), new JsonDocumentOptions { MaxDepth = MaxDepth + 1 }).RootElement, attachments);
        }
        catch (Exception ex) when (ex is JsonException or MsgpackException or InvalidOperationException)
        {
            throw new ClusterMessageFormatException($"not a valid {(body.Span[0] == (byte)'{' ? "JSON" : "msgpack")} message: {ex.Message}", ex);
        }
    }

    /// <summary>Reads socket.io-adapter's envelope <c>{uid, nsp, type, data}</c>.</summary>
    /// <exception cref="ClusterMessageFormatException">A field is missing or has the wrong type.</exception>
    public static ClusterMessage FromJson(JsonElement root, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new ClusterMessageFormatException("the message is not an object");
        if (!root.TryGetProperty("type"u8, out var typeElement) || !typeElement.TryGetInt32(out var type))
            throw new ClusterMessageFormatException("the message has no numeric type");
        var message = new ClusterMessage
        {
            Type = (ClusterMessageType)type,
            Uid = OptionalString(root, "uid") ?? "",
            Namespace = OptionalString(root, "nsp") ?? "/",
        };
        if (!root.TryGetProperty("data"u8, out var data) || data.ValueKind != JsonValueKind.Object)
            return message;
        message = message with { RequestId = OptionalString(data, "requestId") };
        switch (message.Type)
        {
            case ClusterMessageType.Broadcast:
                var packet = Required(data, "packet", JsonValueKind.Object);
                return message with { Options = ReadOptions(data), Data = ReadPacketData(Required(packet, "data", JsonValueKind.Array), attachments) };
            case ClusterMessageType.SocketsJoin or ClusterMessageType.SocketsLeave:
                return message with { Options = ReadOptions(data), Rooms = ReadStrings(Required(data, "rooms", JsonValueKind.Array)) };
            case ClusterMessageType.DisconnectSockets:
                return message with { Options = ReadOptions(data), Close = data.TryGetProperty("close"u8, out var close) && close.ValueKind == JsonValueKind.True };
            case ClusterMessageType.FetchSockets:
                return message with { Options = ReadOptions(data) };
            case ClusterMessageType.FetchSocketsResponse:
                return message with { Sockets = Required(data, "sockets", JsonValueKind.Array).EnumerateArray().Select(ReadSocket).ToList() };
            case ClusterMessageType.ServerSideEmit:
                return message with { Data = ReadPacketData(Required(data, "packet", JsonValueKind.Array), attachments) };
            case ClusterMessageType.ServerSideEmitResponse or ClusterMessageType.BroadcastAck:
                return message with { Data = data.TryGetProperty("packet"u8, out var arg) ? ReadSingleArgument(arg, attachments) : null };
            case ClusterMessageType.BroadcastClientCount:
                return message with { ClientCount = Required(data, "clientCount", JsonValueKind.Number).TryGetInt32(out var n) && n >= 0 ? n : throw new ClusterMessageFormatException("clientCount is not a count") };
            case ClusterMessageType.AllRoomsResponse:
                return message with { Rooms = ReadStrings(Required(data, "rooms", JsonValueKind.Array)) };
            default:
                return message;
        }
    }

    /// <summary>Reads Node's encoded options <c>{rooms, except, flags}</c>; missing parts mean "none".</summary>
    public static BroadcastOptions ReadOptions(JsonElement container)
    {
        if (!container.TryGetProperty("opts"u8, out var opts) || opts.ValueKind != JsonValueKind.Object)
            return BroadcastOptions.All;
        return ReadOptionsObject(opts);
    }

    /// <summary>Reads the options object itself: <c>{rooms, except, flags}</c>.</summary>
    public static BroadcastOptions ReadOptionsObject(JsonElement opts)
    {
        if (opts.ValueKind != JsonValueKind.Object)
            return BroadcastOptions.All;
        var flags = BroadcastFlags.None;
        if (opts.TryGetProperty("flags"u8, out var f) && f.ValueKind == JsonValueKind.Object)
        {
            flags = new BroadcastFlags
            {
                Volatile = f.TryGetProperty("volatile"u8, out var v) && v.ValueKind == JsonValueKind.True,
                Local = f.TryGetProperty("local"u8, out var l) && l.ValueKind == JsonValueKind.True,
                Compress = !(f.TryGetProperty("compress"u8, out var c) && c.ValueKind == JsonValueKind.False),
                Timeout = f.TryGetProperty("timeout"u8, out var t) && t.TryGetDouble(out var ms) && ms is > 0 and < int.MaxValue ? TimeSpan.FromMilliseconds(ms) : null,
            };
        }
        return new BroadcastOptions
        {
            Rooms = ReadSet(opts, "rooms"),
            Except = ReadSet(opts, "except"),
            Flags = flags,
        };
    }

    private static HashSet<string> ReadSet(JsonElement opts, string name) =>
        opts.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? new HashSet<string>(ReadStrings(list), StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Reads an array of strings (numbers are written as JS would stringify them; other values are refused).</summary>
    public static List<string> ReadStrings(JsonElement array)
    {
        var result = new List<string>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
            result.Add(item.ValueKind switch
            {
                JsonValueKind.String => item.GetString()!,
                JsonValueKind.Number => item.GetRawText(),
                _ => throw new ClusterMessageFormatException($"a room name is a {item.ValueKind}"),
            });
        return result;
    }

    /// <summary>
    /// The payload form of a JSON value of the message, with its own attachments numbered from 0
    /// (placeholders in <paramref name="value"/> refer to the whole message's <paramref name="attachments"/>).
    /// </summary>
    public static PacketData ReadPacketData(JsonElement value, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        if (attachments.Count == 0)
            return new PacketData(JsonMarshal.GetRawUtf8Value(value).ToArray());
        var own = new List<ReadOnlyMemory<byte>>();
        using var buffer = new PooledBufferWriter();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
            Renumber(json, value, attachments, own);
        return new PacketData(buffer.WrittenSpan.ToArray(), own);
    }

    /// <summary>A response's single value (the first argument of an ack) as the runtime's argument array <c>[value]</c>.</summary>
    public static PacketData ReadSingleArgument(JsonElement value, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        var single = ReadPacketData(value, attachments);
        var utf8 = new byte[single.Utf8Json.Length + 2];
        utf8[0] = (byte)'[';
        single.Utf8Json.Span.CopyTo(utf8.AsSpan(1));
        utf8[^1] = (byte)']';
        return new PacketData(utf8, single.Attachments);
    }

    private static void Renumber(Utf8JsonWriter json, JsonElement value, IReadOnlyList<ReadOnlyMemory<byte>> all, List<ReadOnlyMemory<byte>> own)
    {
        if (Placeholder.TryGetIndex(value, out var index))
        {
            if ((uint)index >= (uint)all.Count)
                throw new ClusterMessageFormatException($"placeholder {index} has no attachment");
            Placeholder.Write(json, own.Count);
            own.Add(all[index]);
            return;
        }
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                json.WriteStartObject();
                foreach (var p in value.EnumerateObject())
                {
                    json.WritePropertyName(p.Name);
                    Renumber(json, p.Value, all, own);
                }
                json.WriteEndObject();
                break;
            case JsonValueKind.Array:
                json.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                    Renumber(json, item, all, own);
                json.WriteEndArray();
                break;
            default:
                value.WriteTo(json);
                break;
        }
    }

    /// <summary>Reads a socket description <c>{id, handshake, rooms, data}</c> as Node's fetchSockets responses carry it.</summary>
    public static SocketInfo ReadSocket(JsonElement socket)
    {
        if (socket.ValueKind != JsonValueKind.Object)
            throw new ClusterMessageFormatException("a socket is not an object");
        var id = OptionalString(socket, "id") ?? throw new ClusterMessageFormatException("a socket has no id");
        var rooms = socket.TryGetProperty("rooms"u8, out var r) && r.ValueKind == JsonValueKind.Array ? new HashSet<string>(ReadStrings(r), StringComparer.Ordinal) : [];
        var data = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (socket.TryGetProperty("data"u8, out var d) && d.ValueKind == JsonValueKind.Object)
            foreach (var p in d.EnumerateObject())
                data[p.Name] = p.Value.Clone();
        var h = socket.TryGetProperty("handshake"u8, out var hs) && hs.ValueKind == JsonValueKind.Object ? hs : default;
        var handshake = h.ValueKind != JsonValueKind.Object ? new Handshake() : new Handshake
        {
            Headers = ReadStringMap(h, "headers"),
            Query = ReadStringMap(h, "query"),
            Auth = h.TryGetProperty("auth"u8, out var auth) ? auth.Clone() : default,
            Address = OptionalString(h, "address") ?? "",
            Time = OptionalString(h, "time") ?? "",
            Issued = h.TryGetProperty("issued"u8, out var issued) && issued.TryGetDouble(out var ms) ? (long)ms : 0,
            Url = OptionalString(h, "url") ?? "",
            Secure = h.TryGetProperty("secure"u8, out var secure) && secure.ValueKind == JsonValueKind.True,
            XDomain = h.TryGetProperty("xdomain"u8, out var xd) && xd.ValueKind == JsonValueKind.True,
        };
        return new SocketInfo(id, handshake, rooms, data);
    }

    // Node's headers and query may hold arrays (repeated names): they are joined as Node joins header values.
    private static Dictionary<string, string> ReadStringMap(JsonElement container, string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!container.TryGetProperty(name, out var obj) || obj.ValueKind != JsonValueKind.Object)
            return map;
        foreach (var p in obj.EnumerateObject())
            map[p.Name] = p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString()!,
                JsonValueKind.Array => string.Join(", ", p.Value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())),
                _ => p.Value.GetRawText(),
            };
        return map;
    }

    /// <summary>A string property, or null when absent or not a string.</summary>
    public static string? OptionalString(JsonElement container, string name) =>
        container.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static JsonElement Required(JsonElement container, string name, JsonValueKind kind) =>
        container.TryGetProperty(name, out var v) && v.ValueKind == kind ? v : throw new ClusterMessageFormatException($"'{name}' is missing or not {kind}");
}
