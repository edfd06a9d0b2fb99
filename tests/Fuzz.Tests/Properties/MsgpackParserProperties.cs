using SocketIO.Fuzz.Support;
using SocketIO.Parsers.MessagePack;

namespace SocketIO.Fuzz.Tests.Properties;

/// <summary>The msgpack parser (socket.io-msgpack-parser): decode(encode(packet)) is the packet, as JSON values.</summary>
public class MsgpackParserProperties
{
    private static readonly MessagePackPacketParser Parser = new();

    [Fact]
    public void Decode_of_encode_is_the_packet() =>
        Property.Check(Generators.Packet(loneSurrogates: false), c =>
        {
            var packet = c.ToPacket();
            Packets.CheckSame(packet, Codec.RoundTrip(Parser, packet), c.ToString());
        });

    /// <summary>
    /// A payload whose JSON holds an escaped lone surrogate (what JSON.stringify writes, and what a Node node's JSON
    /// broadcast carries) encodes (it once threw InvalidOperationException, unescaping with System.Text.Json).
    /// msgpack strings are UTF-8, so the property is the one Core's msgpack writer follows: a lone surrogate travels
    /// as U+FFFD, as a UTF-8 encoder writes it (notepack.io itself writes a wrong 4-byte character for one).
    /// </summary>
    [Fact]
    public void A_lone_surrogate_in_the_payload_travels_as_U_FFFD() =>
        Property.Check(Generators.Packet(loneSurrogates: true, loneSurrogateNames: false).Where(c => c.HasLoneSurrogate), c =>
        {
            var packet = c.ToPacket();
            var decoded = Codec.RoundTrip(Parser, packet);
            Assert.Equal(Codec.WellFormed(packet.Namespace), decoded.Namespace);
            Assert.False(decoded.Data is { } data && JsonValue.IsLone(System.Text.Encoding.UTF8.GetString(data.Utf8Json.Span)));
        });
}
