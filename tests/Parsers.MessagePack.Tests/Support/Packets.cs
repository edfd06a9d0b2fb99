using SocketIO.Engine;
using SocketIO.Protocol;

namespace SocketIO.Parsers.MessagePack.Tests.Support;

/// <summary>Decoding helpers shared by the parser tests.</summary>
internal static class Packets
{
    /// <summary>Feeds messages to a fresh decoder; the last one must complete a packet.</summary>
    public static SocketPacket DecodeAll(IPacketParser parser, IEnumerable<EnginePacket> messages)
    {
        var decoder = parser.CreateDecoder();
        SocketPacket? packet = null;
        foreach (var message in messages)
        {
            Assert.Null(packet);
            packet = decoder.Decode(message);
        }
        Assert.NotNull(packet);
        return packet;
    }

    public static SocketPacket Decode(byte[] msgpack, ParserOptions? options = null) =>
        DecodeAll(new MessagePackPacketParser(options), [EnginePacket.FromBinary(msgpack)]);

    /// <summary>Asserts that the msgpack decoder refuses the message with a <see cref="ProtocolException"/> and nothing else.</summary>
    public static ProtocolException Rejects(EnginePacket message, ParserOptions? options = null)
    {
        var ex = Record.Exception(() => new MessagePackPacketParser(options).CreateDecoder().Decode(message));
        Assert.NotNull(ex);
        return Assert.IsType<ProtocolException>(ex);
    }

    public static ProtocolException Rejects(byte[] msgpack, ParserOptions? options = null) => Rejects(EnginePacket.FromBinary(msgpack), options);
}
