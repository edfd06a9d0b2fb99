using System.Text;
using SocketIO.Engine;
using SocketIO.Protocol;
using SocketIO.Serialization;
using static SocketIO.Tests.Protocol.Wire;

namespace SocketIO.Tests.Protocol;

/// <summary>Encoder output for the examples of docs/protocol.md#packet-encoding and #binary-attachments. Each packet is an Engine.IO message, so frames start with <c>4</c>.</summary>
public sealed class JsonPacketEncoderTests
{
    private const string P0 = """{"_placeholder":true,"num":0}""";
    private const string P1 = """{"_placeholder":true,"num":1}""";

    private static readonly JsonPacketParser Parser = new();

    private static PacketData Data(string json, params byte[][] attachments) =>
        new(Utf8(json), attachments.Length == 0 ? null : attachments.Select(a => (ReadOnlyMemory<byte>)a).ToList());

    private static string EncodeSingle(SocketPacket packet)
    {
        var messages = Parser.Encode(packet);
        var message = Assert.Single(messages);
        Assert.Equal(EnginePacketType.Message, message.Type);
        return FrameText(message);
    }

    [Fact]
    public void Connect_to_main_namespace_is_40()
    {
        Assert.Equal("40", EncodeSingle(new SocketPacket(PacketType.Connect)));
    }

    [Fact]
    public void Connect_with_auth_payload()
    {
        Assert.Equal("""40{"token":"123"}""", EncodeSingle(new SocketPacket(PacketType.Connect, "/", Data("""{"token":"123"}"""))));
    }

    [Fact]
    public void Connect_to_custom_namespace_with_auth_payload()
    {
        Assert.Equal("""40/custom,{"token":"abc"}""", EncodeSingle(new SocketPacket(PacketType.Connect, "/custom", Data("""{"token":"abc"}"""))));
    }

    [Fact]
    public void Connect_reply_carries_the_socket_id()
    {
        Assert.Equal("""40{"sid":"abc123"}""", EncodeSingle(new SocketPacket(PacketType.Connect, "/", Data("""{"sid":"abc123"}"""))));
    }

    [Fact]
    public void Connect_to_namespace_without_payload_keeps_the_comma()
    {
        Assert.Equal("40/admin,", EncodeSingle(new SocketPacket(PacketType.Connect, "/admin")));
    }

    [Fact]
    public void Disconnect_is_41_with_namespace_and_comma()
    {
        Assert.Equal("41", EncodeSingle(new SocketPacket(PacketType.Disconnect)));
        Assert.Equal("41/admin,", EncodeSingle(new SocketPacket(PacketType.Disconnect, "/admin")));
    }

    [Fact]
    public void Connect_error_with_message_object()
    {
        Assert.Equal("""44{"message":"Not authorized"}""", EncodeSingle(new SocketPacket(PacketType.ConnectError, "/", Data("""{"message":"Not authorized"}"""))));
    }

    [Fact]
    public void Connect_error_for_unknown_namespace_echoes_the_namespace()
    {
        Assert.Equal("""44/random,{"message":"Invalid namespace"}""",
            EncodeSingle(new SocketPacket(PacketType.ConnectError, "/random", Data("""{"message":"Invalid namespace"}"""))));
    }

    [Fact]
    public void Event_with_ack_id()
    {
        Assert.Equal("""4212["foo"]""", EncodeSingle(new SocketPacket(PacketType.Event, "/", Data("""["foo"]"""), 12)));
    }

    [Fact]
    public void Event_without_ack_id()
    {
        Assert.Equal("""42["foo"]""", EncodeSingle(new SocketPacket(PacketType.Event, "/", Data("""["foo"]"""))));
    }

    [Fact]
    public void Event_in_namespace_with_ack_id()
    {
        Assert.Equal("""42/admin,13["bar"]""", EncodeSingle(new SocketPacket(PacketType.Event, "/admin", Data("""["bar"]"""), 13)));
    }

    [Fact]
    public void Ack_in_namespace_with_id()
    {
        Assert.Equal("""43/admin,13["bar"]""", EncodeSingle(new SocketPacket(PacketType.Ack, "/admin", Data("""["bar"]"""), 13)));
    }

    [Fact]
    public void Ack_with_empty_arguments()
    {
        Assert.Equal("430[]", EncodeSingle(new SocketPacket(PacketType.Ack, "/", Data("[]"), 0)));
    }

    [Fact]
    public void Large_ack_id_is_written_in_decimal()
    {
        Assert.Equal("""429007199254740991["x"]""", EncodeSingle(new SocketPacket(PacketType.Event, "/", Data("""["x"]"""), 9007199254740991)));
    }

    [Fact]
    public void Non_ascii_namespace_is_written_as_utf8()
    {
        var messages = Parser.Encode(new SocketPacket(PacketType.Event, "/ünï", Data("""["é"]""")));
        Assert.Equal("""42/ünï,["é"]""", FrameText(Assert.Single(messages)));
    }

    [Fact]
    public void Event_with_binary_becomes_binary_event_followed_by_its_attachment()
    {
        var messages = Parser.Encode(new SocketPacket(PacketType.Event, "/", Data($"""["baz",{P0}]""", new byte[] { 1, 2, 3 })));

        Assert.Equal(2, messages.Length);
        Assert.Equal("""451-["baz",{"_placeholder":true,"num":0}]""", FrameText(messages[0]));
        Assert.True(messages[1].IsBinary);
        Assert.Equal(EnginePacketType.Message, messages[1].Type);
        Assert.Equal(new byte[] { 1, 2, 3 }, messages[1].Frame.ToArray());
    }

    [Fact]
    public void Ack_with_binary_becomes_binary_ack_with_count_then_id()
    {
        var messages = Parser.Encode(new SocketPacket(PacketType.Ack, "/", Data($"""["bar",{P0}]""", new byte[] { 7 }), 15));

        Assert.Equal(2, messages.Length);
        Assert.Equal("""461-15["bar",{"_placeholder":true,"num":0}]""", FrameText(messages[0]));
        Assert.Equal(new byte[] { 7 }, messages[1].Frame.ToArray());
    }

    [Fact]
    public void Binary_event_in_namespace_writes_count_then_namespace_then_id()
    {
        var messages = Parser.Encode(new SocketPacket(PacketType.Event, "/admin", Data($"""["up",{P0},{P1}]""", new byte[] { 1 }, new byte[] { 2 }), 3));

        Assert.Equal(3, messages.Length);
        Assert.Equal($"""452-/admin,3["up",{P0},{P1}]""", FrameText(messages[0]));
        Assert.Equal(new byte[] { 1 }, messages[1].Frame.ToArray());
        Assert.Equal(new byte[] { 2 }, messages[2].Frame.ToArray());
    }

    [Fact]
    public void Binary_attachment_in_polling_text_form_is_b_and_base64()
    {
        var messages = Parser.Encode(new SocketPacket(PacketType.Event, "/", Data($"""["baz",{P0}]""", new byte[] { 1, 2, 3 })));
        Assert.Equal("bAQID", Encoding.ASCII.GetString(messages[1].TextFrame.Span));
        Assert.Equal("""451-["baz",{"_placeholder":true,"num":0}]""", Encoding.UTF8.GetString(messages[0].TextFrame.Span));
    }

    [Fact]
    public void Twelve_attachments_give_a_two_digit_count_and_twelve_binary_messages()
    {
        var attachments = Enumerable.Range(0, 12).Select(i => new[] { (byte)i }).ToArray();
        var json = "[\"many\"," + string.Join(",", Enumerable.Range(0, 12).Select(i => $$"""{"_placeholder":true,"num":{{i}}}""")) + "]";
        var messages = Parser.Encode(new SocketPacket(PacketType.Event, "/", Data(json, attachments)));

        Assert.Equal(13, messages.Length);
        Assert.StartsWith("4512-[\"many\",", FrameText(messages[0]));
        for (var i = 0; i < 12; i++)
            Assert.Equal(new[] { (byte)i }, messages[i + 1].Frame.ToArray());
    }

    [Fact]
    public void Packet_without_binary_is_never_typed_binary()
    {
        var serializer = new PayloadSerializer();
        var messages = Parser.Encode(new SocketPacket(PacketType.Event, "/", serializer.WriteEvent("foo", [1, "two", null])));
        Assert.Equal("""42["foo",1,"two",null]""", FrameText(Assert.Single(messages)));
    }

    [Fact]
    public void Serialized_byte_array_is_encoded_as_the_wire_example()
    {
        var serializer = new PayloadSerializer();
        var messages = Parser.Encode(new SocketPacket(PacketType.Event, "/", serializer.WriteEvent("baz", [new byte[] { 4, 5 }])));
        Assert.Equal("""451-["baz",{"_placeholder":true,"num":0}]""", FrameText(messages[0]));
        Assert.Equal(new byte[] { 4, 5 }, messages[1].Frame.ToArray());
    }

    [Fact]
    public void Serialized_connect_error_payload_is_encoded_as_the_wire_example()
    {
        var serializer = new PayloadSerializer();
        var data = serializer.WriteValue(new { message = "Not authorized" });
        Assert.Equal("""44{"message":"Not authorized"}""", EncodeSingle(new SocketPacket(PacketType.ConnectError, "/", data)));
    }

    [Fact]
    public void Encoded_frames_are_shared_byte_for_byte_by_repeated_encoding()
    {
        var packet = new SocketPacket(PacketType.Event, "/admin", Data("""["bar"]"""), 13);
        Assert.Equal(Parser.Encode(packet)[0].Frame.ToArray(), Parser.Encode(packet)[0].Frame.ToArray());
    }

    // ---- decode(wire) then encode gives the same wire strings ----

    [Theory]
    [InlineData("0")]
    [InlineData("""0{"token":"123"}""")]
    [InlineData("""0/custom,{"token":"abc"}""")]
    [InlineData("""0{"sid":"abc"}""")]
    [InlineData("0/admin,")]
    [InlineData("1/admin,")]
    [InlineData("""4{"message":"Not authorized"}""")]
    [InlineData("""4/random,{"message":"Invalid namespace"}""")]
    [InlineData("""212["foo"]""")]
    [InlineData("""3/admin,13["bar"]""")]
    [InlineData("""2/admin,13["bar"]""")]
    public void Text_examples_round_trip_through_decoder_and_encoder(string wire)
    {
        var packet = DecodeOne(wire);
        Assert.Equal("4" + wire, EncodeSingle(packet));
    }

    [Theory]
    [InlineData("""51-["baz",{"_placeholder":true,"num":0}]""")]
    [InlineData("""61-15["bar",{"_placeholder":true,"num":0}]""")]
    [InlineData("""52-/admin,7["x",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]""")]
    public void Binary_examples_round_trip_through_decoder_and_encoder(string wire)
    {
        var decoder = Decoder();
        Assert.Null(decoder.Decode(Text(wire)));
        var count = wire[1] - '0';
        SocketPacket? packet = null;
        for (var i = 0; i < count; i++)
            packet = decoder.Decode(Binary((byte)(i + 100), 0));
        Assert.NotNull(packet);

        var messages = Parser.Encode(packet);
        Assert.Equal(1 + count, messages.Length);
        Assert.Equal("4" + wire, FrameText(messages[0]));
        for (var i = 0; i < count; i++)
            Assert.Equal(new byte[] { (byte)(i + 100), 0 }, messages[i + 1].Frame.ToArray());

        // And the encoder's output decodes back to the same packet.
        var again = Decoder();
        SocketPacket? decoded = null;
        foreach (var message in messages)
            decoded = again.Decode(message);
        Assert.NotNull(decoded);
        Assert.Equal(packet.Type, decoded.Type);
        Assert.Equal(packet.Namespace, decoded.Namespace);
        Assert.Equal(packet.Id, decoded.Id);
        Assert.Equal(Json(packet), Json(decoded));
        Assert.Equal(count, decoded.Data!.Attachments.Count);
    }
}
