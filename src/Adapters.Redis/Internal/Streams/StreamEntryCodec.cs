using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SocketIO.Adapters.Cluster;
using SocketIO.Protocol;
using StackExchange.Redis;

namespace SocketIO.Adapters.Redis.Internal.Streams;

/// <summary>
/// The stream entries of Node's streams adapter (socketio/socket.io-redis-streams-adapter, lib/adapter.ts <c>encode</c>
/// and <c>decode</c>): fields <c>uid</c>, <c>nsp</c>, <c>type</c> and <c>data</c>, where <c>data</c> is the message's
/// data as <c>JSON.stringify</c> writes it, or base64 msgpack when a broadcast carries binary (and
/// <c>onlyPlaintext</c> is off). A reader tells them apart by the first character: <c>{</c> is JSON.
/// </summary>
internal static class StreamEntryCodec
{
    private static readonly JsonWriterOptions JsonOptions = new() { SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The entry's fields for XADD.</summary>
    public static NameValueEntry[] Encode(ClusterMessage m, bool onlyPlaintext)
    {
        // lib/adapter.ts: only these types may carry binary; of them only the broadcast goes to the stream.
        var binary = !onlyPlaintext && m.Type == ClusterMessageType.Broadcast && ClusterMessageCodec.HasBinary(m);
        string data;
        using (var buffer = new PooledBufferWriter())
        {
            if (binary)
            {
                WriteData(ClusterWriter.Msgpack(buffer), m);
                data = Convert.ToBase64String(buffer.WrittenSpan);
            }
            else
            {
                using (var json = new Utf8JsonWriter(buffer, JsonOptions))
                    WriteData(ClusterWriter.Json(json), m);
                data = Encoding.UTF8.GetString(buffer.WrittenSpan);
            }
        }
        return
        [
            new("uid", m.Uid),
            new("nsp", m.Namespace),
            new("type", ((int)m.Type).ToString(CultureInfo.InvariantCulture)),
            new("data", data),
        ];
    }

    // The `data` of socket.io-adapter's ClusterAdapter messages (packages/socket.io-adapter/lib/cluster-adapter.ts),
    // in its key order; the broadcast packet has no nsp, as Node's broadcast() leaves it out.
    private static void WriteData(ClusterWriter w, ClusterMessage m)
    {
        var options = m.Options ?? BroadcastOptions.All;
        switch (m.Type)
        {
            case ClusterMessageType.Broadcast:
                w.Map(m.RequestId is null ? 2 : 3);
                w.Key("packet");
                w.Map(2);
                w.Property("type", (int)PacketType.Event);
                w.Key("data");
                ClusterMessageCodec.WriteArgs(w, m.Data);
                w.EndMap();
                w.Key("opts");
                ClusterMessageCodec.WriteOptions(w, options);
                if (m.RequestId is not null)
                    w.Property("requestId", m.RequestId);
                w.EndMap();
                break;
            case ClusterMessageType.SocketsJoin or ClusterMessageType.SocketsLeave:
                w.Map(2);
                w.Key("opts");
                ClusterMessageCodec.WriteOptions(w, options);
                w.Key("rooms");
                var rooms = m.Rooms ?? [];
                w.Strings(rooms, rooms.Count);
                w.EndMap();
                break;
            case ClusterMessageType.DisconnectSockets:
                w.Map(2);
                w.Key("opts");
                ClusterMessageCodec.WriteOptions(w, options);
                w.Property("close", m.Close);
                w.EndMap();
                break;
            default:
                // Node's ClusterAdapter (no heartbeat) puts nothing else in the stream; neither does this one.
                throw new NotSupportedException($"The streams protocol does not store {m.Type} messages in the stream.");
        }
    }

    /// <summary>Decodes an entry; anything malformed is refused with <see cref="ClusterMessageFormatException"/>.</summary>
    public static ClusterMessage Decode(RawStreamEntry entry, int maxSize)
    {
        if (entry.Nsp is null)
            throw new ClusterMessageFormatException("no nsp field");
        if (entry.Type is null || !int.TryParse(entry.Type, NumberStyles.None, CultureInfo.InvariantCulture, out var type))
            throw new ClusterMessageFormatException($"the type field '{Shorten(entry.Type)}' is not a number");
        var message = new ClusterMessage { Type = (ClusterMessageType)type, Uid = entry.Uid ?? "", Namespace = entry.Nsp };
        if (string.IsNullOrEmpty(entry.Data))
            return message;
        if (entry.Data.Length > maxSize)
            throw new ClusterMessageFormatException($"{entry.Data.Length} characters of data is over MaxMessageSize ({maxSize})");
        var (data, attachments) = ParseData(entry.Data);
        if (data.ValueKind != JsonValueKind.Object)
            throw new ClusterMessageFormatException("the data is not an object");
        return message.Type switch
        {
            ClusterMessageType.Broadcast => message with
            {
                RequestId = ClusterMessageCodec.OptionalString(data, "requestId"),
                Options = ClusterMessageCodec.ReadOptions(data),
                Data = ClusterMessageCodec.ReadPacketData(PacketArgs(data), attachments),
            },
            ClusterMessageType.SocketsJoin or ClusterMessageType.SocketsLeave => message with
            {
                Options = ClusterMessageCodec.ReadOptions(data),
                Rooms = data.TryGetProperty("rooms"u8, out var rooms) && rooms.ValueKind == JsonValueKind.Array
                    ? ClusterMessageCodec.ReadStrings(rooms)
                    : throw new ClusterMessageFormatException("a join or leave has no rooms"),
            },
            ClusterMessageType.DisconnectSockets => message with
            {
                Options = ClusterMessageCodec.ReadOptions(data),
                Close = data.TryGetProperty("close"u8, out var close) && close.ValueKind == JsonValueKind.True,
            },
            // Any other type (a peer that stores more than Node's 0.3 does): the generic envelope reader.
            _ => ClusterMessageCodec.FromJson(Envelope(message, data), attachments),
        };
    }

    /// <summary>Whether a raw entry is a broadcast of <paramref name="nsp"/>, without decoding it (replay filter, as Node's restoreSession).</summary>
    public static bool IsBroadcastOf(RawStreamEntry entry, string nsp) => entry.Nsp == nsp && entry.Type == "3";

    private static JsonElement PacketArgs(JsonElement data) =>
        data.TryGetProperty("packet"u8, out var packet) && packet.ValueKind == JsonValueKind.Object
            && packet.TryGetProperty("data"u8, out var args) && args.ValueKind == JsonValueKind.Array
            ? args
            : throw new ClusterMessageFormatException("a broadcast has no packet data array");

    private static (JsonElement Root, List<ReadOnlyMemory<byte>> Attachments) ParseData(string data)
    {
        if (data[0] == '{')
            return ClusterMessageCodec.ParseBody(Encoding.UTF8.GetBytes(data));
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(data);
        }
        catch (FormatException ex)
        {
            throw new ClusterMessageFormatException("the data is neither JSON nor base64", ex);
        }
        if (bytes.Length == 0 || bytes[0] == (byte)'{')
            throw new ClusterMessageFormatException("the base64 data is not msgpack");
        return ClusterMessageCodec.ParseBody(bytes);
    }

    private static JsonElement Envelope(ClusterMessage message, JsonElement data)
    {
        using var buffer = new PooledBufferWriter();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("uid", message.Uid);
            json.WriteString("nsp", message.Namespace);
            json.WriteNumber("type", (int)message.Type);
            json.WritePropertyName("data");
            data.WriteTo(json);
            json.WriteEndObject();
        }
        return JsonDocument.Parse(buffer.WrittenSpan.ToArray()).RootElement;
    }

    private static string Shorten(string? value) => value is null ? "" : value.Length <= 32 ? value : value[..32] + "…";
}
