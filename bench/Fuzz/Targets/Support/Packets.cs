using System.Text.Json;
using SocketIO.Protocol;

namespace SocketIO.Fuzz.Support;

/// <summary>Re-encodes decoded packets and compares them as the runtime sees them.</summary>
internal static class Packets
{
    /// <summary>Encodes <paramref name="packet"/> with <paramref name="parser"/> and decodes it with a fresh decoder: it must come back the same.</summary>
    public static void CheckRoundTrip(IPacketParser parser, SocketPacket packet)
    {
        var messages = parser.Encode(packet);
        var decoder = parser.CreateDecoder();
        SocketPacket? again = null;
        for (var i = 0; i < messages.Length; i++)
        {
            try
            {
                again = decoder.Decode(messages[i]);
            }
            catch (ProtocolException ex)
            {
                throw new FuzzFailure($"{parser.Name}: a decoded packet does not decode once re-encoded: {ex.Message}");
            }
            FuzzFailure.Check((again is null) == (i < messages.Length - 1), $"{parser.Name}: a packet completed at message {i + 1} of {messages.Length}");
        }
        Packets.CheckSame(packet, again!, $"{parser.Name}: the re-encoded packet");
    }

    /// <summary>Type, namespace, ack id, payload (as JSON values) and attachments must be equal.</summary>
    public static void CheckSame(SocketPacket expected, SocketPacket actual, string what)
    {
        FuzzFailure.Check(expected.Type == actual.Type, $"{what}: type {actual.Type}, expected {expected.Type}");
        FuzzFailure.Check(expected.Namespace == actual.Namespace, $"{what}: namespace '{actual.Namespace}', expected '{expected.Namespace}'");
        FuzzFailure.Check(expected.Id == actual.Id, $"{what}: id {actual.Id}, expected {expected.Id}");
        var e = expected.Data is { Utf8Json.IsEmpty: false } ? expected.Data : null;
        var a = actual.Data is { Utf8Json.IsEmpty: false } ? actual.Data : null;
        FuzzFailure.Check((e is null) == (a is null), $"{what}: payload present {a is not null}, expected {e is not null}");
        if (e is null || a is null)
            return;
        FuzzFailure.Check(JsonValues.Equal(e.Root, a.Root), $"{what}: payload {a}, expected {e}");
        FuzzFailure.Check(e.Attachments.Count == a.Attachments.Count, $"{what}: {a.Attachments.Count} attachments, expected {e.Attachments.Count}");
        for (var i = 0; i < e.Attachments.Count; i++)
            FuzzFailure.Check(e.Attachments[i].Span.SequenceEqual(a.Attachments[i].Span), $"{what}: attachment {i} differs");
    }
}
