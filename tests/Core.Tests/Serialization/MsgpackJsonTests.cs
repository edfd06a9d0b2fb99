using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SocketIO.Serialization.Msgpack;
using SocketIO.Tests.Support;

namespace SocketIO.Tests.Serialization;

/// <summary>
/// JSON with placeholders ↔ MessagePack with bin: <see cref="MsgpackWriter.WriteJson"/> writes what notepack.io writes
/// for <c>JSON.parse</c>'s value with the attachments put back, and <see cref="MsgpackReader.ReadJson"/> returns it.
/// </summary>
public sealed class MsgpackJsonTests
{
    private static readonly byte[] Small = [0, 1, 2, 254, 255];
    private static readonly byte[] Medium = Enumerable.Range(0, 300).Select(i => (byte)(i * 13)).ToArray();
    private static readonly byte[] Large = Enumerable.Range(0, 70000).Select(i => (byte)(i ^ (i >> 8))).ToArray();

    private static readonly (string Json, byte[][] Attachments)[] Documents =
    [
        ("null", []),
        ("true", []),
        ("[false,null,0,-1,1.5]", []),
        ("\"\"", []),
        ("\"plain ascii\"", []),
        ("\"héllo wörld 😀 中文 𝄞\"", []),
        ("\"escapes: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0000 \\u001f \\u00e9 \\u20ac \\ud83d\\ude00 \\uD834\\uDD1E\"", []),
        ("[1.0, 1e2, -0, 0.1, 1e19, 1E-7, 12345678901234567890, 9007199254740993, -9007199254740993, 1e400, -1e400, 5e-324, 4294967296, -2147483649]", []),
        ("""{"type":2,"nsp":"/","data":["hello",{"a":1,"b":[true,null]},"😀"]}""", []),
        ("""{"b":1,"2":2,"1":3,"01":4,"4294967295":5,"4294967294":6,"-1":7,"0":8,"\u0033":9,"1.5":10}""", []),
        ("""{"a key longer than thirty-two bytes in UTF-8 for sure":"v","é":"w","":"empty"}""", []),
        ("""{"_placeholder":true,"num":0}""", [Small]),
        ("""["upload",{"_placeholder":true,"num":1},{"meta":{"_placeholder":true,"num":0},"again":{"_placeholder":true,"num":1}}]""", [Small, Medium]),
        ("""[{"_placeholder":true,"num":0},{"_placeholder":true,"num":1},{"_placeholder":true,"num":2}]""", [[], Medium, Large]),
        ("""{"_placeholder":false,"num":0}""", []),
        ("""{"num":0,"_placeholder":true}""", [Small]),
        ("""{"\u005fplaceholder":true,"num":0}""", [Small]),
        ("[" + string.Join(",", Enumerable.Range(0, 20).Select(i => $"{{\"k{i}\":[{i},\"{new string('x', i * 5)}\"]}}")) + "]", []),
        ("{" + string.Join(",", Enumerable.Range(0, 40).Select(i => $"\"key{i}\":{i * 1000}")) + "}", []),
        ("\"" + string.Concat(Enumerable.Repeat("😀é", 20000)) + "\"", []),
        (new string('[', 40) + "\"deep\"" + new string(']', 40), []),
    ];

    private static JsonNode Tagged((string Json, byte[][] Attachments) document) =>
        new JsonArray("json", document.Json, new JsonArray(document.Attachments.Select(a => (JsonNode)JsonValue.Create(Convert.ToHexString(a))).ToArray()));

    [Fact]
    public async Task Msgpack_write_json_produces_the_bytes_notepack_writes_for_json_parse_with_attachments_restored()
    {
        var notepack = await NotepackScript.RunAsync(Documents.Select(d => (Tagged(d), 3)), []);
        var mismatches = new List<string>();
        for (int i = 0; i < Documents.Length; i++)
        {
            var ours = Msgpack.WriteJson(Documents[i].Json, Documents[i].Attachments);
            if (!ours.AsSpan().SequenceEqual(notepack.Encoded[i]))
                mismatches.Add($"{Shorten(Documents[i].Json)}: notepack {Msgpack.Hex(notepack.Encoded[i])}, ours {Msgpack.Hex(ours)}");
        }
        Assert.Empty(mismatches);
    }

    [Fact]
    public void Msgpack_json_round_trips_through_write_json_and_read_json_with_attachments()
    {
        foreach (var (json, attachments) in Documents)
        {
            var bytes = Msgpack.WriteJson(json, attachments);
            var (back, backAttachments) = Msgpack.ReadJson(bytes);
            Assert.Equal(JsonCanon.Of(json, attachments), JsonCanon.Of(back, backAttachments));
        }
    }

    [Fact]
    public void Msgpack_read_json_numbers_attachments_in_the_order_they_appear()
    {
        var bytes = Msgpack.WriteJson(
            """{"x":{"_placeholder":true,"num":1},"y":[{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]}""", Small, Medium);
        var (json, attachments) = Msgpack.ReadJson(bytes);
        Assert.Equal(
            """{"x":{"_placeholder":true,"num":0},"y":[{"_placeholder":true,"num":1},{"_placeholder":true,"num":2}]}""", json);
        Assert.Equal([Medium, Small, Medium], attachments);
    }

    [Fact]
    public void Msgpack_read_json_copies_attachments_out_of_the_input()
    {
        var bytes = Msgpack.Write(w => w.WriteBinary([1, 2, 3]));
        var attachments = new List<ReadOnlyMemory<byte>>();
        using (var json = new Utf8JsonWriter(Stream.Null))
            new MsgpackReader(bytes).ReadJson(json, attachments);
        bytes.AsSpan().Fill(0);
        Assert.Equal(new byte[] { 1, 2, 3 }, Assert.Single(attachments).ToArray());
    }

    [Theory]
    [InlineData("""{"_placeholder":true,"num":1}""")]
    [InlineData("""[{"_placeholder":true,"num":-1}]""")]
    [InlineData("""{"a":{"_placeholder":true,"num":0.5}}""")]
    [InlineData("""{"_placeholder":true,"num":4294967296}""")]
    public void Msgpack_write_json_rejects_a_placeholder_that_names_no_attachment(string json)
    {
        var ex = Assert.Throws<ArgumentException>(() => Msgpack.WriteJson(json, Small));
        Assert.Contains("attachment", ex.Message);
    }

    [Fact]
    public void Msgpack_write_json_rejects_nesting_deeper_than_256()
    {
        var deep = new string('[', 300) + new string(']', 300);
        using var document = JsonDocument.Parse(deep, new JsonDocumentOptions { MaxDepth = 400 });
        Assert.Throws<ArgumentException>(() => Msgpack.Write(w => w.WriteJson(document.RootElement, [])));
    }

    [Fact]
    public void Msgpack_write_json_turns_lone_surrogates_and_invalid_utf8_into_replacement_characters()
    {
        // As Node's Buffer writes a JavaScript string with a lone surrogate; JsonDocument passes invalid UTF-8 through.
        var lone = Msgpack.WriteJson("""["a\ud800b","\udc00","x\ud83d"]""");
        Assert.Equal("93A561EFBFBD62A3EFBFBDA478EFBFBD", Convert.ToHexString(lone));
        byte[] invalid = [(byte)'"', (byte)'a', 0xff, (byte)'b', 0xc3, (byte)'"'];
        using var document = JsonDocument.Parse(invalid);
        var bytes = Msgpack.Write(w => w.WriteJson(document.RootElement, []));
        Assert.Equal("A861EFBFBD62EFBFBD", Convert.ToHexString(bytes));
        Assert.Equal("a\ufffdb\ufffd", new MsgpackReader(bytes).ReadString());
    }

    [Fact]
    public void Msgpack_write_json_of_a_default_element_writes_nil()
    {
        Assert.Equal([0xc0], Msgpack.Write(w => w.WriteJson(default, [])));
    }

    [Fact]
    public void Msgpack_read_json_writes_unicode_strings_and_keys_unchanged()
    {
        var bytes = Msgpack.Write(w =>
        {
            w.WriteMapHeader(2);
            w.WriteString("clé 😀");
            w.WriteString("välue 中文 \u0000 \"quoted\"");
            w.WriteString("");
            w.WriteArrayHeader(0);
        });
        var (json, _) = Msgpack.ReadJson(bytes);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("välue 中文 \u0000 \"quoted\"", document.RootElement.GetProperty("clé 😀").GetString());
        Assert.Equal(JsonValueKind.Array, document.RootElement.GetProperty("").ValueKind);
    }

    [Fact]
    public async Task Msgpack_read_json_of_every_document_matches_what_notepack_decodes()
    {
        var encoded = Documents.Select(d => Msgpack.WriteJson(d.Json, d.Attachments)).ToArray();
        var decoded = (await NotepackScript.RunAsync([], encoded)).Decoded;
        for (int i = 0; i < encoded.Length; i++)
        {
            var (json, attachments) = Msgpack.ReadJson(encoded[i]);
            Assert.Equal(JsonCanon.Of(decoded[i].Json, decoded[i].Attachments), JsonCanon.Of(json, attachments));
        }
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
