using System.Text.Json;
using SocketIO.Adapters.Cluster;
using StackExchange.Redis;

namespace SocketIO.Adapters.Redis.Internal;

internal sealed partial class ClassicRedisAdapter
{
    // A broadcast on key#nsp# or key#nsp#room#: msgpack [uid, packet, opts].
    private void OnBroadcastMessage(RedisChannel redisChannel, RedisValue value)
    {
        var channel = redisChannel.ToString();
        try
        {
            if (!channel.StartsWith(_channel, StringComparison.Ordinal))
                return;
            // A one-room broadcast for a room this node does not have concerns none of its sockets.
            var room = channel.Length > _channel.Length ? channel[_channel.Length..^1] : "";
            if (room.Length > 0 && !HasRoom(room))
                return;
            var (root, attachments) = Parse(value);
            if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() < 3)
                throw new ClusterMessageFormatException("a broadcast is not [uid, packet, opts]");
            var packet = root[1];
            if (packet.ValueKind != JsonValueKind.Object || !packet.TryGetProperty("data"u8, out var data) || data.ValueKind != JsonValueKind.Array)
                throw new ClusterMessageFormatException("the broadcast packet has no data array");
            var nsp = ClusterMessageCodec.OptionalString(packet, "nsp") ?? "/";
            OnMessage(new ClusterMessage
            {
                Type = ClusterMessageType.Broadcast,
                Uid = root[0].ValueKind == JsonValueKind.String ? root[0].GetString()! : "",
                Namespace = nsp,
                Data = ClusterMessageCodec.ReadPacketData(data, attachments),
                Options = ClusterMessageCodec.ReadOptionsObject(root[2]),
            });
        }
        catch (Exception ex) when (ex is ClusterMessageFormatException or InvalidOperationException or FormatException)
        {
            RedisLog.Dropped(_logger, Host.Name, channel, ex.Message);
        }
    }

    private void OnChannelMessage(RedisChannel redisChannel, RedisValue value)
    {
        var channel = redisChannel.ToString();
        try
        {
            var (root, attachments) = Parse(value);
            if (root.ValueKind != JsonValueKind.Object)
                throw new ClusterMessageFormatException("not an object");
            if (channel == _responseChannel || channel == _specificResponseChannel)
                OnResponseMessage(root, attachments);
            else
                OnRequestMessage(root, attachments);
        }
        catch (Exception ex) when (ex is ClusterMessageFormatException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            RedisLog.Dropped(_logger, Host.Name, channel, ex.Message);
        }
    }

    private void OnRequestMessage(JsonElement request, List<ReadOnlyMemory<byte>> attachments)
    {
        var type = request.TryGetProperty("type"u8, out var t) && t.TryGetInt32(out var n) ? n : -1;
        var uid = ClusterMessageCodec.OptionalString(request, "uid") ?? "";
        var requestId = ClusterMessageCodec.OptionalString(request, "requestId");
        var hasOptions = request.TryGetProperty("opts"u8, out _);
        switch (type)
        {
            case Sockets when uid != Uid && requestId is not null:
                // Legacy (v6) request: the ids of this node's sockets in the rooms.
                var rooms = request.TryGetProperty("rooms"u8, out var r) && r.ValueKind == JsonValueKind.Array ? ClusterMessageCodec.ReadStrings(r) : [];
                var ids = LocalSocketIds(new HashSet<string>(rooms, StringComparer.Ordinal));
                PublishRaw(uid, Json(w =>
                {
                    w.Map(2);
                    w.Property("requestId", requestId);
                    w.Key("sockets");
                    w.Strings(ids, ids.Count);
                    w.EndMap();
                }));
                break;
            case AllRooms:
                OnMessage(new ClusterMessage { Type = ClusterMessageType.AllRooms, Uid = uid, Namespace = Host.Name, RequestId = requestId });
                break;
            case RemoteJoin or RemoteLeave or RemoteDisconnect when hasOptions:
                OnMessage(new ClusterMessage
                {
                    Type = type switch { RemoteJoin => ClusterMessageType.SocketsJoin, RemoteLeave => ClusterMessageType.SocketsLeave, _ => ClusterMessageType.DisconnectSockets },
                    Uid = uid,
                    Namespace = Host.Name,
                    Options = ClusterMessageCodec.ReadOptions(request),
                    Rooms = request.TryGetProperty("rooms"u8, out var joinRooms) && joinRooms.ValueKind == JsonValueKind.Array ? ClusterMessageCodec.ReadStrings(joinRooms) : [],
                    Close = request.TryGetProperty("close"u8, out var close) && close.ValueKind == JsonValueKind.True,
                });
                break;
            case RemoteJoin or RemoteLeave or RemoteDisconnect:
                OnLegacySocketRequest(type, request, uid, requestId);
                break;
            case RemoteFetch:
                OnMessage(new ClusterMessage { Type = ClusterMessageType.FetchSockets, Uid = uid, Namespace = Host.Name, RequestId = requestId, Options = ClusterMessageCodec.ReadOptions(request) });
                break;
            case ServerSideEmit:
                if (!request.TryGetProperty("data"u8, out var data) || data.ValueKind != JsonValueKind.Array)
                    throw new ClusterMessageFormatException("a server-side emit has no data array");
                OnMessage(new ClusterMessage { Type = ClusterMessageType.ServerSideEmit, Uid = uid, Namespace = Host.Name, RequestId = requestId, Data = ClusterMessageCodec.ReadPacketData(data, attachments) });
                break;
            case Broadcast:
                if (!request.TryGetProperty("packet"u8, out var packet) || !packet.TryGetProperty("data"u8, out var args) || args.ValueKind != JsonValueKind.Array)
                    throw new ClusterMessageFormatException("a broadcast request has no packet data");
                OnMessage(new ClusterMessage
                {
                    Type = ClusterMessageType.Broadcast,
                    Uid = uid,
                    Namespace = Host.Name,
                    RequestId = requestId ?? throw new ClusterMessageFormatException("a broadcast request has no requestId"),
                    Data = ClusterMessageCodec.ReadPacketData(args, attachments),
                    Options = ClusterMessageCodec.ReadOptions(request),
                });
                break;
            case Sockets:
                break;
            default:
                throw new ClusterMessageFormatException($"unknown request type {type}");
        }
    }

    // Legacy (v6) remote join/leave/disconnect of one socket by id, answered with {requestId}.
    private void OnLegacySocketRequest(int type, JsonElement request, string uid, string? requestId)
    {
        var sid = ClusterMessageCodec.OptionalString(request, "sid");
        if (sid is null || !Host.TryGetSocket(sid, out var socket))
            return;
        var room = ClusterMessageCodec.OptionalString(request, "room");
        if (type == RemoteJoin && room is not null)
            socket.Join([room]);
        else if (type == RemoteLeave && room is not null)
            socket.Leave(room);
        else if (type == RemoteDisconnect)
            socket.Disconnect(request.TryGetProperty("close"u8, out var close) && close.ValueKind == JsonValueKind.True);
        if (requestId is not null)
            PublishRaw(uid, Json(w =>
            {
                w.Map(1);
                w.Property("requestId", requestId);
                w.EndMap();
            }));
    }

    private void OnResponseMessage(JsonElement response, List<ReadOnlyMemory<byte>> attachments)
    {
        var requestId = ClusterMessageCodec.OptionalString(response, "requestId");
        if (requestId is null)
            return;
        var type = response.TryGetProperty("type"u8, out var t) && t.TryGetInt32(out var n) ? n : -1;
        ClusterMessage? message = null;
        if (response.TryGetProperty("sockets"u8, out var sockets) && sockets.ValueKind == JsonValueKind.Array)
        {
            // Socket ids (the legacy SOCKETS answer) are not fetchSockets answers.
            if (sockets.GetArrayLength() == 0 || sockets[0].ValueKind == JsonValueKind.Object)
                message = new ClusterMessage { Type = ClusterMessageType.FetchSocketsResponse, Uid = ClusterMessageCodec.OptionalString(response, "uid") ?? "", RequestId = requestId, Namespace = Host.Name, Sockets = sockets.EnumerateArray().Select(ClusterMessageCodec.ReadSocket).ToList() };
        }
        else if (response.TryGetProperty("rooms"u8, out var rooms) && rooms.ValueKind == JsonValueKind.Array)
        {
            message = new ClusterMessage { Type = ClusterMessageType.AllRoomsResponse, RequestId = requestId, Namespace = Host.Name, Rooms = ClusterMessageCodec.ReadStrings(rooms) };
        }
        else if (type == ServerSideEmit)
        {
            message = new ClusterMessage { Type = ClusterMessageType.ServerSideEmitResponse, RequestId = requestId, Namespace = Host.Name, Data = response.TryGetProperty("data"u8, out var d) ? ClusterMessageCodec.ReadSingleArgument(d, attachments) : null };
        }
        else if (type == BroadcastClientCount)
        {
            var count = response.TryGetProperty("clientCount"u8, out var c) && c.TryGetInt32(out var v) && v >= 0 ? v : throw new ClusterMessageFormatException("clientCount is not a count");
            message = new ClusterMessage { Type = ClusterMessageType.BroadcastClientCount, RequestId = requestId, Namespace = Host.Name, ClientCount = count };
        }
        else if (type == BroadcastAck)
        {
            message = new ClusterMessage { Type = ClusterMessageType.BroadcastAck, RequestId = requestId, Namespace = Host.Name, Data = response.TryGetProperty("packet"u8, out var p) ? ClusterMessageCodec.ReadSingleArgument(p, attachments) : null };
        }
        if (message is not null)
            OnResponse(message);
    }

    private void PublishRaw(string requesterUid, byte[] body)
    {
        var channel = _options.PublishOnSpecificResponseChannel && requesterUid.Length > 0 ? $"{_responseChannel}{requesterUid}#" : _responseChannel;
        Subscriber().PublishAsync(RedisChannel.Literal(channel), body).ContinueWith(
            static (t, s) => { _ = t.Exception; },
            null, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private (JsonElement Root, List<ReadOnlyMemory<byte>> Attachments) Parse(RedisValue value)
    {
        var body = (ReadOnlyMemory<byte>)value;
        if (body.Length > _options.MaxMessageSize)
            throw new ClusterMessageFormatException($"{body.Length} bytes is over MaxMessageSize ({_options.MaxMessageSize})");
        return ClusterMessageCodec.ParseBody(body);
    }
}
