using SocketIO.Engine;

namespace SocketIO.Fuzz.Tests.Properties;

/// <summary>Engine.IO packets: text frames and the 'b' + base64 form of binary.</summary>
public class EnginePacketProperties
{
    [Fact]
    public void A_text_packet_decodes_to_its_type_and_payload() =>
        Property.Check(Gen.Choose(0, 6).Zip(Generators.Text(loneSurrogates: false)), p =>
        {
            var (type, text) = ((EnginePacketType)p.Item1, p.Item2);
            var decoded = EnginePacket.FromTextFrame(EnginePacket.FromText(type, text).Frame);
            Assert.Equal(type, decoded.Type);
            Assert.False(decoded.IsBinary);
            Assert.Equal(text, decoded.PayloadText);
        });

    /// <summary>A frame is UTF-8, where a lone surrogate cannot be written: it arrives as U+FFFD, as from Node's encoder.</summary>
    [Fact]
    public void A_lone_surrogate_in_a_text_packet_arrives_as_U_FFFD() =>
        Property.Check(Generators.Text(loneSurrogates: true).Where(JsonValue.IsLone), text =>
        {
            var decoded = EnginePacket.FromTextFrame(EnginePacket.FromText(EnginePacketType.Message, text).Frame);
            Assert.Equal(Codec.WellFormed(text), decoded.PayloadText);
        });

    [Fact]
    public void A_binary_packet_survives_its_base64_text_form() =>
        Property.Check(Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(), bytes =>
        {
            var decoded = EnginePacket.FromTextFrame(EnginePacket.FromBinary(bytes).TextFrame);
            Assert.True(decoded.IsBinary);
            Assert.Equal(bytes, decoded.Frame.ToArray());
        });
}
