using System.Text.Json;
using SocketIO.Engine;
using SocketIO.Protocol;
using SocketIO.Serialization;
using static SocketIO.Tests.Protocol.Wire;

namespace SocketIO.Tests.Protocol;

/// <summary>
/// <see cref="PayloadSerializer"/>: binary values anywhere in an object graph become placeholders
/// plus attachments (docs/protocol.md#binary-attachments), and come back as the same bytes.
/// </summary>
public sealed class PayloadSerializerTests
{
    public sealed record FileMeta(string Type, byte[] Data);

    public sealed record Upload(string Name, int Size, FileMeta Meta, List<byte[]> Chunks);

    public sealed record MemoryHolder(string Label, ReadOnlyMemory<byte> Content);

    public sealed record Optional(string Name, byte[]? Data);

    private static readonly PayloadSerializer Serializer = new();
    private static readonly JsonPacketParser Parser = new();

    private static string PlaceholderJson(int num) => $$"""{"_placeholder":true,"num":{{num}}}""";

    /// <summary>Sends <paramref name="data"/> as an event over the wire and returns what the receiver decodes.</summary>
    private static SocketPacket OverTheWire(PacketData data, PacketType type = PacketType.Event, long? id = null)
    {
        var messages = Parser.Encode(new SocketPacket(type, "/", data, id));
        Assert.Equal(1 + data.Attachments.Count, messages.Length);
        var decoder = Parser.CreateDecoder();
        SocketPacket? packet = null;
        foreach (var message in messages)
        {
            Assert.Null(packet);
            packet = decoder.Decode(message);
        }
        Assert.NotNull(packet);
        return packet;
    }

    private static SocketArgs EventArgs(SocketPacket packet) => new(packet.Data, 1, Serializer);

    [Fact]
    public void Object_graph_with_nested_byte_array_becomes_placeholders_and_attachments_in_depth_first_order()
    {
        var upload = new Upload("a.png", 3, new FileMeta("image/png", [1, 2, 3]), [[4], [5, 6]]);

        var data = Serializer.WriteEvent("upload", [upload]);

        Assert.Equal(
            $$"""["upload",{"name":"a.png","size":3,"meta":{"type":"image/png","data":{{PlaceholderJson(0)}}},"chunks":[{{PlaceholderJson(1)}},{{PlaceholderJson(2)}}]}]""",
            Json(data));
        Assert.True(data.HasBinary);
        Assert.Equal(3, data.Attachments.Count);
        Assert.Equal(new byte[] { 1, 2, 3 }, data.Attachments[0].ToArray());
        Assert.Equal(new byte[] { 4 }, data.Attachments[1].ToArray());
        Assert.Equal(new byte[] { 5, 6 }, data.Attachments[2].ToArray());
    }

    [Fact]
    public void Object_graph_with_nested_byte_array_deserializes_back_with_the_same_bytes()
    {
        var upload = new Upload("a.png", 3, new FileMeta("image/png", [1, 2, 3]), [[4], [5, 6]]);

        var received = OverTheWire(Serializer.WriteEvent("upload", [upload]));

        Assert.Equal("upload", received.Data!.Root[0].GetString());
        var copy = EventArgs(received).Get<Upload>(0);
        Assert.NotNull(copy);
        Assert.Equal("a.png", copy.Name);
        Assert.Equal(3, copy.Size);
        Assert.Equal("image/png", copy.Meta.Type);
        Assert.Equal(new byte[] { 1, 2, 3 }, copy.Meta.Data);
        Assert.Equal(2, copy.Chunks.Count);
        Assert.Equal(new byte[] { 4 }, copy.Chunks[0]);
        Assert.Equal(new byte[] { 5, 6 }, copy.Chunks[1]);
    }

    [Fact]
    public void Top_level_byte_array_argument_round_trips()
    {
        var received = OverTheWire(Serializer.WriteEvent("bin", [new byte[] { 0, 255, 128 }, "text"]));
        var args = EventArgs(received);

        Assert.Equal(2, args.Count);
        Assert.True(args.IsBinary(0));
        Assert.False(args.IsBinary(1));
        Assert.Equal(new byte[] { 0, 255, 128 }, args.Get<byte[]>(0));
        Assert.Equal(new byte[] { 0, 255, 128 }, args.GetBinary(0).ToArray());
        Assert.Equal("text", args.Get<string>(1));
    }

    [Fact]
    public void Read_only_memory_argument_becomes_an_attachment_and_round_trips()
    {
        var bytes = new byte[] { 9, 8, 7, 6 };
        var data = Serializer.WriteEvent("mem", [(ReadOnlyMemory<byte>)bytes.AsMemory(1, 2)]);

        Assert.Equal($"""["mem",{PlaceholderJson(0)}]""", Json(data));
        Assert.Equal(new byte[] { 8, 7 }, Assert.Single(data.Attachments).ToArray());

        var args = EventArgs(OverTheWire(data));
        Assert.Equal(new byte[] { 8, 7 }, args.Get<ReadOnlyMemory<byte>>(0).ToArray());
    }

    [Fact]
    public void Read_only_memory_property_round_trips()
    {
        var holder = new MemoryHolder("blob", new byte[] { 1, 1, 2, 3, 5, 8 });
        var data = Serializer.WriteEvent("holder", [holder]);

        Assert.Equal($$"""["holder",{"label":"blob","content":{{PlaceholderJson(0)}}}]""", Json(data));

        var copy = EventArgs(OverTheWire(data)).Get<MemoryHolder>(0);
        Assert.NotNull(copy);
        Assert.Equal("blob", copy.Label);
        Assert.Equal(new byte[] { 1, 1, 2, 3, 5, 8 }, copy.Content.ToArray());
    }

    [Fact]
    public void Memory_and_array_segment_arguments_become_attachments()
    {
        var data = Serializer.WriteEvent("more", [new Memory<byte>([1, 2]), new ArraySegment<byte>([0, 3, 4, 0], 1, 2)]);

        Assert.Equal($"""["more",{PlaceholderJson(0)},{PlaceholderJson(1)}]""", Json(data));
        var args = EventArgs(OverTheWire(data));
        Assert.Equal(new byte[] { 1, 2 }, args.Get<Memory<byte>>(0).ToArray());
        Assert.Equal(new byte[] { 3, 4 }, args.Get<ArraySegment<byte>>(1).ToArray());
    }

    [Fact]
    public void Payload_without_binary_has_no_attachments()
    {
        var data = Serializer.WriteEvent("plain", [new { a = 1, b = new[] { "x" } }]);

        Assert.Equal("""["plain",{"a":1,"b":["x"]}]""", Json(data));
        Assert.False(data.HasBinary);
        Assert.Empty(data.Attachments);
    }

    [Fact]
    public void Null_byte_array_is_null_not_an_attachment()
    {
        var data = Serializer.WriteEvent("opt", [new Optional("none", null)]);

        Assert.Equal("""["opt",{"name":"none","data":null}]""", Json(data));
        Assert.False(data.HasBinary);
        Assert.Null(EventArgs(OverTheWire(data)).Get<Optional>(0)!.Data);
    }

    [Fact]
    public void Empty_byte_array_is_still_an_attachment()
    {
        var data = Serializer.WriteEvent("empty", [Array.Empty<byte>()]);

        Assert.Equal($"""["empty",{PlaceholderJson(0)}]""", Json(data));
        Assert.Empty(EventArgs(OverTheWire(data)).Get<byte[]>(0)!);
    }

    [Fact]
    public void Ack_payload_with_binary_is_sent_as_binary_ack()
    {
        var data = Serializer.WriteArray(["ok", new byte[] { 42 }]);
        Assert.Equal($"""["ok",{PlaceholderJson(0)}]""", Json(data));

        var messages = Parser.Encode(new SocketPacket(PacketType.Ack, "/", data, 15));
        Assert.Equal($"""461-15["ok",{PlaceholderJson(0)}]""", FrameText(messages[0]));

        var received = OverTheWire(data, PacketType.Ack, 15);
        var args = new SocketArgs(received.Data, 0, Serializer);
        Assert.Equal("ok", args.Get<string>(0));
        Assert.Equal(new byte[] { 42 }, args.Get<byte[]>(1));
    }

    [Fact]
    public void Base64_string_reads_as_bytes_for_clients_without_binary()
    {
        var packet = DecodeOne("""2["bin","AQID"]""");
        Assert.Equal(new byte[] { 1, 2, 3 }, EventArgs(packet).Get<byte[]>(0));
    }

    [Fact]
    public void Custom_serializer_options_keep_binary_as_attachments()
    {
        var serializer = new PayloadSerializer(new JsonSerializerOptions());
        var data = serializer.WriteEvent("meta", [new FileMeta("t", [1])]);

        Assert.Equal($$"""["meta",{"Type":"t","Data":{{PlaceholderJson(0)}}}]""", Json(data));
        Assert.Single(data.Attachments);
    }

    [Fact]
    public void Concurrent_serializations_keep_their_own_attachments()
    {
        Parallel.For(0, 2000, i =>
        {
            var bytes = BitConverter.GetBytes(i);
            var data = Serializer.WriteEvent("n", [new FileMeta(i.ToString(), bytes)]);
            Assert.Equal(bytes, Assert.Single(data.Attachments).ToArray());
            var copy = Serializer.Read<FileMeta>(data.Root[1], data.Attachments);
            Assert.Equal(bytes, copy!.Data);
        });
    }

    // ---- re-emitting what was received keeps the binary ----

    private static SocketPacket ReceiveTwoBinaries() =>
        // Placeholders deliberately out of order: argument 0 is attachment 1 (0xB), argument 2 is attachment 0 (0xA).
        ReceiveRaw($"""52-["ev",{PlaceholderJson(1)},"text",{PlaceholderJson(0)}]""", new byte[] { 0xA }, new byte[] { 0xB });

    private static SocketPacket ReceiveRaw(string header, params byte[][] attachments)
    {
        var decoder = Parser.CreateDecoder();
        var packet = decoder.Decode(Text(header));
        foreach (var attachment in attachments)
        {
            Assert.Null(packet);
            packet = decoder.Decode(EnginePacket.FromBinary(attachment));
        }
        Assert.NotNull(packet);
        return packet;
    }

    [Fact]
    public void Received_socket_args_re_emitted_keep_their_binary_with_renumbered_placeholders()
    {
        var args = EventArgs(ReceiveTwoBinaries());

        var data = Serializer.WriteEvent("fwd", [args]);

        Assert.Equal($"""["fwd",{PlaceholderJson(0)},"text",{PlaceholderJson(1)}]""", Json(data));
        Assert.Equal(2, data.Attachments.Count);
        Assert.Equal(new byte[] { 0xB }, data.Attachments[0].ToArray());
        Assert.Equal(new byte[] { 0xA }, data.Attachments[1].ToArray());

        var messages = Parser.Encode(new SocketPacket(PacketType.Event, "/", data));
        Assert.Equal($"""452-["fwd",{PlaceholderJson(0)},"text",{PlaceholderJson(1)}]""", FrameText(messages[0]));

        var forwarded = EventArgs(OverTheWire(data));
        Assert.Equal(new byte[] { 0xB }, forwarded.Get<byte[]>(0));
        Assert.Equal("text", forwarded.Get<string>(1));
        Assert.Equal(new byte[] { 0xA }, forwarded.Get<byte[]>(2));
    }

    [Fact]
    public void Received_socket_args_nested_after_new_binary_are_renumbered_after_it()
    {
        var args = EventArgs(ReceiveTwoBinaries());

        var data = Serializer.WriteEvent("wrap", [new byte[] { 0xC }, args]);

        Assert.Equal($"""["wrap",{PlaceholderJson(0)},[{PlaceholderJson(1)},"text",{PlaceholderJson(2)}]]""", Json(data));
        Assert.Equal(new byte[] { 0xC }, data.Attachments[0].ToArray());
        Assert.Equal(new byte[] { 0xB }, data.Attachments[1].ToArray());
        Assert.Equal(new byte[] { 0xA }, data.Attachments[2].ToArray());
    }

    [Fact]
    public void Received_socket_args_re_emitted_as_ack_keep_their_binary()
    {
        var args = EventArgs(ReceiveTwoBinaries());

        var data = Serializer.WriteArray([args]);

        Assert.Equal($"""[{PlaceholderJson(0)},"text",{PlaceholderJson(1)}]""", Json(data));
        var messages = Parser.Encode(new SocketPacket(PacketType.Ack, "/", data, 4));
        Assert.Equal($"""462-4[{PlaceholderJson(0)},"text",{PlaceholderJson(1)}]""", FrameText(messages[0]));
        Assert.Equal(new byte[] { 0xB }, messages[1].Frame.ToArray());
        Assert.Equal(new byte[] { 0xA }, messages[2].Frame.ToArray());
    }

    [Fact]
    public void One_raw_argument_re_emitted_carries_only_its_own_attachment()
    {
        var args = EventArgs(ReceiveTwoBinaries());

        var data = Serializer.WriteEvent("one", [args.GetRaw(2)]);

        Assert.Equal($"""["one",{PlaceholderJson(0)}]""", Json(data));
        Assert.Equal(new byte[] { 0xA }, Assert.Single(data.Attachments).ToArray());
    }

    [Fact]
    public void Received_arguments_spread_as_raw_values_keep_their_binary()
    {
        var args = EventArgs(ReceiveTwoBinaries());

        var data = Serializer.WriteEvent("spread", args.ToArray());

        Assert.Equal($"""["spread",{PlaceholderJson(0)},"text",{PlaceholderJson(1)}]""", Json(data));
        Assert.Equal(new byte[] { 0xB }, data.Attachments[0].ToArray());
        Assert.Equal(new byte[] { 0xA }, data.Attachments[1].ToArray());
    }

    [Fact]
    public void Nested_received_binary_inside_an_object_is_kept_when_re_emitted()
    {
        var packet = ReceiveRaw($$"""51-["ev",{"file":{"bytes":{{PlaceholderJson(0)}}},"n":1}]""", new byte[] { 1, 2 });
        var args = EventArgs(packet);

        var data = Serializer.WriteEvent("again", [new byte[] { 0 }, args.GetRaw(0)]);

        Assert.Equal($$"""["again",{{PlaceholderJson(0)}},{"file":{"bytes":{{PlaceholderJson(1)}}},"n":1}]""", Json(data));
        Assert.Equal(new byte[] { 1, 2 }, data.Attachments[1].ToArray());
    }

    [Fact]
    public void Received_socket_args_without_binary_re_emit_as_plain_json()
    {
        var args = EventArgs(DecodeOne("""2["ev",1,{"a":"b"}]"""));

        var data = Serializer.WriteEvent("fwd", [args]);

        Assert.Equal("""["fwd",1,{"a":"b"}]""", Json(data));
        Assert.False(data.HasBinary);
    }
}
