using System.Text.Json;
using SocketIO.Adapters;
using SocketIO.Adapters.Cluster;
using SocketIO.Fuzz.Support;
using SocketIO.Protocol;

namespace SocketIO.Fuzz.Tests.Properties;

/// <summary>The cluster envelope (socket.io-adapter's {uid, nsp, type, data}): Decode(Encode(message)) is the message, for every type.</summary>
public class ClusterCodecProperties
{
    private static Gen<string> Name => Generators.Text(loneSurrogates: false);

    private static Gen<IReadOnlySet<string>> RoomSet => Name.ListOf().Select(l => (IReadOnlySet<string>)new HashSet<string>(l.Take(5), StringComparer.Ordinal));

    private static Gen<BroadcastOptions> Options =>
        from rooms in RoomSet
        from except in RoomSet
        from flags in Gen.Elements(false, true).ArrayOf(3)
        from timeout in Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Choose(1, 100000)))
        select new BroadcastOptions
        {
            Rooms = rooms,
            Except = except,
            Flags = new BroadcastFlags { Volatile = flags[0], Local = flags[1], Compress = flags[2], Timeout = timeout == 0 ? null : TimeSpan.FromMilliseconds(timeout) },
        };

    private static Gen<PacketData> Args(bool binary, bool single = false) =>
        from name in Name
        from args in Generators.Value(3, binary, loneSurrogates: false).ListOf().Select(l => l.Take(4).ToArray())
        select Data(single ? new JArray([args.FirstOrDefault() ?? new JNull()]) : new JArray([new JString(name, false), .. args]));

    private static Gen<SocketInfo> Socket =>
        from id in Name
        from rooms in RoomSet
        from key in Name
        from value in Name
        from address in Name
        select new SocketInfo(id, new Handshake { Address = address, Url = "/socket.io/?EIO=4", Time = "now", Issued = 1700000000000 },
            rooms, new Dictionary<string, object?> { [key] = value });

    private static Gen<ClusterMessage> Message(bool binary) =>
        from type in Gen.Elements(Enum.GetValues<ClusterMessageType>())
        from uid in Name
        from nsp in Generators.Namespace(loneSurrogates: false)
        from requestId in Name
        from withRequest in Gen.Elements(true, false)
        from options in Options
        from rooms in Name.ListOf().Select(l => l.Take(5).ToList())
        from close in Gen.Elements(true, false)
        from count in Gen.Choose(0, int.MaxValue)
        from args in Args(binary)
        from first in Args(binary, single: true)
        from sockets in Socket.ListOf().Select(l => l.Take(3).ToList())
        select Build(new ClusterMessage { Type = type, Uid = uid, Namespace = nsp }, withRequest ? requestId : null, requestId, options, rooms, close, count, args, first, sockets);

    /// <summary>The fields each type carries on the wire (socketio/socket.io packages/socket.io-adapter/lib/cluster-adapter.ts).</summary>
    private static ClusterMessage Build(ClusterMessage m, string? optionalRequest, string request, BroadcastOptions options, List<string> rooms,
        bool close, int count, PacketData args, PacketData first, List<SocketInfo> sockets) => m.Type switch
    {
        ClusterMessageType.Broadcast => m with { Options = options, Data = args, RequestId = optionalRequest },
        ClusterMessageType.SocketsJoin or ClusterMessageType.SocketsLeave => m with { Options = options, Rooms = rooms },
        ClusterMessageType.DisconnectSockets => m with { Options = options, Close = close },
        ClusterMessageType.FetchSockets => m with { Options = options, RequestId = request },
        ClusterMessageType.FetchSocketsResponse => m with { RequestId = request, Sockets = sockets },
        ClusterMessageType.ServerSideEmit => m with { RequestId = optionalRequest, Data = args },
        ClusterMessageType.ServerSideEmitResponse or ClusterMessageType.BroadcastAck => m with { RequestId = request, Data = first },
        ClusterMessageType.BroadcastClientCount => m with { RequestId = request, ClientCount = count },
        ClusterMessageType.AllRooms => m with { RequestId = request },
        ClusterMessageType.AllRoomsResponse => m with { RequestId = request, Rooms = rooms },
        _ => m,
    };

    // Objects in JavaScript key order: a message comes from a JavaScript object, and msgpack writes keys in that order.
    private static PacketData Data(JsonValue value)
    {
        var attachments = new List<ReadOnlyMemory<byte>>();
        var json = JsonValue.Write(value.JsOrdered(), attachments);
        return new PacketData(json, attachments);
    }

    [Fact]
    public void Msgpack_decode_of_encode_is_the_message() =>
        Property.Check(Message(binary: true), m =>
            ClusterMessages.CheckSame(m, ClusterMessageCodec.Decode(ClusterMessageCodec.EncodeMsgpack(m)), "msgpack"));

    /// <summary>JSON carries no binary: Node's JSON adapters switch to msgpack for a message with binary, and so does this one.</summary>
    [Fact]
    public void Json_decode_of_encode_is_the_message_without_binary() =>
        Property.Check(Message(binary: false), m =>
        {
            Assert.False(ClusterMessageCodec.HasBinary(m));
            ClusterMessages.CheckSame(m, ClusterMessageCodec.Decode(ClusterMessageCodec.EncodeJson(m)), "json");
        });

    private static ClusterMessage WithArgument(string text) =>
        new() { Type = ClusterMessageType.ServerSideEmit, Uid = "a", Data = Data(new JArray([new JString("e", false), new JString(text, false)])) };

    /// <summary>msgpack strings are UTF-8: a lone surrogate in an argument travels as U+FFFD, as Core's msgpack writer documents (notepack.io writes a wrong 4-byte character for one).</summary>
    [Fact]
    public void A_lone_surrogate_in_an_argument_is_U_FFFD_in_msgpack() =>
        Property.Check(Generators.Text(loneSurrogates: true).Where(JsonValue.IsLone), text =>
        {
            var msgpack = ClusterMessageCodec.Decode(ClusterMessageCodec.EncodeMsgpack(WithArgument(text)));
            Assert.Equal(Codec.WellFormed(text), msgpack.Data!.Root[1].GetString());
        });

    /// <summary>
    /// JSON keeps the escape ("\ud800") as JSON.stringify writes it: EncodeJson writes values as they came (it once
    /// threw InvalidOperationException here, re-encoding them with JsonElement.WriteTo). Reachable: a default-parser
    /// client's argument broadcast through a JSON adapter (Redis classic or sharded).
    /// </summary>
    [Fact]
    public void A_lone_surrogate_in_an_argument_keeps_its_escape_in_JSON() =>
        Property.Check(Generators.Text(loneSurrogates: true).Where(JsonValue.IsLone), text =>
        {
            var json = ClusterMessageCodec.Decode(ClusterMessageCodec.EncodeJson(WithArgument(text)));
            Assert.Equal(text, JsonValues.CodeUnits(json.Data!.Root[1]));
        });
}
