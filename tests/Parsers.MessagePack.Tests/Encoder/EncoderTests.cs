using System.Runtime.InteropServices;
using System.Text.Json;
using SocketIO.Parsers.MessagePack.Tests.Support;
using SocketIO.Protocol;
using SocketIO.Serialization;

namespace SocketIO.Parsers.MessagePack.Tests.Encoder;

/// <summary>
/// Our encoding checked by the official JS decoder: each packet is decoded by socket.io-msgpack-parser,
/// re-encoded by the default socket.io-parser, and that must read back as the packet we sent.
/// </summary>
public sealed class EncoderTests
{
    private static readonly PayloadSerializer Serializer = new();
    private static readonly MessagePackPacketParser Parser = new();

    private sealed record Upload(string Name, byte[] Content, int[] Sizes);

    private static SocketPacket Event(string nsp, string name, params object?[] args) => new(PacketType.Event, nsp, Serializer.WriteEvent(name, args));

    private static IEnumerable<SocketPacket> Packets()
    {
        var wide = Enumerable.Range(0, 20).ToDictionary(i => "k" + i, i => (object)i);
        yield return Event("/", "hello", "you");
        yield return Event("/", "bin", new byte[] { 1, 2, 3 }, new { nested = new byte[300] }, new[] { new byte[70_000] });
        yield return Event("/chat", "upload", new Upload("a.txt", [9, 8, 7], [1, 2]));
        yield return Event("/", "numbers", 0, 1, -1, 127, 128, 255, 256, 65535, 65536, -32, -33, -129, -32769, 4294967296L, -2147483649L, 9007199254740991L, -9007199254740991L, 1.5, -0.25, 1e-7, 0.1, 1e300, true, false, null);
        yield return Event("/", "strings", "", "é", "ünïcödé ✓", "😀", new string('a', 31), new string('b', 32), new string('c', 300), new string('d', 70_000), "quote \" backslash \\ newline \n tab \t \u0001 </script>");
        yield return Event("/", "shapes", new object[0], new Dictionary<string, object>(), wide, Enumerable.Range(0, 70_000).ToArray(), new Dictionary<string, object> { ["we\"ird\nkey"] = 1 });
        yield return Event("/", "lookalike", JsonDocument.Parse("""{"_placeholder":true,"num":0}""").RootElement);
        yield return Event("/" + new string('n', 40), "long namespace");
        yield return new SocketPacket(PacketType.Event, "/", Serializer.WriteEvent("ask", [new byte[] { 5 }]), 3);
        yield return new SocketPacket(PacketType.BinaryEvent, "/", Serializer.WriteEvent("typed", [new byte[] { 6 }]));
        yield return new SocketPacket(PacketType.Ack, "/admin", Serializer.WriteArray(["ok", new byte[] { 1, 2 }]), 12);
        yield return new SocketPacket(PacketType.BinaryAck, "/", Serializer.WriteArray([new byte[] { 3 }]), 1L << 40);
        yield return new SocketPacket(PacketType.Ack, "/", Serializer.WriteArray([]), 0);
        yield return new SocketPacket(PacketType.Connect, "/", Serializer.WriteValue(new Dictionary<string, string> { ["sid"] = "abc" }));
        yield return new SocketPacket(PacketType.ConnectError, "/x", Serializer.WriteValue(new Dictionary<string, object?> { ["message"] = "nope", ["data"] = new { code = 42 } }));
        yield return new SocketPacket(PacketType.ConnectError, "/", Serializer.WriteValue("Invalid namespace"));
        yield return new SocketPacket(PacketType.Disconnect, "/admin");
    }

    [Fact]
    public async Task Official_js_decoder_reads_every_packet_as_sent()
    {
        var packets = Packets().ToArray();
        var hex = string.Join("\n", packets.Select(p => Convert.ToHexStringLower(EncodeOne(p).Span)));

        var lines = (await Node.RunAsync("js/decode.js", hex + "\n")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(packets.Length, lines.Length);
        for (var i = 0; i < packets.Length; i++)
        {
            var described = JsonDocument.Parse(lines[i]).RootElement;
            Assert.False(described.TryGetProperty("error", out var error), $"packet {i}: {error}");
            var keys = described.GetProperty("keys").EnumerateArray().Select(k => k.GetString()).ToArray();
            Assert.Equal(new[] { "type", "nsp", "data", "id" }.Where(k => k != "data" || packets[i].Data is not null).Where(k => k != "id" || packets[i].Id is not null), keys);
            var expected = Normalize(packets[i]);
            var seenByJs = Support.Packets.DecodeAll(new JsonPacketParser(new ParserOptions { MaxDepth = 64 }), Fixtures.DefaultFrames(described.GetProperty("frames")));
            PacketAssert.Same(expected, seenByJs);
        }
    }

    [Fact]
    public void Readme_example_is_written_byte_for_byte()
    {
        var bytes = EncodeOne(Event("/", "hello", "you"));

        Assert.Equal("83a474797065" + "02" + "a36e7370a12f" + "a464617461" + "92a568656c6c6fa3796f75", Convert.ToHexStringLower(bytes.Span));
    }

    [Fact]
    public void Packet_is_one_binary_message_without_attachment_messages()
    {
        var messages = Parser.Encode(new SocketPacket(PacketType.Event, "/", Serializer.WriteEvent("bin", [new byte[] { 1 }, new byte[] { 2 }])));

        var message = Assert.Single(messages);
        Assert.True(message.IsBinary);
        Assert.Equal((byte)PacketType.Event, message.Payload.Span[6]);
    }

    [Fact]
    public void Buffer_is_sized_exactly_up_front()
    {
        foreach (var packet in Packets())
        {
            var encoded = EncodeOne(packet);
            Assert.True(MemoryMarshal.TryGetArray(encoded, out var segment));
            // The writer's fixed headroom only: the measuring pass predicted every byte.
            Assert.True(16 == segment.Array!.Length - segment.Count, $"{segment.Array.Length - segment.Count} spare bytes after {packet.Data}");
        }
    }

    [Fact]
    public void Server_connect_reply_omits_pid()
    {
        var bytes = EncodeOne(new SocketPacket(PacketType.Connect, "/", Serializer.WriteValue(new Dictionary<string, string> { ["sid"] = "abc" })));

        Assert.Equal("83a47479706500a36e7370a12fa46461746181a3736964a3616263", Convert.ToHexStringLower(bytes.Span));
    }

    [Fact]
    public void Numbers_use_the_smallest_format_and_integral_values_are_ints_like_notepack()
    {
        var bytes = EncodeOne(new SocketPacket(PacketType.Ack, "/", PacketData.FromJson("[127,-32,-33,255,65536,1.0,2e3,9223372036854775807,-9223372036854775808,18446744073709551615,0.5]"), 1));

        const string header = "84a47479706503a36e7370a12fa464617461";
        var hex = Convert.ToHexStringLower(bytes.Span);
        Assert.StartsWith(header, hex);
        var data = hex[header.Length..];
        Assert.Equal("9b" + "7f" + "e0" + "d0df" + "ccff" + "ce00010000" + "01" + "cd07d0" + "cf7fffffffffffffff" + "d38000000000000000" + "cfffffffffffffffff" + "cb3fe0000000000000" + "a26964" + "01", data);
    }

    [Fact]
    public void Empty_payload_is_written_as_no_data()
    {
        var bytes = EncodeOne(new SocketPacket(PacketType.Connect, "/", new PacketData(ReadOnlyMemory<byte>.Empty)));

        Assert.Equal("82a47479706500a36e7370a12f", Convert.ToHexStringLower(bytes.Span));
    }

    [Fact]
    public void Lone_surrogate_escapes_are_written_as_U_FFFD_and_escaped_pairs_as_their_character()
    {
        // What a default-parser client's JSON.stringify sends, forwarded to a msgpack client: msgpack text is UTF-8.
        var json = "[\"m\",\"a\\ud800b\",{\"k\\udc00\":\"\\ud83d\\ude00\\n\"}]"u8.ToArray();
        var bytes = EncodeOne(new SocketPacket(PacketType.Event, "/", new PacketData(json)));

        var decoded = Assert.IsType<SocketPacket>(Parser.CreateDecoder().Decode(SocketIO.Engine.EnginePacket.FromBinary(bytes)));

        var root = decoded.Data!.Root;
        Assert.Equal("a\uFFFDb", root[1].GetString());
        Assert.Equal("😀\n", root[2].GetProperty("k\uFFFD").GetString());
    }

    private static ReadOnlyMemory<byte> EncodeOne(SocketPacket packet) => Assert.Single(Parser.Encode(packet)).Payload;

    // The default parser reads BinaryEvent/BinaryAck back as Event/Ack.
    private static SocketPacket Normalize(SocketPacket p) => p.Type switch
    {
        PacketType.BinaryEvent => new SocketPacket(PacketType.Event, p.Namespace, p.Data, p.Id),
        PacketType.BinaryAck => new SocketPacket(PacketType.Ack, p.Namespace, p.Data, p.Id),
        _ => p,
    };
}
