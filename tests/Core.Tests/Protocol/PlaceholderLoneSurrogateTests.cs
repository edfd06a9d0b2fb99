using System.Text.Json;
using SocketIO.Protocol;
using static SocketIO.Tests.Protocol.Wire;

namespace SocketIO.Tests.Protocol;

/// <summary>
/// An escaped lone surrogate ("\ud800") is valid JSON, and JSON.stringify writes one for a JavaScript string
/// that holds it; System.Text.Json cannot unescape it, so a name lookup on an object with such a key threw
/// (found by the default parser's property test in tests/Fuzz.Tests). Such a key is never "_placeholder" or "num".
/// </summary>
public sealed class PlaceholderLoneSurrogateTests
{
    [Theory]
    // Names at least as long as "_placeholder", so the lookup has to unescape them.
    [InlineData("""51-["e",{"\ud800 and some text":1},{"_placeholder":true,"num":0}]""")]
    [InlineData("""51-["e",{"x":{"a\ud800b and some text":[]}},{"_placeholder":true,"num":0}]""")]
    [InlineData("""51-["e",{"\ud800 and some text":1,"_placeholder":true,"num":0}]""")]
    public void A_binary_event_with_a_lone_surrogate_key_decodes(string text)
    {
        var decoder = Decoder();
        Assert.Null(decoder.Decode(Text(text)));
        var packet = decoder.Decode(Binary(7));
        Assert.NotNull(packet);
        Assert.Equal(PacketType.Event, packet.Type);
        Assert.Equal(text[3..], Json(packet));
    }

    [Fact]
    public void A_lone_surrogate_key_beside_a_bad_num_is_still_refused()
    {
        var decoder = Decoder();
        Assert.Null(decoder.Decode(Text("""51-["e",{"\ud800 and some text":1,"_placeholder":true,"num":5}]""")));
        Assert.Equal("illegal attachments", Rejects(decoder, Binary(7)).Message);
    }

    [Fact]
    public void TryGetIndex_reads_a_placeholder_with_a_lone_surrogate_key_and_ignores_other_objects()
    {
        using var placeholder = JsonDocument.Parse("""{"\ud800 is a lone surrogate":0,"_placeholder":true,"num":2}""");
        Assert.True(Placeholder.TryGetIndex(placeholder.RootElement, out var index));
        Assert.Equal(2, index);
        using var other = JsonDocument.Parse("""{"\ud800 is a lone surrogate":true,"num":2}""");
        Assert.False(Placeholder.TryGetIndex(other.RootElement, out _));
    }
}
