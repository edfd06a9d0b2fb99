using SocketIO.Engine;
using SocketIO.Fuzz.Support;
using SocketIO.Parsers.MessagePack;
using SocketIO.Protocol;

namespace SocketIO.Fuzz.Targets;

/// <summary>
/// The msgpack parser's decoder (docs/protocol.md#msgpack-parser): the input is one binary message. Refusal is
/// <see cref="ProtocolException"/>. A decoded packet must survive a re-encode, and the same decoder must
/// then decode a known packet exactly (no state left behind by the input, accepted or refused).
/// </summary>
internal static class MsgpackParserTarget
{
    private static readonly MessagePackPacketParser Parser = new();
    private static readonly SocketPacket Known = new(PacketType.Event, "/chat", new PacketData("[\"known\",{\"n\":1},{\"_placeholder\":true,\"num\":0}]"u8.ToArray(), [new byte[] { 1, 2, 3 }]), 7);
    private static readonly EnginePacket[] KnownMessage = Parser.Encode(Known);

    public static void Run(ReadOnlySpan<byte> input)
    {
        var decoder = Parser.CreateDecoder();
        try
        {
            if (decoder.Decode(EnginePacket.FromBinary(input.ToArray())) is { } packet)
            {
                Outcome.Accept();
                FuzzFailure.Check(packet.Namespace is not null, "no namespace");
                if (packet.Data is { } data)
                    _ = data.Root.ValueKind;
                Packets.CheckRoundTrip(Parser, packet);
            }
            else
            {
                throw new FuzzFailure("the msgpack decoder returned no packet for a whole message");
            }
        }
        catch (ProtocolException)
        {
        }
        var known = decoder.Decode(KnownMessage[0]) ?? throw new FuzzFailure("the known packet did not decode");
        Packets.CheckSame(Known, known, "the known packet after this input");
    }
}
