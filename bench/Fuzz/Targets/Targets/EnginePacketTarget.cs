using System.Text.Unicode;
using SocketIO.Engine;

namespace SocketIO.Fuzz.Targets;

/// <summary>
/// Engine.IO text frames (docs/protocol.md#packet-encoding): a type digit and its data, or 'b' and base64.
/// Refusal is <see cref="EngineProtocolException"/>. A text packet keeps its frame and type; a binary one
/// survives its own text form.
/// </summary>
internal static class EnginePacketTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        var frame = input.ToArray();
        EnginePacket packet;
        try
        {
            packet = EnginePacket.FromTextFrame(frame);
        }
        catch (EngineProtocolException)
        {
            return;
        }
        Outcome.Accept();
        _ = packet.ToString();
        if (packet.IsBinary)
        {
            FuzzFailure.Check(frame[0] == (byte)'b', "a binary packet from a frame that does not start with 'b'");
            var again = EnginePacket.FromTextFrame(packet.TextFrame);
            FuzzFailure.Check(again.IsBinary && again.Frame.Span.SequenceEqual(packet.Frame.Span), "'b' + base64 does not survive its own text form");
            return;
        }
        FuzzFailure.Check(packet.Type == (EnginePacketType)(frame[0] - '0'), "the type is not the frame's first digit");
        FuzzFailure.Check(packet.Frame.Span.SequenceEqual(frame), "a text packet does not keep its frame");
        // Any payload reads as text (malformed UTF-8 as U+FFFD); valid UTF-8 gives the same frame back.
        var text = packet.PayloadText;
        if (Utf8.IsValid(packet.Payload.Span))
            FuzzFailure.Check(EnginePacket.FromText(packet.Type, text).Frame.Span.SequenceEqual(frame), "FromText(type, PayloadText) does not give the frame back");
    }
}
