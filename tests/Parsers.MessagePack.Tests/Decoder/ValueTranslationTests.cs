using SocketIO.Parsers.MessagePack.Tests.Support;
using SocketIO.Protocol;

namespace SocketIO.Parsers.MessagePack.Tests.Decoder;

/// <summary>msgpack values that the JS encoder does not write but other peers may: they read as notepack decodes them.</summary>
public sealed class ValueTranslationTests
{
    private static string DataOf(string dataHex) =>
        Packets.Decode(Convert.FromHexString("83a47479706502a36e7370a12fa464617461" + dataHex)).Data!.ToString();

    [Fact]
    public void Other_extensions_read_as_type_and_bytes()
    {
        // ["x", fixext4 type 5, fixext1 type 0 (undefined), ext8 type -1]
        var packet = Packets.Decode(Convert.FromHexString("83a47479706502a36e7370a12fa46461746194a178d60501020304d40000c702ff0a0b"));

        Assert.Equal("""["x",[5,{"_placeholder":true,"num":0}],null,[-1,{"_placeholder":true,"num":1}]]""", packet.Data!.ToString());
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, packet.Data.Attachments[0].ToArray());
        Assert.Equal(new byte[] { 0x0a, 0x0b }, packet.Data.Attachments[1].ToArray());
    }

    [Fact]
    public void Scalar_map_keys_become_strings_like_js_property_names()
    {
        // ["x", {1: "a", -2: "b", nil: "c", true: "d"}]
        Assert.Equal("""["x",{"1":"a","-2":"b","null":"c","true":"d"}]""", DataOf("92a1788401a161fea162c0a163c3a164"));
    }

    [Fact]
    public void Map_key_that_js_cannot_name_is_a_protocol_error()
    {
        Packets.Rejects(Convert.FromHexString("83a47479706502a36e7370a12fa46461746192a1788191a161a162"));
    }

    [Fact]
    public void Non_finite_floats_are_null_like_json_stringify()
    {
        // ["x", NaN, -Infinity (float32), 0.5 (float32), 2^64-1]
        Assert.Equal("""["x",null,null,0.5,18446744073709551615]""", DataOf("95a178cb7ff8000000000000caff800000ca3f000000cfffffffffffffffff"));
    }

    [Fact]
    public void Malformed_utf8_is_replaced_like_node_decodes_it()
    {
        Assert.Equal("[\"x\",\"a\uFFFDb\"]", DataOf("92a178a361ff62"));
    }

    [Fact]
    public void Repeated_keys_keep_the_last_value()
    {
        // {"type":0,"nsp":"/","data":["a"],"data":["b"],"type":2}
        var packet = Packets.Decode(Convert.FromHexString("85a47479706500a36e7370a12fa46461746191a161a46461746191a162a47479706502"));

        Assert.Equal(PacketType.Event, packet.Type);
        Assert.Equal("""["b"]""", packet.Data!.ToString());
    }

    [Fact]
    public void Non_string_packet_keys_are_ignored()
    {
        // {1: [1,2], "type": 2, "nsp": "/", "data": ["x"]}
        var packet = Packets.Decode(Convert.FromHexString("8401920102a47479706502a36e7370a12fa46461746191a178"));

        Assert.Equal("""["x"]""", packet.Data!.ToString());
    }

    [Fact]
    public void Namespace_longer_than_the_limit_is_a_protocol_error()
    {
        var options = new ParserOptions { MaxNamespaceLength = 4 };

        Assert.Equal("/abc", Packets.Decode(Convert.FromHexString("82a47479706501a36e7370a42f616263"), options).Namespace);
        Packets.Rejects(Convert.FromHexString("82a47479706501a36e7370a52f61626364"), options);
    }

    [Fact]
    public void Event_name_that_is_not_finite_is_refused()
    {
        Packets.Rejects(Convert.FromHexString("83a47479706502a36e7370a12fa46461746191cb7ff8000000000000"));
    }

    [Fact]
    public void Decoder_is_reusable_after_a_bad_packet()
    {
        var decoder = new MessagePackPacketParser().CreateDecoder();

        Assert.Throws<ProtocolException>(() => decoder.Decode(Engine.EnginePacket.FromBinary(Fixtures.Bytes("event_buffers")[..40])));
        var packet = decoder.Decode(Fixtures.Message("event_buffers"));

        Assert.Equal(3, packet!.Data!.Attachments.Count);
    }
}
