using System.Text;
using SocketIO.Engine;
using SocketIO.Protocol;

namespace SocketIO.Tests.Protocol;

/// <summary>Helpers that turn wire strings (as in docs/protocol.md) into engine messages and back.</summary>
internal static class Wire
{
    /// <summary>An Engine.IO message carrying the Socket.IO text <paramref name="socketIoText"/> (no leading <c>4</c>).</summary>
    public static EnginePacket Text(string socketIoText) => EnginePacket.FromText(EnginePacketType.Message, socketIoText);

    /// <summary>A binary Engine.IO message.</summary>
    public static EnginePacket Binary(params byte[] bytes) => EnginePacket.FromBinary(bytes);

    public static IPacketDecoder Decoder(ParserOptions? options = null) => new JsonPacketParser(options).CreateDecoder();

    /// <summary>Decodes one text message that must complete a packet on its own.</summary>
    public static SocketPacket DecodeOne(string socketIoText, ParserOptions? options = null)
    {
        var packet = Decoder(options).Decode(Text(socketIoText));
        Assert.NotNull(packet);
        return packet;
    }

    /// <summary>
    /// Asserts that decoding fails with a <see cref="ProtocolException"/> and nothing else.
    /// </summary>
    public static ProtocolException Rejects(IPacketDecoder decoder, EnginePacket message)
    {
        var ex = Record.Exception(() => decoder.Decode(message));
        Assert.NotNull(ex);
        return Assert.IsType<ProtocolException>(ex);
    }

    public static ProtocolException Rejects(string socketIoText, ParserOptions? options = null) =>
        Rejects(Decoder(options), Text(socketIoText));

    /// <summary>The whole engine frame of a text message as a string, e.g. <c>42["foo"]</c>.</summary>
    public static string FrameText(EnginePacket packet)
    {
        Assert.False(packet.IsBinary);
        return Encoding.UTF8.GetString(packet.Frame.Span);
    }

    public static string Json(SocketPacket packet)
    {
        Assert.NotNull(packet.Data);
        return Encoding.UTF8.GetString(packet.Data.Utf8Json.Span);
    }

    public static string Json(PacketData data) => Encoding.UTF8.GetString(data.Utf8Json.Span);

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
