using System.Text.Json;
using SocketIO.Engine;

namespace SocketIO.Parsers.MessagePack.Tests.Support;

/// <summary>
/// fixtures/packets.json, written by fixtures/generate.js: the official msgpack parser's bytes for
/// each packet, its decoder's verdict, and the default parser's frames for the decoded packet.
/// </summary>
internal static class Fixtures
{
    private static readonly Lazy<string> Text = new(() => File.ReadAllText(Repo.TestFile("fixtures/packets.json")));
    private static readonly Lazy<JsonElement> Root = new(() => JsonDocument.Parse(Text.Value).RootElement);

    /// <summary>The committed file's text.</summary>
    public static string FileText => Text.Value;

    public static IEnumerable<string> Names => Root.Value.EnumerateObject().Select(p => p.Name);

    /// <summary>Packets the JS decoder accepts.</summary>
    public static IEnumerable<string> Accepted => Names.Where(n => Root.Value.GetProperty(n).GetProperty("jsError").ValueKind == JsonValueKind.Null);

    /// <summary>Packets the JS decoder refuses.</summary>
    public static IEnumerable<string> Refused => Names.Except(Accepted);

    /// <summary>The msgpack bytes the JS encoder wrote.</summary>
    public static byte[] Bytes(string name) => Convert.FromHexString(Root.Value.GetProperty(name).GetProperty("hex").GetString()!);

    /// <summary>The msgpack bytes as an engine binary message.</summary>
    public static EnginePacket Message(string name) => EnginePacket.FromBinary(Bytes(name));

    /// <summary>The default parser's frames for the decoded packet: one text message, then binary attachments.</summary>
    public static EnginePacket[] DefaultFrames(string name) => DefaultFrames(Root.Value.GetProperty(name).GetProperty("frames"));

    /// <summary>Turns a <c>{text, binary[]}</c> description (reference.js) into engine messages.</summary>
    public static EnginePacket[] DefaultFrames(JsonElement frames)
    {
        var result = new List<EnginePacket> { EnginePacket.FromText(EnginePacketType.Message, frames.GetProperty("text").GetString()!) };
        foreach (var binary in frames.GetProperty("binary").EnumerateArray())
            result.Add(EnginePacket.FromBinary(Convert.FromHexString(binary.GetString()!)));
        return [.. result];
    }
}
