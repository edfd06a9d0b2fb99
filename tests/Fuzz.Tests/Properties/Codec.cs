using System.Text;
using SocketIO.Protocol;

namespace SocketIO.Fuzz.Tests.Properties;

/// <summary>Encodes with a parser and decodes with a fresh decoder of the same parser.</summary>
internal static class Codec
{
    public static SocketPacket RoundTrip(IPacketParser parser, SocketPacket packet)
    {
        var messages = parser.Encode(packet);
        var decoder = parser.CreateDecoder();
        SocketPacket? decoded = null;
        foreach (var message in messages)
        {
            Assert.Null(decoded);
            decoded = decoder.Decode(message);
        }
        return decoded ?? throw new Xunit.Sdk.XunitException("no packet after the last message");
    }

    /// <summary>The text with every lone surrogate replaced by U+FFFD, as a UTF-8 encoder writes it.</summary>
    public static string WellFormed(string text) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));
}
