using System.Text.Json;
using SocketIO.Adapters.Cluster;
using SocketIO.Protocol;

namespace SocketIO.Adapters.Redis.Internal;

internal sealed partial class ClassicRedisAdapter
{
    // The classic protocol's request types (lib/index.ts RequestType).
    private const int Sockets = 0, AllRooms = 1, RemoteJoin = 2, RemoteLeave = 3, RemoteDisconnect = 4, RemoteFetch = 5,
        ServerSideEmit = 6, Broadcast = 7, BroadcastClientCount = 8, BroadcastAck = 9;

    private (string Channel, byte[] Body) Encode(ClusterMessage m)
    {
        switch (m.Type)
        {
            case ClusterMessageType.Broadcast when m.RequestId is null:
            {
                // msgpack [uid, packet, opts]; one room gets its own channel so that nodes without it can skip it.
                var options = m.Options ?? BroadcastOptions.All;
                var channel = options.Rooms.Count == 1 ? $"{_channel}{options.Rooms.First()}#" : _channel;
                return (channel, Msgpack(w =>
                {
                    w.Array(3);
                    w.String(Uid);
                    ClusterMessageCodec.WritePacket(w, m.Data, Host.Name);
                    ClusterMessageCodec.WriteOptions(w, options);
                    w.EndArray();
                }));
            }
            case ClusterMessageType.Broadcast:
                return (_requestChannel, Msgpack(w =>
                {
                    w.Map(5);
                    w.Property("uid", Uid);
                    w.Property("requestId", m.RequestId!);
                    w.Property("type", Broadcast);
                    w.Key("packet");
                    ClusterMessageCodec.WritePacket(w, m.Data, Host.Name);
                    w.Key("opts");
                    ClusterMessageCodec.WriteOptions(w, m.Options ?? BroadcastOptions.All);
                    w.EndMap();
                }));
            case ClusterMessageType.SocketsJoin or ClusterMessageType.SocketsLeave:
                return (_requestChannel, Json(w =>
                {
                    w.Map(4);
                    w.Property("uid", Uid);
                    w.Property("type", m.Type == ClusterMessageType.SocketsJoin ? RemoteJoin : RemoteLeave);
                    WriteRequestOptions(w, m.Options);
                    w.Key("rooms");
                    var rooms = m.Rooms ?? [];
                    w.Strings(rooms, rooms.Count);
                    w.EndMap();
                }));
            case ClusterMessageType.DisconnectSockets:
                return (_requestChannel, Json(w =>
                {
                    w.Map(4);
                    w.Property("uid", Uid);
                    w.Property("type", RemoteDisconnect);
                    WriteRequestOptions(w, m.Options);
                    w.Property("close", m.Close);
                    w.EndMap();
                }));
            case ClusterMessageType.FetchSockets:
                return (_requestChannel, Json(w =>
                {
                    w.Map(4);
                    w.Property("uid", Uid);
                    w.Property("requestId", m.RequestId ?? "");
                    w.Property("type", RemoteFetch);
                    WriteRequestOptions(w, m.Options);
                    w.EndMap();
                }));
            case ClusterMessageType.AllRooms:
                return (_requestChannel, Json(w =>
                {
                    w.Map(3);
                    w.Property("uid", Uid);
                    w.Property("requestId", m.RequestId ?? "");
                    w.Property("type", AllRooms);
                    w.EndMap();
                }));
            case ClusterMessageType.ServerSideEmit:
                return (_requestChannel, Json(w =>
                {
                    w.Map(m.RequestId is null ? 3 : 4);
                    w.Property("uid", Uid);
                    if (m.RequestId is not null)
                        w.Property("requestId", m.RequestId);
                    w.Property("type", ServerSideEmit);
                    w.Key("data");
                    ClusterMessageCodec.WriteArgs(w, m.Data);
                    w.EndMap();
                }));
            default:
                // Heartbeats and ADAPTER_CLOSE do not exist in this protocol (the server count is NUMSUB).
                throw new NotSupportedException($"The classic Redis protocol has no {m.Type} message.");
        }
    }

    // Node's responses have no uid; ours add it (Node ignores unknown fields) so that a fetched socket
    // knows its node and RemoteSocket can act locally when it is this one.
    private static byte[] EncodeResponse(ClusterMessage r) => r.Type switch
    {
        ClusterMessageType.FetchSocketsResponse => Json(w =>
        {
            w.Map(3);
            w.Property("uid", r.Uid);
            w.Property("requestId", r.RequestId ?? "");
            w.Key("sockets");
            var sockets = r.Sockets ?? [];
            w.Array(sockets.Count);
            foreach (var socket in sockets)
                ClusterMessageCodec.WriteSocket(w, socket, JsonSerializerOptions.Web);
            w.EndArray();
            w.EndMap();
        }),
        ClusterMessageType.AllRoomsResponse => Json(w =>
        {
            w.Map(2);
            w.Property("requestId", r.RequestId ?? "");
            w.Key("rooms");
            var rooms = r.Rooms ?? [];
            w.Strings(rooms, rooms.Count);
            w.EndMap();
        }),
        ClusterMessageType.ServerSideEmitResponse => Json(w =>
        {
            w.Map(3);
            w.Property("type", ServerSideEmit);
            w.Property("requestId", r.RequestId ?? "");
            w.Key("data");
            ClusterMessageCodec.WriteFirstArg(w, r.Data);
            w.EndMap();
        }),
        ClusterMessageType.BroadcastClientCount => Json(w =>
        {
            w.Map(3);
            w.Property("type", BroadcastClientCount);
            w.Property("requestId", r.RequestId ?? "");
            w.Property("clientCount", r.ClientCount);
            w.EndMap();
        }),
        ClusterMessageType.BroadcastAck => Msgpack(w =>
        {
            w.Map(3);
            w.Property("type", BroadcastAck);
            w.Property("requestId", r.RequestId ?? "");
            w.Key("packet");
            ClusterMessageCodec.WriteFirstArg(w, r.Data);
            w.EndMap();
        }),
        _ => throw new NotSupportedException($"The classic Redis protocol has no {r.Type} response."),
    };

    // Requests carry {rooms, except} only; flags travel with broadcasts.
    private static void WriteRequestOptions(ClusterWriter w, BroadcastOptions? options)
    {
        options ??= BroadcastOptions.All;
        w.Key("opts");
        w.Map(2);
        w.Key("rooms");
        w.Strings(options.Rooms, options.Rooms.Count);
        w.Key("except");
        w.Strings(options.Except, options.Except.Count);
        w.EndMap();
    }

    private static byte[] Json(Action<ClusterWriter> write)
    {
        using var buffer = new PooledBufferWriter();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
            write(ClusterWriter.Json(json));
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Msgpack(Action<ClusterWriter> write)
    {
        using var buffer = new PooledBufferWriter();
        write(ClusterWriter.Msgpack(buffer));
        return buffer.WrittenSpan.ToArray();
    }
}
