using SocketIO.Parsers.MessagePack.Tests.Support;
using SocketIO.Protocol;

namespace SocketIO.Parsers.MessagePack.Tests.Decoder;

/// <summary>Hostile or broken input: every failure is a <see cref="ProtocolException"/>, with bounded depth and allocation.</summary>
public sealed class MalformedInputTests
{
    // {"type":2,"nsp":"/","data":[...]} up to the data value.
    private static readonly byte[] EventPrefix = Convert.FromHexString("83a47479706502a36e7370a12fa464617461");

    private static byte[] Event(params byte[] data) => [.. EventPrefix, .. data];

    [Theory]
    [InlineData("")]
    [InlineData("c1")] // never-used code
    [InlineData("83a474797065c1")]
    [InlineData("83a47479706502a36e7370a12fa46461746191c1")]
    public void Invalid_msgpack_is_a_protocol_error(string hex)
    {
        Packets.Rejects(Convert.FromHexString(hex));
    }

    [Fact]
    public void Map_missing_type_is_a_protocol_error()
    {
        Packets.Rejects(Convert.FromHexString("82a36e7370a12fa46461746191a178"));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public void Binary_packet_types_do_not_exist_in_msgpack(byte type)
    {
        var bytes = Event(0x91, 0xa1, (byte)'x');
        bytes[6] = type;

        Assert.Equal("invalid packet type", Packets.Rejects(bytes).Message);
    }

    [Fact]
    public void Non_string_namespace_is_a_protocol_error()
    {
        Assert.Equal("invalid namespace", Packets.Rejects(Convert.FromHexString("83a47479706502a36e737001a46461746191a178")).Message);
    }

    [Fact]
    public void Non_array_event_data_is_a_protocol_error()
    {
        Assert.Equal("invalid payload", Packets.Rejects(Event(0xa1, (byte)'x')).Message);
    }

    [Theory]
    [InlineData("cb3ff8000000000000")] // 1.5
    [InlineData("a131")] // "1"
    [InlineData("c0")] // null
    [InlineData("cfffffffffffffffff")] // 2^64-1: an integer, but no ack id fits it
    public void Non_integer_id_is_a_protocol_error(string idHex)
    {
        var bytes = Convert.FromHexString("84a47479706503a36e7370a12fa46461746190a26964" + idHex);

        Assert.Equal("invalid packet id", Packets.Rejects(bytes).Message);
    }

    [Fact]
    public void Integral_floats_are_integers_as_in_js()
    {
        // type 2.0 and id 3.0 as float64: Number.isInteger accepts both.
        var bytes = Convert.FromHexString("84a474797065cb4000000000000000a36e7370a12fa46461746191a178a26964cb4008000000000000");

        var packet = Packets.Decode(bytes);

        Assert.Equal(PacketType.Event, packet.Type);
        Assert.Equal(3, packet.Id);
    }

    [Fact]
    public void Every_truncation_of_every_js_packet_is_a_protocol_error()
    {
        foreach (var name in Fixtures.Accepted)
        {
            var bytes = Fixtures.Bytes(name);
            // Large packets: every short prefix, then a sample of long ones.
            for (var length = 0; length < bytes.Length; length += length < 512 ? 1 : 997)
                Packets.Rejects(bytes[..length]);
        }
    }

    [Fact]
    public void Trailing_bytes_are_a_protocol_error()
    {
        Packets.Rejects([.. Fixtures.Bytes("event_strings"), 0xc0]);
    }

    [Fact]
    public void Megabyte_nested_array_bomb_is_refused()
    {
        var bomb = new byte[1 << 20];
        Array.Fill(bomb, (byte)0x91);
        bomb[^1] = 0xc0;

        Assert.Equal("payload nested too deeply", Packets.Rejects(Event(bomb)).Message);
    }

    [Fact]
    public void Megabyte_nested_bomb_in_an_ignored_key_is_skipped_without_recursion()
    {
        var bomb = new byte[1 << 20];
        Array.Fill(bomb, (byte)0x91);
        bomb[^1] = 0xc0;
        // {"type":2,"nsp":"/","data":["x"],"options":<bomb>}
        byte[] bytes = [0x84, .. Convert.FromHexString("a47479706502a36e7370a12fa46461746191a178a76f7074696f6e73"), .. bomb];

        var packet = Packets.Decode(bytes);

        Assert.Equal("""["x"]""", packet.Data!.ToString());
    }

    [Theory]
    [InlineData("ddffffffff")] // array 32 claiming 4 billion elements
    [InlineData("dd7fffffff")]
    [InlineData("dfffffffff")] // map 32
    [InlineData("dc1000")] // array 16 claiming 4096 elements with none present
    [InlineData("c6ffffffff")] // bin 32 claiming 4 GiB
    [InlineData("c9ffffffff00")] // ext 32 of type 0 claiming 4 GiB
    [InlineData("dbffffffff")] // str 32
    public void Lengths_beyond_the_packet_are_refused_before_allocating(string hex)
    {
        Packets.Rejects(Event(Convert.FromHexString(hex)));
    }

    [Fact]
    public void Depth_limit_matches_the_default_parser()
    {
        var options = new ParserOptions { MaxDepth = 4 };
        // ["x",[[{"a":<bin>}]]]: the placeholder object is at depth 5, one too many.
        var tooDeep = Event(Convert.FromHexString("92a178919181a161c40101"));
        // ["x",[[[1]]]]: depth 4 is fine.
        var deepest = Event(Convert.FromHexString("92a17891919101"));

        Packets.Rejects(tooDeep, options);
        Assert.Equal("""["x",[[[1]]]]""", Packets.Decode(deepest, options).Data!.ToString());
        Assert.Throws<ProtocolException>(() => Packets.DecodeAll(new JsonPacketParser(options), [EnginePacketFor("2[\"x\",[[{\"a\":{\"_placeholder\":true,\"num\":0}}]]]")]));
    }

    [Fact]
    public void Random_corruption_never_escapes_as_another_exception()
    {
        var random = new Random(1234);
        var sources = Fixtures.Names.Select(Fixtures.Bytes).Where(b => b.Length < 4096).ToArray();
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = (byte[])sources[random.Next(sources.Length)].Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            var decoder = new MessagePackPacketParser().CreateDecoder();
            var ex = Record.Exception(() => decoder.Decode(Engine.EnginePacket.FromBinary(bytes)));
            if (ex is not null)
                Assert.IsType<ProtocolException>(ex);
        }
    }

    private static Engine.EnginePacket EnginePacketFor(string text) => Engine.EnginePacket.FromText(Engine.EnginePacketType.Message, text);
}
