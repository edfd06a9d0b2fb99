using System.Text.Json;
using SocketIO.Protocol;
using SocketIO.Serialization.Msgpack;

namespace SocketIO.Adapters.Cluster;

/// <summary>
/// Encodes and decodes <see cref="ClusterMessage"/> in socket.io-adapter's envelope <c>{uid, nsp, type, data}</c>,
/// as JSON or as notepack-compatible msgpack (socketio/socket.io, packages/socket.io-adapter/lib/cluster-adapter.ts;
/// darrachequesne/notepack). A body that starts with <c>{</c> is JSON, anything else msgpack, as Node's
/// adapters tell them apart. Decoding never throws anything but <see cref="ClusterMessageFormatException"/>.
/// </summary>
public static partial class ClusterMessageCodec
{
    /// <summary>Encodes a message as JSON (binary values become Node's Buffer JSON, as <c>JSON.stringify</c> writes them).</summary>
    public static byte[] EncodeJson(ClusterMessage message, JsonSerializerOptions? dataOptions = null)
    {
        using var buffer = new PooledBufferWriter();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
            WriteMessage(ClusterWriter.Json(json), message, dataOptions ?? JsonSerializerOptions.Web);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Encodes a message as msgpack, the way notepack.io encodes the same JS object.</summary>
    public static byte[] EncodeMsgpack(ClusterMessage message, JsonSerializerOptions? dataOptions = null)
    {
        using var buffer = new PooledBufferWriter();
        WriteMessage(ClusterWriter.Msgpack(buffer), message, dataOptions ?? JsonSerializerOptions.Web);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>True when the message carries binary data (Node's sharded adapter then switches to msgpack).</summary>
    public static bool HasBinary(ClusterMessage message) => message.Data?.HasBinary == true;

    private static void WriteMessage(ClusterWriter sink, ClusterMessage m, JsonSerializerOptions dataOptions)
    {
        var hasData = m.Type is not (ClusterMessageType.InitialHeartbeat or ClusterMessageType.Heartbeat or ClusterMessageType.AdapterClose);
        sink.Map(hasData ? 4 : 3);
        sink.Property("uid", m.Uid);
        sink.Property("nsp", m.Namespace);
        sink.Property("type", (int)m.Type);
        if (hasData)
        {
            sink.Key("data");
            WriteData(sink, m, dataOptions);
        }
        sink.EndMap();
    }

    private static void WriteData(ClusterWriter sink, ClusterMessage m, JsonSerializerOptions dataOptions)
    {
        var requestId = m.RequestId;
        switch (m.Type)
        {
            case ClusterMessageType.Broadcast:
                sink.Map(requestId is null ? 2 : 3);
                sink.Key("opts");
                WriteOptions(sink, m.Options ?? BroadcastOptions.All);
                sink.Key("packet");
                WritePacket(sink, m.Data, m.Namespace);
                if (requestId is not null)
                    sink.Property("requestId", requestId);
                break;
            case ClusterMessageType.SocketsJoin or ClusterMessageType.SocketsLeave:
                sink.Map(2);
                sink.Key("opts");
                WriteOptions(sink, m.Options ?? BroadcastOptions.All);
                sink.Key("rooms");
                var rooms = m.Rooms ?? [];
                sink.Strings(rooms, rooms.Count);
                break;
            case ClusterMessageType.DisconnectSockets:
                sink.Map(2);
                sink.Key("opts");
                WriteOptions(sink, m.Options ?? BroadcastOptions.All);
                sink.Property("close", m.Close);
                break;
            case ClusterMessageType.FetchSockets:
                sink.Map(2);
                sink.Key("opts");
                WriteOptions(sink, m.Options ?? BroadcastOptions.All);
                sink.Property("requestId", requestId ?? "");
                break;
            case ClusterMessageType.FetchSocketsResponse:
                sink.Map(2);
                sink.Property("requestId", requestId ?? "");
                sink.Key("sockets");
                var sockets = m.Sockets ?? [];
                sink.Array(sockets.Count);
                foreach (var socket in sockets)
                    WriteSocket(sink, socket, dataOptions);
                sink.EndArray();
                break;
            case ClusterMessageType.ServerSideEmit:
                sink.Map(requestId is null ? 1 : 2);
                if (requestId is not null)
                    sink.Property("requestId", requestId);
                sink.Key("packet");
                WriteArgs(sink, m.Data);
                break;
            case ClusterMessageType.ServerSideEmitResponse or ClusterMessageType.BroadcastAck:
                sink.Map(2);
                sink.Property("requestId", requestId ?? "");
                sink.Key("packet");
                WriteFirstArg(sink, m.Data);
                break;
            case ClusterMessageType.BroadcastClientCount:
                sink.Map(2);
                sink.Property("requestId", requestId ?? "");
                sink.Property("clientCount", m.ClientCount);
                break;
            case ClusterMessageType.AllRooms:
                sink.Map(1);
                sink.Property("requestId", requestId ?? "");
                break;
            case ClusterMessageType.AllRoomsResponse:
                sink.Map(2);
                sink.Property("requestId", requestId ?? "");
                sink.Key("rooms");
                var all = m.Rooms ?? [];
                sink.Strings(all, all.Count);
                break;
            default:
                sink.Map(0);
                break;
        }
        sink.EndMap();
    }

    /// <summary>Node's encodeOptions: <c>{rooms: [], except: [], flags: {…}}</c>.</summary>
    public static void WriteOptions(ClusterWriter sink, BroadcastOptions options)
    {
        sink.Map(3);
        sink.Key("rooms");
        sink.Strings(options.Rooms, options.Rooms.Count);
        sink.Key("except");
        sink.Strings(options.Except, options.Except.Count);
        sink.Key("flags");
        var f = options.Flags;
        var count = (f.Volatile ? 1 : 0) + (f.Local ? 1 : 0) + (f.Compress ? 0 : 1) + (f.Timeout is null ? 0 : 1);
        sink.Map(count);
        if (f.Volatile)
            sink.Property("volatile", true);
        if (f.Local)
            sink.Property("local", true);
        if (!f.Compress)
            sink.Property("compress", false);
        if (f.Timeout is { } timeout)
            sink.Property("timeout", (long)timeout.TotalMilliseconds);
        sink.EndMap();
        sink.EndMap();
    }

    /// <summary>A broadcast's packet as Node's broadcast() gets it: <c>{type: 2, data: [event, ...args], nsp}</c>.</summary>
    public static void WritePacket(ClusterWriter sink, PacketData? data, string nsp)
    {
        sink.Map(3);
        sink.Property("type", (int)PacketType.Event);
        sink.Key("data");
        WriteArgs(sink, data);
        sink.Property("nsp", nsp);
        sink.EndMap();
    }

    /// <summary>Writes an argument array (<c>[]</c> when null).</summary>
    public static void WriteArgs(ClusterWriter sink, PacketData? data)
    {
        if (data is null)
        {
            sink.Array(0);
            sink.EndArray();
            return;
        }
        sink.Value(data.Root, data.Attachments);
    }

    /// <summary>Writes the first argument of an ack (null when none): a response carries only that one, as Node's do.</summary>
    public static void WriteFirstArg(ClusterWriter sink, PacketData? data)
    {
        if (data is not null && data.Root.ValueKind == JsonValueKind.Array && data.Root.GetArrayLength() > 0)
            sink.Value(data.Root[0], data.Attachments);
        else
            sink.Null();
    }

    /// <summary>Writes a socket description <c>{id, handshake, rooms, data}</c> as Node's fetchSockets responses carry it.</summary>
    public static void WriteSocket(ClusterWriter sink, SocketInfo socket, JsonSerializerOptions dataOptions)
    {
        sink.Map(4);
        sink.Property("id", socket.Id);
        sink.Key("handshake");
        WriteHandshake(sink, socket.Handshake);
        sink.Key("rooms");
        sink.Strings(socket.Rooms, socket.Rooms.Count);
        sink.Key("data");
        var data = JsonSerializer.SerializeToElement(socket.Data, dataOptions);
        sink.Value(data, []);
        sink.EndMap();
    }

    private static void WriteHandshake(ClusterWriter sink, Handshake h)
    {
        sink.Map(9);
        sink.Key("headers");
        WriteStrings(sink, h.Headers);
        sink.Property("time", h.Time);
        sink.Property("address", h.Address);
        sink.Property("xdomain", h.XDomain);
        sink.Property("secure", h.Secure);
        sink.Property("issued", h.Issued);
        sink.Property("url", h.Url);
        sink.Key("query");
        WriteStrings(sink, h.Query);
        sink.Key("auth");
        if (h.Auth.ValueKind == JsonValueKind.Undefined)
        {
            sink.Map(0);
            sink.EndMap();
        }
        else
        {
            sink.Value(h.Auth, []);
        }
        sink.EndMap();
    }

    private static void WriteStrings(ClusterWriter sink, IReadOnlyDictionary<string, string> values)
    {
        sink.Map(values.Count);
        foreach (var (k, v) in values)
            sink.Property(k, v);
        sink.EndMap();
    }
}

/// <summary>A cluster message could not be decoded (not JSON or msgpack, or not the shape the protocol defines).</summary>
public sealed class ClusterMessageFormatException(string message, Exception? inner = null) : FormatException(message, inner);
