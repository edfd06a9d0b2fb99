using System.Text;
using SocketIO.Engine;
using SocketIO.Protocol;
using static SocketIO.Tests.Protocol.Wire;

namespace SocketIO.Tests.Protocol;

/// <summary>The decoder rules of docs/protocol.md#socketio-packets, #binary-attachments and #decoder-rules, on wire strings.</summary>
public sealed class JsonPacketDecoderTests
{
    private const string P0 = """{"_placeholder":true,"num":0}""";
    private const string P1 = """{"_placeholder":true,"num":1}""";

    // ---- 2.4 rule 1: first character is the packet type, 0-6 ----

    [Theory]
    [InlineData("0", PacketType.Connect)]
    [InlineData("1", PacketType.Disconnect)]
    [InlineData("2", PacketType.Event)]
    [InlineData("31", PacketType.Ack)]
    [InlineData("4", PacketType.ConnectError)]
    public void Each_type_digit_decodes_to_its_packet_type(string text, PacketType expected)
    {
        Assert.Equal(expected, DecodeOne(text).Type);
    }

    [Theory]
    [InlineData("")]
    [InlineData("7")]
    [InlineData("8[\"a\"]")]
    [InlineData("9")]
    [InlineData("a")]
    [InlineData(" 2[\"a\"]")]
    [InlineData("-1")]
    [InlineData("[\"a\"]")]
    [InlineData("/admin,2")]
    public void Unknown_packet_type_is_rejected(string text)
    {
        Assert.Equal("unknown packet type", Rejects(text).Message);
    }

    // ---- 2.4 rule 2 and 2.3: attachment count of types 5/6 ----

    [Fact]
    public void Binary_event_header_announces_its_attachment_count()
    {
        var decoder = Decoder();
        Assert.Null(decoder.Decode(Text("""53-["a",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1},{"_placeholder":true,"num":2}]""")));
        Assert.Null(decoder.Decode(Binary(1)));
        Assert.Null(decoder.Decode(Binary(2)));
        var packet = decoder.Decode(Binary(3));
        Assert.NotNull(packet);
        Assert.Equal(3, packet.Data!.Attachments.Count);
    }

    [Theory]
    [InlineData("""5-["a"]""")]
    [InlineData("""5["a"]""")]
    [InlineData("""51["a",{"_placeholder":true,"num":0}]""")]
    [InlineData("5")]
    [InlineData("51")]
    [InlineData("""5a-["a"]""")]
    [InlineData("""51.5-["a"]""")]
    [InlineData("""5+1-["a"]""")]
    [InlineData("""5-1-["a"]""")]
    [InlineData("""5 1-["a"]""")]
    [InlineData("""5/admin,1-["a"]""")]
    [InlineData("6")]
    [InlineData("""6-1["a"]""")]
    [InlineData("""6x-1["a"]""")]
    public void Malformed_attachment_count_is_rejected(string text)
    {
        Assert.Equal("Illegal attachments", Rejects(text).Message);
    }

    [Fact]
    public void Attachment_count_with_leading_zeros_is_read_as_a_number()
    {
        var decoder = Decoder();
        Assert.Null(decoder.Decode(Text($"""501-["a",{P0}]""")));
        Assert.Single(decoder.Decode(Binary(7))!.Data!.Attachments);
    }

    [Fact]
    public void Ten_attachments_are_accepted_by_default()
    {
        var decoder = Decoder();
        var placeholders = string.Join(",", Enumerable.Range(0, 10).Select(i => $$"""{"_placeholder":true,"num":{{i}}}"""));
        Assert.Null(decoder.Decode(Text($"""510-["many",{placeholders}]""")));
        SocketPacket? packet = null;
        for (var i = 0; i < 10; i++)
        {
            Assert.Null(packet);
            packet = decoder.Decode(Binary((byte)i));
        }
        Assert.NotNull(packet);
        Assert.Equal(10, packet.Data!.Attachments.Count);
        for (var i = 0; i < 10; i++)
            Assert.Equal([(byte)i], packet.Data.Attachments[i].ToArray());
    }

    [Theory]
    [InlineData("""511-["a"]""")]
    [InlineData("""6100-1["a"]""")]
    [InlineData("""5999999999-["a"]""")]
    public void More_than_ten_attachments_are_rejected_by_default(string text)
    {
        Assert.Equal("too many attachments", Rejects(text).Message);
    }

    [Theory]
    [InlineData("""54294967297-["a",{"_placeholder":true,"num":0}]""")]
    [InlineData("""54294967306-["a"]""")]
    [InlineData("""699999999999999999999-1["a"]""")]
    public void Attachment_count_too_large_for_an_integer_is_rejected_not_wrapped(string text)
    {
        // 4294967297 wraps to 1 and 4294967306 to 10 in 32-bit arithmetic: they must not pass the limit.
        var ex = Rejects(text);
        Assert.Contains(ex.Message, new[] { "too many attachments", "Illegal attachments" });
    }

    [Fact]
    public void Attachment_limit_is_configurable_lower()
    {
        var options = new ParserOptions { MaxAttachments = 2 };
        Assert.Equal("too many attachments", Rejects("""53-["a"]""", options).Message);
        Assert.Null(Decoder(options).Decode(Text($"""52-["a",{P0},{P1}]""")));
    }

    [Fact]
    public void Attachment_limit_is_configurable_higher()
    {
        var options = new ParserOptions { MaxAttachments = 20 };
        var decoder = Decoder(options);
        Assert.Null(decoder.Decode(Text("""520-["a"]""")));
        for (var i = 0; i < 19; i++)
            Assert.Null(decoder.Decode(Binary(1)));
        Assert.Equal(20, decoder.Decode(Binary(1))!.Data!.Attachments.Count);
        Assert.Equal("too many attachments", Rejects("""521-["a"]""", options).Message);
    }

    [Fact]
    public void Attachment_limit_of_zero_refuses_all_binary()
    {
        var options = new ParserOptions { MaxAttachments = 0 };
        Assert.Equal("too many attachments", Rejects($"""51-["a",{P0}]""", options).Message);
        Assert.NotNull(Decoder(options).Decode(Text("""50-["a"]""")));
    }

    // ---- 2.4 rule 3: namespace ----

    [Fact]
    public void No_namespace_means_the_main_namespace()
    {
        Assert.Equal("/", DecodeOne("""2["foo"]""").Namespace);
        Assert.Equal("/", DecodeOne("0").Namespace);
    }

    [Fact]
    public void Namespace_followed_by_comma_is_read()
    {
        var packet = DecodeOne("""2/admin,["foo"]""");
        Assert.Equal("/admin", packet.Namespace);
        Assert.Equal("""["foo"]""", Json(packet));
    }

    [Theory]
    [InlineData("0/random")]
    [InlineData("0/random,")]
    public void Namespace_without_trailing_comma_is_accepted(string text)
    {
        var packet = DecodeOne(text);
        Assert.Equal(PacketType.Connect, packet.Type);
        Assert.Equal("/random", packet.Namespace);
        Assert.Null(packet.Data);
        Assert.Null(packet.Id);
    }

    [Fact]
    public void Connect_to_custom_namespace_with_auth_is_read()
    {
        var packet = DecodeOne("""0/custom,{"token":"abc"}""");
        Assert.Equal(PacketType.Connect, packet.Type);
        Assert.Equal("/custom", packet.Namespace);
        Assert.Equal("abc", packet.Data!.Root.GetProperty("token").GetString());
    }

    [Fact]
    public void Disconnect_from_namespace_is_read()
    {
        var packet = DecodeOne("1/admin,");
        Assert.Equal(PacketType.Disconnect, packet.Type);
        Assert.Equal("/admin", packet.Namespace);
        Assert.Null(packet.Data);
    }

    [Theory]
    [InlineData("""2/a/b/c,["x"]""", "/a/b/c")]
    [InlineData("""2/,["x"]""", "/")]
    [InlineData("""2/chat-room_1.v2,["x"]""", "/chat-room_1.v2")]
    [InlineData("""2/ünï©ødé,["x"]""", "/ünï©ødé")]
    [InlineData("""2/a b,["x"]""", "/a b")]
    public void Namespace_runs_to_the_first_comma(string text, string nsp)
    {
        Assert.Equal(nsp, DecodeOne(text).Namespace);
    }

    [Fact]
    public void Namespace_is_only_read_when_it_starts_with_a_slash()
    {
        // "admin,[...]" is not a namespace, so it is taken as the JSON payload and fails to parse.
        Assert.Equal("invalid payload", Rejects("""2admin,["x"]""").Message);
    }

    [Fact]
    public void Namespace_follows_the_attachment_count()
    {
        var decoder = Decoder();
        Assert.Null(decoder.Decode(Text($"""51-/admin,["a",{P0}]""")));
        Assert.Equal("/admin", decoder.Decode(Binary(1))!.Namespace);
    }

    [Fact]
    public void Namespace_at_the_length_limit_is_accepted_and_longer_is_rejected()
    {
        var options = new ParserOptions { MaxNamespaceLength = 8 };
        Assert.Equal("/abcdefg", DecodeOne("""2/abcdefg,["x"]""", options).Namespace);
        Assert.Equal("namespace too long", Rejects("""2/abcdefgh,["x"]""", options).Message);
        Assert.Equal("namespace too long", Rejects("0/abcdefgh", options).Message);
    }

    [Fact]
    public void Namespace_longer_than_default_limit_is_rejected()
    {
        var limit = new ParserOptions().MaxNamespaceLength;
        var ok = "/" + new string('n', limit - 1);
        Assert.Equal(ok, DecodeOne("0" + ok + ",").Namespace);
        Assert.IsType<ProtocolException>(Rejects("0/" + new string('n', limit) + ","));
        Assert.IsType<ProtocolException>(Rejects("""2/""" + new string('n', 100_000) + """,["x"]"""));
    }

    // ---- 2.4 rule 4: ack id ----

    [Fact]
    public void Ack_id_precedes_the_json()
    {
        var packet = DecodeOne("""212["foo"]""");
        Assert.Equal(PacketType.Event, packet.Type);
        Assert.Equal(12, packet.Id);
        Assert.Equal("""["foo"]""", Json(packet));
    }

    [Fact]
    public void Ack_id_follows_the_namespace()
    {
        var packet = DecodeOne("""3/admin,13["bar"]""");
        Assert.Equal(PacketType.Ack, packet.Type);
        Assert.Equal("/admin", packet.Namespace);
        Assert.Equal(13, packet.Id);
        Assert.Equal("bar", packet.Data!.Root[0].GetString());
    }

    [Fact]
    public void Ack_id_zero_is_an_id()
    {
        Assert.Equal(0, DecodeOne("""20["foo"]""").Id);
        Assert.Equal(0, DecodeOne("30[]").Id);
    }

    [Fact]
    public void Ack_id_is_the_maximal_run_of_digits()
    {
        Assert.Equal(123456789012345, DecodeOne("""2123456789012345["foo"]""").Id);
        // With no JSON after it, every digit belongs to the id.
        var packet = DecodeOne("2123");
        Assert.Equal(123, packet.Id);
        Assert.Null(packet.Data);
    }

    [Fact]
    public void Event_without_id_has_no_id()
    {
        Assert.Null(DecodeOne("""2["foo"]""").Id);
    }

    [Theory]
    [InlineData("""3["bar"]""")]
    [InlineData("3[]")]
    [InlineData("3/admin,[]")]
    [InlineData("3")]
    [InlineData("3/admin,")]
    public void Ack_without_id_is_rejected(string text)
    {
        Assert.Equal("invalid ack id", Rejects(text).Message);
    }

    [Fact]
    public void Binary_ack_without_id_is_rejected()
    {
        Assert.IsType<ProtocolException>(Rejects($"""61-["bar",{P0}]"""));
        Assert.IsType<ProtocolException>(Rejects("60-[]"));
    }

    [Theory]
    [InlineData("""29999999999999999["foo"]""")]
    [InlineData("""399999999999999999999999[]""")]
    [InlineData("""2/admin,12345678901234567890123456789["foo"]""")]
    public void Ack_id_too_long_to_be_an_exact_integer_is_rejected(string text)
    {
        Assert.Equal("invalid ack id", Rejects(text).Message);
    }

    [Theory]
    [InlineData("21a")]
    [InlineData("""2-1["foo"]""")]
    [InlineData("""21.5["foo"]""")]
    [InlineData("""2 1["foo"]""")]
    public void Ack_id_that_is_not_digits_is_rejected(string text)
    {
        Assert.IsType<ProtocolException>(Rejects(text));
    }

    // ---- 2.4 rule 5: JSON ----

    [Theory]
    [InlineData("2[\"foo\"")]
    [InlineData("""2["foo"]x""")]
    [InlineData("""2["foo"]]""")]
    [InlineData("2['foo']")]
    [InlineData("""2["foo",]""")]
    [InlineData("""2[foo]""")]
    [InlineData("0{token:1}")]
    [InlineData("""0{"a":1}{"b":2}""")]
    [InlineData("""2["foo"/*c*/]""")]
    [InlineData("""2["foo\x"]""")]
    [InlineData("""2["\uD800x"]x""")]
    [InlineData("0{")]
    [InlineData("4undefined")]
    [InlineData("""2[NaN]""")]
    public void Bad_json_is_rejected(string text)
    {
        Assert.Equal("invalid payload", Rejects(text).Message);
    }

    [Fact]
    public void Invalid_utf8_in_the_payload_is_rejected()
    {
        var frame = new byte[] { (byte)'4', (byte)'2', (byte)'[', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)']' };
        Assert.IsType<ProtocolException>(Rejects(Decoder(), EnginePacket.FromTextFrame(frame)));
    }

    [Fact]
    public void Invalid_utf8_in_an_argument_is_rejected()
    {
        var frame = Encoding.ASCII.GetBytes("42[\"ok\",\"..\"]");
        frame[^4] = 0xC0; // overlong lead byte
        Assert.Equal("invalid payload", Rejects(Decoder(), EnginePacket.FromTextFrame(frame)).Message);
    }

    [Fact]
    public void Event_name_that_is_an_unpaired_surrogate_escape_is_accepted_as_socket_io_parser_accepts_it()
    {
        // A JavaScript string may hold a lone surrogate; only the reserved names are refused.
        Assert.Equal("""["\uD800"]""", Json(DecodeOne("""2["\uD800"]""")));
        Assert.Equal("invalid payload", Rejects("""2["disconnect\u0069ng"]""").Message);
    }

    [Fact]
    public void Event_name_with_escapes_is_compared_unescaped()
    {
        // "connect" spelled with an escape is still the reserved name.
        Assert.Equal("invalid payload", Rejects("""2["conn\u0065ct"]""").Message);
        Assert.Equal("héllo", DecodeOne("""2["h\u00e9llo"]""").Data!.Root[0].GetString());
    }

    private static string NestedEvent(int depth) =>
        "2[\"deep\"," + new string('[', depth - 1) + new string(']', depth - 1) + "]";

    private static string NestedObjectConnect(int depth) =>
        "0" + string.Concat(Enumerable.Repeat("{\"a\":", depth - 1)) + "{}" + new string('}', depth - 1);

    [Fact]
    public void Json_at_the_depth_limit_is_accepted()
    {
        var depth = new ParserOptions().MaxDepth;
        Assert.Equal(PacketType.Event, DecodeOne(NestedEvent(depth)).Type);
        Assert.Equal(PacketType.Connect, DecodeOne(NestedObjectConnect(depth)).Type);
    }

    [Fact]
    public void Json_deeper_than_the_limit_is_rejected()
    {
        var depth = new ParserOptions().MaxDepth;
        Assert.Equal("invalid payload", Rejects(NestedEvent(depth + 1)).Message);
        Assert.Equal("invalid payload", Rejects(NestedObjectConnect(depth + 1)).Message);
        Assert.Equal("invalid payload", Rejects(NestedEvent(10_000)).Message);
    }

    [Theory]
    [InlineData("[", 1_000_000, "")] // a megabyte of nesting
    [InlineData("{\"a\":", 200_000, "")]
    [InlineData("1,", 500_000, "")] // an array that never ends
    [InlineData("x", 1_000_000, "\"a\"")] // a megabyte of bare word
    public void Oversized_json_is_rejected_with_a_protocol_error(string unit, int repeat, string tail)
    {
        var text = new StringBuilder("2[\"big\",").Insert(8, unit, repeat).Append(tail).ToString();
        Assert.Equal("invalid payload", Rejects(text).Message);
    }

    [Fact]
    public void Json_depth_limit_is_configurable()
    {
        var options = new ParserOptions { MaxDepth = 3 };
        Assert.NotNull(DecodeOne(NestedEvent(3), options));
        Assert.Equal("invalid payload", Rejects(NestedEvent(4), options).Message);
    }

    [Fact]
    public void Json_depth_limit_applies_to_binary_packets()
    {
        var depth = new ParserOptions().MaxDepth;
        var deep = "51-[\"deep\"," + new string('[', depth) + P0 + new string(']', depth) + "]";
        Assert.Equal("invalid payload", Rejects(deep).Message);
    }

    // ---- 2.1 payload validation by type (failure -> "invalid payload") ----

    [Theory]
    [InlineData("0{}")]
    [InlineData("""0{"token":"123"}""")]
    [InlineData("""0{"a":[1,{"b":null}]}""")]
    public void Connect_accepts_an_object(string text)
    {
        Assert.Equal(PacketType.Connect, DecodeOne(text).Type);
    }

    [Theory]
    [InlineData("0[]")]
    [InlineData("""0["token"]""")]
    [InlineData("0\"token\"")]
    [InlineData("0null")]
    [InlineData("0true")]
    [InlineData("0/admin,false")]
    [InlineData("0/admin,\"x\"")]
    public void Connect_with_a_non_object_payload_is_rejected(string text)
    {
        Assert.Equal("invalid payload", Rejects(text).Message);
    }

    [Fact]
    public void Connect_payload_is_exposed_as_parsed_json()
    {
        var packet = DecodeOne("""0{"token":"123"}""");
        Assert.Equal("""{"token":"123"}""", Json(packet));
        Assert.Equal("123", packet.Data!.Root.GetProperty("token").GetString());
        Assert.False(packet.Data.HasBinary);
    }

    [Theory]
    [InlineData("1{}")]
    [InlineData("1[]")]
    [InlineData("1\"bye\"")]
    [InlineData("1null")]
    [InlineData("1/admin,{}")]
    [InlineData("1/admin,[\"x\"]")]
    public void Disconnect_with_any_payload_is_rejected(string text)
    {
        Assert.Equal("invalid payload", Rejects(text).Message);
    }

    [Theory]
    [InlineData("""2["foo"]""")]
    [InlineData("""2["foo",1,"two",{"three":3},[4],null,true]""")]
    [InlineData("2[1]")]
    [InlineData("2[-1.5e3,\"x\"]")]
    [InlineData("""2[""]""")]
    [InlineData("""2["connection"]""")]
    [InlineData("""2["Connect"]""")]
    [InlineData("""2["error"]""")]
    [InlineData("""2["disconnected"]""")]
    public void Event_accepts_an_array_headed_by_a_number_or_non_reserved_string(string text)
    {
        Assert.Equal(PacketType.Event, DecodeOne(text).Type);
    }

    [Theory]
    [InlineData("2[]")]
    [InlineData("2{}")]
    [InlineData("""2{"0":"foo"}""")]
    [InlineData("2\"foo\"")]
    [InlineData("2null")]
    [InlineData("2true")]
    [InlineData("2[null]")]
    [InlineData("2[true,\"x\"]")]
    [InlineData("""2[{"name":"foo"}]""")]
    [InlineData("""2[["foo"]]""")]
    [InlineData("""2/admin,[null,"foo"]""")]
    public void Event_that_is_not_an_array_headed_by_a_name_is_rejected(string text)
    {
        Assert.Equal("invalid payload", Rejects(text).Message);
    }

    [Theory]
    [InlineData("connect")]
    [InlineData("connect_error")]
    [InlineData("disconnect")]
    [InlineData("disconnecting")]
    [InlineData("newListener")]
    [InlineData("removeListener")]
    public void Event_with_reserved_name_is_rejected(string name)
    {
        Assert.Equal("invalid payload", Rejects($"""2["{name}"]""").Message);
        Assert.Equal("invalid payload", Rejects($"""2/admin,7["{name}",1]""").Message);
        Assert.Equal("invalid payload", Rejects($"""51-["{name}",{P0}]""").Message);
    }

    [Theory]
    [InlineData("31[]")]
    [InlineData("""31["a",1]""")]
    [InlineData("31[null]")]
    [InlineData("""31[{"x":1}]""")]
    [InlineData("31[\"connect\"]")]
    public void Ack_accepts_any_array_including_empty(string text)
    {
        var packet = DecodeOne(text);
        Assert.Equal(PacketType.Ack, packet.Type);
        Assert.Equal(1, packet.Id);
    }

    [Theory]
    [InlineData("31{}")]
    [InlineData("31\"a\"")]
    [InlineData("31null")]
    [InlineData("31true")]
    public void Ack_with_a_non_array_payload_is_rejected(string text)
    {
        Assert.Equal("invalid payload", Rejects(text).Message);
    }

    [Theory]
    [InlineData("4\"Not authorized\"")]
    [InlineData("""4{"message":"Not authorized"}""")]
    [InlineData("""4/admin,{"message":"x","data":{"code":1}}""")]
    [InlineData("""4{}""")]
    public void Connect_error_accepts_a_string_or_an_object(string text)
    {
        Assert.Equal(PacketType.ConnectError, DecodeOne(text).Type);
    }

    [Theory]
    [InlineData("4[]")]
    [InlineData("""4["x"]""")]
    [InlineData("4null")]
    [InlineData("4true")]
    public void Connect_error_with_neither_string_nor_object_is_rejected(string text)
    {
        Assert.Equal("invalid payload", Rejects(text).Message);
    }

    // ---- 2.4 rule 6: no payload at all is accepted for every type ----

    [Theory]
    [InlineData("0", PacketType.Connect)]
    [InlineData("1", PacketType.Disconnect)]
    [InlineData("2", PacketType.Event)]
    [InlineData("31", PacketType.Ack)]
    [InlineData("4", PacketType.ConnectError)]
    [InlineData("50-", PacketType.Event)]
    [InlineData("60-1", PacketType.Ack)]
    [InlineData("2/admin,", PacketType.Event)]
    [InlineData("27", PacketType.Event)]
    public void Packet_without_payload_is_accepted(string text, PacketType type)
    {
        var packet = DecodeOne(text);
        Assert.Equal(type, packet.Type);
        Assert.Null(packet.Data);
    }

    // ---- 2.3 binary reconstruction ----

    [Fact]
    public void Binary_event_header_and_one_binary_message_make_one_packet()
    {
        var decoder = Decoder();
        Assert.Null(decoder.Decode(Text("""51-["baz",{"_placeholder":true,"num":0}]""")));
        var packet = decoder.Decode(Binary(1, 2, 3));

        Assert.NotNull(packet);
        Assert.Equal(PacketType.Event, packet.Type);
        Assert.True(packet.IsEvent);
        Assert.Equal("/", packet.Namespace);
        Assert.Null(packet.Id);
        Assert.True(packet.Data!.HasBinary);
        var attachment = Assert.Single(packet.Data.Attachments);
        Assert.Equal(new byte[] { 1, 2, 3 }, attachment.ToArray());
        Assert.Equal("""["baz",{"_placeholder":true,"num":0}]""", Json(packet));
        Assert.Equal("baz", packet.Data.Root[0].GetString());
        Assert.True(Placeholder.TryGetIndex(packet.Data.Root[1], out var num));
        Assert.Equal(0, num);
    }

    [Fact]
    public void Binary_ack_with_id_and_one_binary_message_make_one_ack()
    {
        var decoder = Decoder();
        Assert.Null(decoder.Decode(Text("""61-15["bar",{"_placeholder":true,"num":0}]""")));
        var packet = decoder.Decode(Binary(9));

        Assert.NotNull(packet);
        Assert.Equal(PacketType.Ack, packet.Type);
        Assert.True(packet.IsAck);
        Assert.Equal(15, packet.Id);
        Assert.Equal(new byte[] { 9 }, Assert.Single(packet.Data!.Attachments).ToArray());
    }

    [Fact]
    public void Binary_packet_in_a_namespace_with_id_is_reconstructed()
    {
        var decoder = Decoder();
        Assert.Null(decoder.Decode(Text($"""62-/admin,4[{P1},"x",{P0}]""")));
        Assert.Null(decoder.Decode(Binary(10)));
        var packet = decoder.Decode(Binary(20));

        Assert.NotNull(packet);
        Assert.Equal(PacketType.Ack, packet.Type);
        Assert.Equal("/admin", packet.Namespace);
        Assert.Equal(4, packet.Id);
        Assert.Equal(new byte[] { 10 }, packet.Data!.Attachments[0].ToArray());
        Assert.Equal(new byte[] { 20 }, packet.Data.Attachments[1].ToArray());
    }

    [Fact]
    public void Placeholders_nested_in_objects_and_arrays_are_accepted()
    {
        var decoder = Decoder();
        Assert.Null(decoder.Decode(Text($$"""52-["up",{"file":{"meta":[1,{{P0}}]},"thumb":{{P1}}}]""")));
        Assert.Null(decoder.Decode(Binary(1)));
        Assert.Equal(2, decoder.Decode(Binary(2))!.Data!.Attachments.Count);
    }

    [Fact]
    public void Binary_attachment_may_arrive_base64_encoded()
    {
        var decoder = Decoder();
        Assert.Null(decoder.Decode(Text($"""51-["baz",{P0}]""")));
        var packet = decoder.Decode(EnginePacket.FromTextFrame(Encoding.ASCII.GetBytes("bAQID")));
        Assert.Equal(new byte[] { 1, 2, 3 }, packet!.Data!.Attachments[0].ToArray());
    }

    [Fact]
    public void Text_message_during_reconstruction_is_rejected()
    {
        var decoder = Decoder();
        Assert.Null(decoder.Decode(Text($"""52-["baz",{P0},{P1}]""")));
        Assert.Null(decoder.Decode(Binary(1)));
        Assert.Equal("got plaintext data when reconstructing a packet", Rejects(decoder, Text("""2["foo"]""")).Message);
    }

    [Fact]
    public void Binary_message_without_a_pending_header_is_rejected()
    {
        Assert.Equal("got binary data when not reconstructing a packet", Rejects(Decoder(), Binary(1, 2)).Message);
    }

    [Fact]
    public void Extra_binary_message_after_a_completed_packet_is_rejected()
    {
        var decoder = Decoder();
        Assert.Null(decoder.Decode(Text($"""51-["baz",{P0}]""")));
        Assert.NotNull(decoder.Decode(Binary(1)));
        Assert.Equal("got binary data when not reconstructing a packet", Rejects(decoder, Binary(2)).Message);
    }

    [Fact]
    public void Binary_message_after_a_text_packet_is_rejected()
    {
        var decoder = Decoder();
        Assert.NotNull(decoder.Decode(Text("""2["foo"]""")));
        Assert.IsType<ProtocolException>(Rejects(decoder, Binary(1)));
    }

    [Theory]
    [InlineData("""51-["a",{"_placeholder":true,"num":1}]""")]
    [InlineData("""51-["a",{"_placeholder":true,"num":-1}]""")]
    [InlineData("""51-["a",{"_placeholder":true,"num":0.5}]""")]
    [InlineData("""51-["a",{"_placeholder":true,"num":"0"}]""")]
    [InlineData("""51-["a",{"_placeholder":true,"num":null}]""")]
    [InlineData("""51-["a",{"_placeholder":true}]""")]
    [InlineData("""51-["a",{"_placeholder":true,"num":1e300}]""")]
    [InlineData("""51-["a",{"x":[{"_placeholder":true,"num":2}]}]""")]
    [InlineData("""61-3[{"_placeholder":true,"num":5}]""")]
    public void Placeholder_num_out_of_range_is_rejected(string text)
    {
        var decoder = Decoder();
        Assert.Null(decoder.Decode(Text(text)));
        Assert.Equal("illegal attachments", Rejects(decoder, Binary(1)).Message);
    }

    [Theory]
    [InlineData("""50-["a"]""", PacketType.Event, null)]
    [InlineData("""50-/admin,["a",1]""", PacketType.Event, null)]
    [InlineData("""60-3[]""", PacketType.Ack, 3L)]
    [InlineData("""60-3["x"]""", PacketType.Ack, 3L)]
    public void Binary_packet_with_zero_attachments_completes_immediately(string text, PacketType type, long? id)
    {
        var decoder = Decoder();
        var packet = decoder.Decode(Text(text));
        Assert.NotNull(packet);
        Assert.Equal(type, packet.Type);
        Assert.Equal(id, packet.Id);
        Assert.False(packet.Data!.HasBinary);

        // The decoder is not left waiting for binary: the next text message decodes normally.
        Assert.NotNull(decoder.Decode(Text("""2["next"]""")));
    }

    [Fact]
    public void Binary_packet_with_zero_attachments_cannot_hold_a_placeholder()
    {
        Assert.Equal("illegal attachments", Rejects($"""50-["a",{P0}]""").Message);
    }

    [Fact]
    public void Binary_packet_without_json_waits_for_its_attachments()
    {
        var decoder = Decoder();
        Assert.Null(decoder.Decode(Text("51-/admin,")));
        var packet = decoder.Decode(Binary(1));
        Assert.NotNull(packet);
        Assert.Equal(PacketType.Event, packet.Type);
        Assert.Equal("/admin", packet.Namespace);
    }

    [Fact]
    public void Decoder_continues_after_a_completed_binary_packet()
    {
        var decoder = Decoder();
        Assert.Null(decoder.Decode(Text($"""51-["one",{P0}]""")));
        Assert.NotNull(decoder.Decode(Binary(1)));
        Assert.Null(decoder.Decode(Text($"""51-["two",{P0}]""")));
        var second = decoder.Decode(Binary(2));
        Assert.Equal("two", second!.Data!.Root[0].GetString());
        Assert.Equal(new byte[] { 2 }, second.Data.Attachments[0].ToArray());
        Assert.Equal("three", decoder.Decode(Text("""2["three"]"""))!.Data!.Root[0].GetString());
    }

    [Fact]
    public void Each_decoder_holds_its_own_reconstruction_state()
    {
        var parser = new JsonPacketParser();
        var first = parser.CreateDecoder();
        var second = parser.CreateDecoder();
        Assert.Null(first.Decode(Text($"""51-["baz",{P0}]""")));
        Assert.NotNull(second.Decode(Text("""2["foo"]""")));
        Assert.IsType<ProtocolException>(Rejects(second, Binary(1)));
        Assert.NotNull(first.Decode(Binary(1)));
    }

    [Fact]
    public void Received_attachments_are_kept_in_arrival_order()
    {
        var decoder = Decoder();
        Assert.Null(decoder.Decode(Text($"""52-["a",{P1},{P0}]""")));
        Assert.Null(decoder.Decode(Binary(0xA)));
        var packet = decoder.Decode(Binary(0xB))!;
        Assert.Equal(new byte[] { 0xA }, packet.Data!.Attachments[0].ToArray());
        Assert.Equal(new byte[] { 0xB }, packet.Data.Attachments[1].ToArray());
    }

    // ---- no other exception type ever escapes ----

    public static TheoryData<string> MalformedInputs() =>
    [
        "", "7", "x", "5", "51", "5-", "5x-", "5-1-", "511-[\"a\"]", "5999999999999-",
        "3", "3[]", "3{}", "2{}", "2[]", "2[null]", "2[\"connect\"]", "1{}", "0[]", "4[]",
        "2[", "2[\"a\"", "2\"", "2}", "0{\"a\":}", "29999999999999999999[\"a\"]",
        "2/admin,[", "2/admin,x", "2//,{", "2[\"\\u0000\"]x",
        "50-[\"a\",{\"_placeholder\":true,\"num\":0}]", "50-[\"a\",{\"_placeholder\":true}]",
        "2" + new string('[', 5000), "0" + string.Concat(Enumerable.Repeat("{\"a\":", 5000)),
    ];

    [Theory]
    [MemberData(nameof(MalformedInputs))]
    public void Malformed_input_raises_only_protocol_exception(string text)
    {
        Rejects(text);
    }

    [Fact]
    public void Random_input_is_decoded_or_rejected_with_protocol_exception()
    {
        var random = new Random(20260315);
        const string alphabet = "0123456-/,[]{}\":_acnoprtu.e \\x";
        var valid = new[]
        {
            "0", "0{\"token\":\"123\"}", "0/custom,{\"token\":\"abc\"}", "1/admin,", "212[\"foo\"]",
            "3/admin,13[\"bar\"]", "4{\"message\":\"Not authorized\"}",
            "51-[\"baz\",{\"_placeholder\":true,\"num\":0}]", "61-15[\"bar\",{\"_placeholder\":true,\"num\":0}]",
        };
        for (var round = 0; round < 20_000; round++)
        {
            string text;
            if (round % 2 == 0)
            {
                var chars = new char[random.Next(0, 24)];
                for (var i = 0; i < chars.Length; i++)
                    chars[i] = alphabet[random.Next(alphabet.Length)];
                text = new string(chars);
            }
            else
            {
                var source = valid[random.Next(valid.Length)].ToCharArray();
                var edits = random.Next(1, 4);
                for (var e = 0; e < edits && source.Length > 0; e++)
                    source[random.Next(source.Length)] = alphabet[random.Next(alphabet.Length)];
                text = new string(source, 0, random.Next(source.Length + 1));
            }

            var decoder = Decoder();
            try
            {
                var result = decoder.Decode(Text(text));
                // A pending binary header must accept binary and finish or fail cleanly.
                for (var extra = 0; result is null && extra < 12; extra++)
                    result = decoder.Decode(Binary((byte)extra));
            }
            catch (ProtocolException)
            {
            }
            catch (Exception ex)
            {
                Assert.Fail($"Input {text} raised {ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    [Fact]
    public void Random_bytes_are_decoded_or_rejected_with_protocol_exception()
    {
        var random = new Random(4242);
        var prefixes = new[] { "2[\"", "0{\"", "51-[\"a\",", "3/admin,1[", "4\"" };
        for (var round = 0; round < 10_000; round++)
        {
            var prefix = Encoding.ASCII.GetBytes("4" + prefixes[random.Next(prefixes.Length)]);
            var frame = new byte[prefix.Length + random.Next(0, 16)];
            prefix.CopyTo(frame, 0);
            random.NextBytes(frame.AsSpan(prefix.Length));
            var decoder = Decoder();
            try
            {
                var result = decoder.Decode(EnginePacket.FromTextFrame(frame));
                for (var extra = 0; result is null && extra < 2; extra++)
                    result = decoder.Decode(Binary(1));
            }
            catch (ProtocolException)
            {
            }
            catch (Exception ex)
            {
                Assert.Fail($"Input {Convert.ToHexString(frame)} raised {ex.GetType().Name}: {ex.Message}");
            }
        }
    }
}
