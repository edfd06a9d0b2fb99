using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using SocketIO.Protocol;
using SocketIO.Serialization;
using static SocketIO.Tests.Protocol.Wire;

namespace SocketIO.Tests.Protocol;

/// <summary>
/// Placeholders are found with one reader pass over the raw JSON. The walk must see what a recursive descent
/// over a parsed document sees (socket.io-parser's reconstructPacket: a placeholder is not looked into), which
/// these tests check against such a descent, written here over <see cref="JsonElement"/>, on generated payloads.
/// </summary>
public sealed class PlaceholderScannerTests
{
    private const string P0 = """{"_placeholder":true,"num":0}""";
    private const string P1 = """{"_placeholder":true,"num":1}""";

    // ---- the reference: a recursive descent over the document ----

    private static bool LegalByDescent(JsonElement element, int count)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                return element.EnumerateArray().All(item => LegalByDescent(item, count));
            case JsonValueKind.Object:
                if (Placeholder.TryGetIndex(element, out var num))
                    return num >= 0 && num < count;
                if (Placeholder.TryGetMember(element, "_placeholder"u8, out _))
                    return false;
                return element.EnumerateObject().All(p => LegalByDescent(p.Value, count));
            default:
                return true;
        }
    }

    /// <summary>The value with each placeholder that numbers an attachment replaced by <c>{"#":n}</c>.</summary>
    private static string SplicedByDescent(JsonElement element, int count)
    {
        var root = JsonMarshal.GetRawUtf8Value(element);
        var output = new StringBuilder();
        var copied = 0;
        Visit(element, root, output, ref copied, count);
        output.Append(Encoding.UTF8.GetString(root[copied..]));
        return output.ToString();

        static void Visit(JsonElement e, ReadOnlySpan<byte> root, StringBuilder output, ref int copied, int count)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object when Placeholder.TryGetIndex(e, out var index) && index >= 0 && index < count:
                    var raw = JsonMarshal.GetRawUtf8Value(e);
                    root.Overlaps(raw, out var offset);
                    output.Append(Encoding.UTF8.GetString(root[copied..offset])).Append($$"""{"#":{{index}}}""");
                    copied = offset + raw.Length;
                    break;
                case JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject())
                        Visit(p.Value, root, output, ref copied, count);
                    break;
                case JsonValueKind.Array:
                    foreach (var item in e.EnumerateArray())
                        Visit(item, root, output, ref copied, count);
                    break;
            }
        }
    }

    private static string SplicedByScan(string json, int count)
    {
        var attachments = Enumerable.Range(0, count).Select(i => (ReadOnlyMemory<byte>)new[] { (byte)i }).ToList();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
            RawJson.Write(writer, Encoding.UTF8.GetBytes(json), attachments, (w, bytes) =>
            {
                w.WriteStartObject();
                w.WriteNumber("#", bytes.Span[0]);
                w.WriteEndObject();
            });
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static bool LegalByDecoder(string json, int count)
    {
        var decoder = Decoder();
        try
        {
            var packet = decoder.Decode(Text($"6{count}-0{json}"));
            for (var i = 0; packet is null; i++)
                packet = decoder.Decode(Binary((byte)i));
            return true;
        }
        catch (ProtocolException ex)
        {
            Assert.Equal("illegal attachments", ex.Message);
            return false;
        }
    }

    // ---- generated payloads ----

    private static readonly string[] Keys = ["_placeholder", "num", "x", "_placeholde\\u0072", "n\\u0075m", "\\ud800 and some text", "_Placeholder"];
    private static readonly string[] Flags = ["true", "false", "1", "\"true\"", "null"];
    private static readonly string[] Nums = ["0", "1", "2", "-1", "0.5", "1e0", "\"0\"", "null", "1e300", "2147483648", "-0"];

    private static string Value(Random random, int depth)
    {
        var pick = depth >= 4 ? random.Next(3) : random.Next(8);
        switch (pick)
        {
            case 0:
                return Nums[random.Next(Nums.Length)];
            case 1:
                return "\"s\\ud800\"";
            case 2:
                return Flags[random.Next(Flags.Length)];
            case 3:
                return $$"""{"_placeholder":{{Flags[random.Next(2)]}},"num":{{Nums[random.Next(4)]}}}""";
            case 4:
                // A placeholder with more in it, before or after its own members: what is inside is not looked into.
                var inner = Value(random, depth + 1);
                return random.Next(2) == 0
                    ? $$"""{"x":{{inner}},"_placeholder":true,"num":{{Nums[random.Next(4)]}}}"""
                    : $$"""{"_placeholder":true,"num":{{Nums[random.Next(4)]}},"x":{{inner}}}""";
            case 5:
                return "[" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(_ => Value(random, depth + 1))) + "]";
            default:
                var members = Enumerable.Range(0, random.Next(5)).Select(_ =>
                {
                    var key = Keys[random.Next(Keys.Length)];
                    var value = key.Contains("num") || key.Contains("n\\u0075m") ? Nums[random.Next(Nums.Length)]
                        : key.Contains("lace") && random.Next(2) == 0 ? Flags[random.Next(Flags.Length)]
                        : Value(random, depth + 1);
                    return $"\"{key}\":{value}";
                });
                return "{" + string.Join(",", members) + "}";
        }
    }

    [Fact]
    public void The_decoder_check_agrees_with_a_recursive_descent_on_generated_payloads()
    {
        var random = new Random(20261130);
        var legal = 0;
        for (var round = 0; round < 5_000; round++)
        {
            var json = "[" + Value(random, 0) + "," + Value(random, 1) + "]";
            var count = random.Next(0, 3);
            using var document = JsonDocument.Parse(json);
            var expected = LegalByDescent(document.RootElement, count);
            Assert.True(expected == LegalByDecoder(json, count), $"{json} with {count} attachments: expected legal={expected}");
            legal += expected ? 1 : 0;
        }
        // Both outcomes must have been exercised, or the comparison proves little.
        Assert.InRange(legal, 500, 4_500);
    }

    [Fact]
    public void Re_emitting_agrees_with_a_recursive_descent_on_generated_payloads()
    {
        var random = new Random(3011);
        var spliced = 0;
        for (var round = 0; round < 5_000; round++)
        {
            var json = Value(random, 0);
            var count = random.Next(0, 3);
            using var document = JsonDocument.Parse(json);
            var expected = count == 0 ? json : SplicedByDescent(document.RootElement, count);
            Assert.Equal(expected, SplicedByScan(json, count));
            spliced += expected != json ? 1 : 0;
        }
        Assert.InRange(spliced, 200, 4_800);
    }

    [Fact]
    public void A_single_value_is_a_placeholder_by_the_same_rules_raw_or_parsed()
    {
        var random = new Random(77);
        for (var round = 0; round < 5_000; round++)
        {
            var json = Value(random, 3);
            using var document = JsonDocument.Parse(json);
            var parsed = Placeholder.TryGetIndex(document.RootElement, out var expected);
            Assert.Equal(parsed, Placeholder.TryGetIndex(Encoding.UTF8.GetBytes(json), out var index));
            Assert.Equal(expected, index);
        }
    }

    // ---- cases worth naming ----

    [Theory]
    [InlineData("""{"_placeholder":true,"num":0,"x":{"_placeholder":false}}""", true)] // a placeholder is not looked into
    [InlineData("""{"x":{"_placeholder":false},"_placeholder":true,"num":0}""", true)] // even when its flag comes last
    [InlineData("""{"x":{"_placeholder":true,"num":9},"_placeholder":true,"num":0}""", true)]
    [InlineData($$$"""{"x":{{{P0}}},"_placeholder":false}""", false)]
    [InlineData("""{"_placeholder":true,"num":0,"_placeholder":false}""", false)] // the last duplicate wins
    [InlineData("""{"_placeholder":false,"_placeholder":true,"num":5,"num":0}""", true)]
    [InlineData("""{"_placeholde\u0072":true,"num":0}""", true)] // names compare unescaped
    [InlineData("""{"_placeholde\u0072":true,"num":3}""", false)]
    [InlineData($$$"""[[[{"a":[{{{P0}}}]}]]]""", true)]
    [InlineData("""[[[{"a":[{"_placeholder":1}]}]]]""", false)]
    public void Nested_placeholders_follow_socket_io_parser(string value, bool legal)
    {
        Assert.Equal(legal, LegalByDecoder($"[\"e\",{value}]", 1));
    }

    [Theory]
    [InlineData("""{"_placeholder":true,"num":0,"x":{"_placeholder":true,"num":1}}""", """{"#":0}""")]
    [InlineData("""{"x":{"_placeholder":true,"num":1},"_placeholder":true,"num":0}""", """{"#":0}""")]
    [InlineData("""{"x":{"_placeholder":true,"num":1},"_placeholder":true,"num":7}""", """{"x":{"#":1},"_placeholder":true,"num":7}""")]
    [InlineData("""[{"_placeholder":true,"num":1},{"a":{"_placeholder":true,"num":0}}]""", """[{"#":1},{"a":{"#":0}}]""")]
    public void Re_emitting_replaces_the_outermost_placeholders_that_number_an_attachment(string value, string expected)
    {
        Assert.Equal(expected, SplicedByScan(value, 2));
    }

    [Fact]
    public void Nested_placeholders_are_renumbered_in_the_order_they_appear_when_echoed()
    {
        var data = DecodeBinary($$$"""52-["echo",{"f":{"deep":[{{{P1}}}]}},[{{{P0}}},"\ud800"]]""", [0xA], [0xB]);
        var args = new SocketArgs(data, 1, new PayloadSerializer());

        var echoed = new PayloadSerializer().WriteArray([args]);

        Assert.Equal($$$"""[{"f":{"deep":[{{{P0}}}]}},[{{{P1}}},"\ud800"]]""", echoed.ToString());
        Assert.Equal([[0xB], [0xA]], echoed.Attachments.Select(a => a.ToArray()));
        Assert.False(data.HasRoot);
    }

    [Fact]
    public void Binary_arguments_are_read_from_nested_placeholders_without_a_document()
    {
        var data = DecodeBinary($$$"""52-["up",{"name":"f","body":{{{P1}}}},{{{P0}}}]""", [1, 2], [3]);
        var args = new SocketArgs(data, 1, new PayloadSerializer());

        Assert.Equal(new byte[] { 3 }, args.Get<Upload>(0)!.Body);
        Assert.True(args.IsBinary(1));
        Assert.False(args.IsBinary(0));
        Assert.Equal(new byte[] { 1, 2 }, args.GetBinary(1).ToArray());
        Assert.Equal(new byte[] { 1, 2 }, args.Get<byte[]>(1));
        Assert.False(data.HasRoot);
    }

    public sealed record Upload(string Name, byte[] Body);

    private static PacketData DecodeBinary(string header, params byte[][] attachments)
    {
        var decoder = Decoder();
        Assert.Null(decoder.Decode(Text(header)));
        SocketPacket? packet = null;
        foreach (var attachment in attachments)
            packet = decoder.Decode(Binary(attachment));
        Assert.NotNull(packet);
        return packet.Data!;
    }
}
