using SocketIO.Engine;
using SocketIO.Parsers.MessagePack.Tests.Support;
using SocketIO.Protocol;

namespace SocketIO.Parsers.MessagePack.Tests.Decoder;

/// <summary>
/// Bytes written by the official JS encoder (fixtures/packets.json). Each accepted packet must
/// decode to exactly what the default parser yields for the same JS packet, so handlers see the
/// same arguments whichever parser the server uses.
/// </summary>
public sealed class JsFixtureDecodingTests
{
    /// <summary>Accepted by the JS msgpack decoder, refused by socket.io's isPacketValid and by the default parser.</summary>
    private static readonly string[] RefusedLikeTheDefaultParser = ["event_empty", "event_reserved_name", "event_name_object", "ack_without_id", "event_eleven_buffers"];

    public static TheoryData<string> Accepted() => [.. Fixtures.Accepted.Except(RefusedLikeTheDefaultParser)];

    public static TheoryData<string> RefusedByJs() => [.. Fixtures.Refused];

    public static TheoryData<string> StricterThanJs() => [.. RefusedLikeTheDefaultParser];

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Js_encoded_packet_decodes_like_the_default_parser_reads_the_same_packet(string name)
    {
        var expected = Packets.DecodeAll(new JsonPacketParser(), Fixtures.DefaultFrames(name));

        var actual = Packets.DecodeAll(new MessagePackPacketParser(), [Fixtures.Message(name)]);

        PacketAssert.Same(expected, actual);
    }

    [Theory]
    [MemberData(nameof(RefusedByJs))]
    public void Packet_the_js_decoder_refuses_is_a_protocol_error(string name)
    {
        Packets.Rejects(Fixtures.Bytes(name));
    }

    [Theory]
    [MemberData(nameof(StricterThanJs))]
    public void Packet_socket_io_refuses_is_refused_by_both_parsers(string name)
    {
        Packets.Rejects(Fixtures.Bytes(name));
        var json = new JsonPacketParser().CreateDecoder();
        Assert.Throws<ProtocolException>(() =>
        {
            foreach (var frame in Fixtures.DefaultFrames(name))
                json.Decode(frame);
        });
    }

    [Fact]
    public void Eleven_buffers_pass_when_the_attachment_limit_allows_them()
    {
        var options = new ParserOptions { MaxAttachments = 11 };

        var actual = Packets.Decode(Fixtures.Bytes("event_eleven_buffers"), options);

        PacketAssert.Same(Packets.DecodeAll(new JsonPacketParser(options), Fixtures.DefaultFrames("event_eleven_buffers")), actual);
    }

    [Fact]
    public void Connect_without_auth_has_no_data()
    {
        var packet = Packets.Decode(Fixtures.Bytes("connect_without_auth"));

        Assert.Equal(PacketType.Connect, packet.Type);
        Assert.Equal("/", packet.Namespace);
        Assert.Null(packet.Data);
    }

    [Fact]
    public void Event_options_key_is_ignored_and_ack_id_kept()
    {
        var packet = Packets.Decode(Fixtures.Bytes("event_with_ack"));

        Assert.Equal(PacketType.Event, packet.Type);
        Assert.Equal(7, packet.Id);
        Assert.Equal("""["question",42]""", packet.Data!.ToString());
    }

    [Fact]
    public void Dates_become_the_iso_strings_json_stringify_writes()
    {
        var packet = Packets.Decode(Fixtures.Bytes("event_dates"));

        var args = packet.Data!.Root;
        Assert.Equal("2024-01-02T03:04:05.678Z", args[1].GetString());
        Assert.Equal("1969-12-31T23:59:59.999Z", args[3].GetString());
        Assert.Equal("-000001-06-15T12:00:00.000Z", args[5].GetString());
        Assert.Equal("+275760-09-13T00:00:00.000Z", args[6].GetString());
    }

    [Fact]
    public void Undefined_is_dropped_from_objects_and_null_in_arrays()
    {
        var packet = Packets.Decode(Fixtures.Bytes("event_undefined"));

        Assert.Equal("""["u",null,{"b":1},[null]]""", packet.Data!.ToString());
    }

    [Fact]
    public void Buffers_and_array_buffers_become_attachments_in_order_without_copying()
    {
        var message = Fixtures.Message("event_array_buffers");

        var packet = Packets.DecodeAll(new MessagePackPacketParser(), [message]);

        var attachments = packet.Data!.Attachments;
        Assert.Equal(5, attachments.Count);
        Assert.Equal(new byte[] { 1, 2, 3 }, attachments[0].ToArray());
        Assert.Equal(new byte[] { 1, 0, 0xff, 0xff }, attachments[2].ToArray());
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(attachments[0], out var segment));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(message.Payload, out var payload));
        Assert.Same(payload.Array, segment.Array);
    }

    [Fact]
    public void Binary_packets_of_the_json_parser_never_appear()
    {
        foreach (var name in Fixtures.Accepted.Except(RefusedLikeTheDefaultParser))
        {
            var packet = Packets.Decode(Fixtures.Bytes(name));
            Assert.True(packet.Type <= PacketType.ConnectError, name + " decoded as " + packet.Type);
        }
    }

    [Fact]
    public void Text_message_is_a_protocol_error()
    {
        Packets.Rejects(EnginePacket.FromText(EnginePacketType.Message, "2[\"hello\"]"));
    }

    [Fact]
    public async Task Committed_fixtures_match_what_the_installed_js_packages_write()
    {
        var fresh = await Node.RunAsync("fixtures/generate.js", "", "--stdout");

        Assert.Equal(Fixtures.FileText.ReplaceLineEndings(), fresh.ReplaceLineEndings());
    }
}
