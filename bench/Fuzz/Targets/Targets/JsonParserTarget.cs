using SocketIO.Engine;
using SocketIO.Fuzz.Support;
using SocketIO.Protocol;

namespace SocketIO.Fuzz.Targets;

/// <summary>
/// The default parser's decoder (docs/protocol.md#decoder-rules) over a sequence of messages: the input split
/// on 0x1E, a part starting with 0xFF being a binary message (the rest of it) and any other part the text
/// after an Engine.IO '4'. Refusal is <see cref="ProtocolException"/>, which ends the connection, so the
/// sequence stops there. A decoded packet must survive a re-encode.
/// </summary>
internal static class JsonParserTarget
{
    private static readonly JsonPacketParser Parser = new();

    public static void Run(ReadOnlySpan<byte> input)
    {
        var decoder = Parser.CreateDecoder();
        var accepted = false;
        foreach (var part in Records.Split(input))
        {
            var message = part is [0xFF, ..] ? EnginePacket.FromBinary(part.AsMemory(1)) : EnginePacket.FromTextFrame(TextFrame(part));
            SocketPacket? packet;
            try
            {
                packet = decoder.Decode(message);
            }
            catch (ProtocolException)
            {
                return;
            }
            if (packet is null)
                continue;
            if (!accepted)
                Outcome.Accept();
            accepted = true;
            Verify(packet);
        }
    }

    private static byte[] TextFrame(byte[] part)
    {
        var frame = new byte[part.Length + 1];
        frame[0] = (byte)'4';
        part.CopyTo(frame, 1);
        return frame;
    }

    private static void Verify(SocketPacket packet)
    {
        FuzzFailure.Check(packet.Namespace.StartsWith('/'), $"namespace '{packet.Namespace}'");
        FuzzFailure.Check(packet.Type is not (PacketType.BinaryEvent or PacketType.BinaryAck), "a binary type in the runtime model");
        if (packet.Data is { } data)
            _ = data.Root.ValueKind;
        Packets.CheckRoundTrip(Parser, packet);
    }
}
