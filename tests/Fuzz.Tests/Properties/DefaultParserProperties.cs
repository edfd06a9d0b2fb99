using System.Text;
using SocketIO.Fuzz.Support;
using SocketIO.Protocol;

namespace SocketIO.Fuzz.Tests.Properties;

/// <summary>The default parser (socket.io-parser): decode(encode(packet)) is the packet.</summary>
public class DefaultParserProperties
{
    private static readonly JsonPacketParser Parser = new();

    [Fact]
    public void Decode_of_encode_is_the_packet() =>
        Property.Check(Generators.Packet(loneSurrogates: false), c =>
        {
            var packet = c.ToPacket();
            var decoded = Codec.RoundTrip(Parser, packet);
            Packets.CheckSame(packet, decoded, c.ToString());
            // The payload travels as the very JSON text the client wrote.
            Assert.Equal(packet.Data?.Utf8Json.ToArray() ?? [], decoded.Data?.Utf8Json.ToArray() ?? []);
        });

    /// <summary>
    /// A lone surrogate in an argument travels as its JSON escape ("\ud800"), which JSON.stringify writes and the
    /// decoder keeps untouched: the payload comes back byte for byte. A namespace is raw UTF-8 text in the frame,
    /// where a lone surrogate cannot be written: it becomes U+FFFD, as Node's UTF-8 encoding of the frame makes it.
    /// </summary>
    [Fact]
    public void Lone_surrogates_survive_in_the_payload_as_escapes_and_become_U_FFFD_in_the_namespace() =>
        Property.Check(Generators.Packet(loneSurrogates: true, loneSurrogateNames: false).Where(c => c.HasLoneSurrogate), c =>
        {
            var packet = c.ToPacket();
            var decoded = Codec.RoundTrip(Parser, packet);
            Assert.Equal(Codec.WellFormed(packet.Namespace), decoded.Namespace);
            Assert.Equal(packet.Data?.Utf8Json.ToArray() ?? [], decoded.Data?.Utf8Json.ToArray() ?? []);
            Packets.CheckSame(packet.WithNamespace(decoded.Namespace), decoded, c.ToString());
        });

    /// <summary>
    /// socket.io-parser accepts an EVENT whose name holds a lone surrogate (any string that is not reserved), and so
    /// does the decoder (it once refused it as "invalid payload": System.Text.Json cannot read "\ud800" as a .NET
    /// string, so the name is read with the runtime's own lone-surrogate handling).
    /// </summary>
    [Fact]
    public void An_event_name_with_a_lone_surrogate_decodes_as_Node_decodes_it() =>
        Property.Check(Generators.Packet(loneSurrogates: true).Where(c => c.HasLoneSurrogate), c =>
        {
            var packet = c.ToPacket();
            var decoded = Codec.RoundTrip(Parser, packet);
            Packets.CheckSame(packet.WithNamespace(decoded.Namespace), decoded, c.ToString());
        });
}
