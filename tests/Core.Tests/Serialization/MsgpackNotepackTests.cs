using System.Text.Json.Nodes;
using SocketIO.Serialization.Msgpack;
using SocketIO.Tests.Support;

namespace SocketIO.Tests.Serialization;

/// <summary>
/// <see cref="MsgpackWriter"/> and <see cref="MsgpackReader"/> against the real notepack.io 3 (what
/// @socket.io/redis-adapter 8 and socket.io-adapter's ClusterAdapter peers use), byte for byte.
/// </summary>
public sealed class MsgpackNotepackTests
{
    private static readonly long[] Integers =
    [
        0, 1, 127, 128, 255, 256, 65535, 65536, uint.MaxValue, 1L << 32, (1L << 53) - 1,
        -1, -32, -33, -128, -129, -32768, -32769, int.MinValue, (long)int.MinValue - 1, -((1L << 53) - 1),
    ];

    // 2^53 … 2^64 − 2048: integral numbers notepack.io still writes as uint 64 / int 64.
    private static readonly double[] Numbers =
    [
        0.5, -0.5, 1.1, -1e-300, 5e-324, 123456.789e-10, -0.0, 3.0, -40000.0,
        double.NaN, double.PositiveInfinity, double.NegativeInfinity,
        9007199254740992.0, 1152921504606846976.0, 9223372036854775808.0, 18446744073709549568.0, -9223372036854775808.0,
    ];

    internal static IEnumerable<JsValue> Table()
    {
        foreach (long value in Integers)
        {
            yield return JsValue.Int(value);
            yield return JsValue.Number(value);
        }
        foreach (double value in Numbers)
            yield return JsValue.Number(value);
        yield return JsValue.Nil();
        yield return JsValue.Bool(true);
        yield return JsValue.Bool(false);

        foreach (int length in new[] { 0, 1, 31, 32, 33, 255, 256, 65535, 65536, 70000 })
            yield return JsValue.Str(new string('a', length));
        // Multibyte text whose UTF-8 length sits on each boundary (é: 2 bytes, €: 3, 😀: 4 and two UTF-16 units).
        yield return JsValue.Str(string.Concat(Enumerable.Repeat("é", 15)) + "a");
        yield return JsValue.Str(string.Concat(Enumerable.Repeat("é", 16)));
        yield return JsValue.Str(string.Concat(Enumerable.Repeat("😀", 8)));
        yield return JsValue.Str(string.Concat(Enumerable.Repeat("€", 85)));
        yield return JsValue.Str(string.Concat(Enumerable.Repeat("€", 85)) + "a");
        yield return JsValue.Str(string.Concat(Enumerable.Repeat("😀", 16383)) + "abc");
        yield return JsValue.Str(string.Concat(Enumerable.Repeat("😀", 16384)));
        yield return JsValue.Str("héllo wörld 😀 中文 \u0000 \u007f \u0080 \u07ff \u0800 \uffff 𝄞");
        yield return JsValue.Utf8("héllo wörld 😀 中文, written from UTF-8 bytes");

        foreach (int length in new[] { 0, 1, 255, 256, 65535, 65536 })
            yield return JsValue.Bin(Enumerable.Range(0, length).Select(i => (byte)(i * 7 + 3)).ToArray());

        yield return JsValue.Arr();
        yield return JsValue.Arr(Enumerable.Range(0, 15).Select(i => JsValue.Int(i)).ToArray());
        yield return JsValue.Arr(Enumerable.Range(0, 16).Select(i => JsValue.Int(i)).ToArray());
        yield return JsValue.Arr(Enumerable.Range(0, 65536).Select(i => JsValue.Int(i % 3)).ToArray());
        yield return JsValue.Map();
        yield return JsValue.Map(Enumerable.Range(0, 15).Select(i => ($"k{i}", JsValue.Int(i))).ToArray());
        yield return JsValue.Map(Enumerable.Range(0, 16).Select(i => ($"key number {i}", JsValue.Str("v"))).ToArray());
        yield return JsValue.Map(
            ("a", JsValue.Arr(JsValue.Int(1), JsValue.Map(("b", JsValue.Arr(JsValue.Arr(), JsValue.Map()))), JsValue.Str("x"))),
            ("a key longer than thirty-two bytes, and then some", JsValue.Map(("d", JsValue.Nil()), ("e", JsValue.Bool(true)))),
            ("bin", JsValue.Bin([1, 2, 3])),
            ("é😀", JsValue.Number(0.25))).Named("nested maps and arrays");

        yield return JsValue.Date(DateTimeOffset.UnixEpoch);
        yield return JsValue.Date(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero));
        yield return JsValue.Date(new DateTimeOffset(2020, 1, 1, 0, 0, 0, 123, TimeSpan.Zero));
        yield return JsValue.Date(DateTimeOffset.FromUnixTimeSeconds(uint.MaxValue));
        yield return JsValue.Date(DateTimeOffset.FromUnixTimeSeconds(1L << 32));
        yield return JsValue.Date(DateTimeOffset.FromUnixTimeSeconds((1L << 34) - 1));
        yield return JsValue.Date(DateTimeOffset.FromUnixTimeSeconds(1L << 34));
        yield return JsValue.Date(DateTimeOffset.FromUnixTimeMilliseconds(-1));
        yield return JsValue.Date(DateTimeOffset.FromUnixTimeSeconds(-86400));
        yield return JsValue.Date(new DateTimeOffset(9999, 12, 31, 23, 59, 59, 999, TimeSpan.Zero));
        yield return JsValue.Date(new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero));

        yield return JsValue.Map(("a", JsValue.Int(1)), ("b", JsValue.Undefined()), ("c", JsValue.Str("x"))).Named("undefined in a map");
        yield return JsValue.Arr(JsValue.Int(1), JsValue.Undefined(), JsValue.Int(2)).Named("undefined in an array");
        yield return JsValue.Undefined();
    }

    [Fact]
    public async Task Msgpack_writer_produces_the_bytes_notepack_writes_for_every_value()
    {
        var table = Table().ToArray();
        var notepack = await NotepackScript.RunAsync(table.Select(v => (v.Tagged, 3)), []);

        var mismatches = new List<string>();
        for (int i = 0; i < table.Length; i++)
        {
            var ours = Msgpack.Write(table[i].WriteTo);
            if (!ours.AsSpan().SequenceEqual(notepack.Encoded[i]))
                mismatches.Add($"{table[i].Name}: notepack {Msgpack.Hex(notepack.Encoded[i])}, ours {Msgpack.Hex(ours)}");
        }
        Assert.Empty(mismatches);
    }

    [Fact]
    public async Task Msgpack_reader_decodes_notepack_bytes_to_the_json_notepack_decodes()
    {
        var table = Table().ToArray();
        var encoded = (await NotepackScript.RunAsync(table.Select(v => (v.Tagged, 3)), [])).Encoded;
        var decoded = (await NotepackScript.RunAsync([], encoded)).Decoded;

        var mismatches = new List<string>();
        for (int i = 0; i < table.Length; i++)
        {
            var (json, attachments) = Msgpack.ReadJson(encoded[i]);
            var ours = JsonCanon.Of(json, attachments);
            var theirs = JsonCanon.Of(decoded[i].Json, decoded[i].Attachments);
            if (ours != theirs)
                mismatches.Add($"{table[i].Name}: notepack {Shorten(theirs)}, ours {Shorten(ours)}");
        }
        Assert.Empty(mismatches);
    }

    [Fact]
    public async Task Msgpack_reader_reads_notepack_scalars_with_the_typed_reads()
    {
        var strings = new[] { "", "abc", new string('x', 40), string.Concat(Enumerable.Repeat("😀", 16384)), "中文 é" };
        var blobs = new[] { 0, 255, 256, 65536 }.Select(n => Enumerable.Range(0, n).Select(i => (byte)i).ToArray()).ToArray();
        var dates = new[]
        {
            DateTimeOffset.UnixEpoch, new DateTimeOffset(2024, 2, 29, 12, 30, 15, 250, TimeSpan.Zero),
            DateTimeOffset.FromUnixTimeSeconds(1L << 33), DateTimeOffset.FromUnixTimeMilliseconds(-123456789),
            new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(9999, 12, 31, 23, 59, 59, 999, TimeSpan.Zero),
        };
        var cases = Integers.Select(JsValue.Int)
            .Concat(Numbers.Select(JsValue.Number))
            .Concat(strings.Select(s => JsValue.Str(s)))
            .Concat(blobs.Select(JsValue.Bin))
            .Concat(dates.Select(JsValue.Date))
            .ToArray();
        var encoded = (await NotepackScript.RunAsync(cases.Select(c => (c.Tagged, 3)), [])).Encoded;

        int at = 0;
        foreach (long value in Integers)
        {
            var reader = new MsgpackReader(encoded[at++]);
            Assert.Equal(MsgpackType.Integer, reader.PeekType());
            Assert.Equal(value, reader.ReadInteger());
            Assert.True(reader.End);
        }
        foreach (double value in Numbers)
        {
            var reader = new MsgpackReader(encoded[at++]);
            Assert.Equal(value == 0 ? 0.0 : value, reader.ReadDouble());
            Assert.True(reader.End);
        }
        foreach (string value in strings)
        {
            var reader = new MsgpackReader(encoded[at++]);
            Assert.Equal(MsgpackType.String, reader.PeekType());
            Assert.Equal(value, reader.ReadString());
            Assert.True(reader.End);
        }
        foreach (byte[] value in blobs)
        {
            var reader = new MsgpackReader(encoded[at++]);
            Assert.Equal(MsgpackType.Binary, reader.PeekType());
            Assert.True(reader.ReadBinary().SequenceEqual(value));
            Assert.True(reader.End);
        }
        foreach (var value in dates)
        {
            var reader = new MsgpackReader(encoded[at++]);
            Assert.Equal(MsgpackType.Timestamp, reader.PeekType());
            Assert.Equal(value, reader.ReadTimestamp());
            Assert.True(reader.End);
        }
    }

    [Fact]
    public async Task Msgpack_reader_reads_the_legacy_forms_of_notepack_2()
    {
        var blob = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        var big = Enumerable.Range(0, 70000).Select(i => (byte)(i >> 3)).ToArray();
        var date = new DateTimeOffset(2021, 6, 1, 8, 0, 0, 5, TimeSpan.Zero);
        JsonNode Ab(byte[] bytes) => new JsonArray("ab", Convert.ToHexString(bytes));
        var cases = new (JsonNode Tagged, int With)[]
        {
            (new JsonArray("undef"), 2),
            (new JsonArray("arr", new JsonArray(new JsonArray("num", "1"), new JsonArray("undef"))), 2),
            (new JsonArray("map", new JsonArray(new JsonArray("a", new JsonArray("undef")), new JsonArray("b", new JsonArray("num", "1")))), 2),
            (new JsonArray("date", date.ToUnixTimeMilliseconds()), 2),
            (new JsonArray("date", -1), 2),
            (Ab([1, 2, 3]), 2),
            (Ab(blob), 2),
            (Ab(big), 2),
        };
        var notepack = await NotepackScript.RunAsync(cases, []);
        var e = notepack.Encoded;

        Assert.Equal(Msgpack.Write(w => w.WriteUndefined()), e[0]);
        var undefined = new MsgpackReader(e[0]);
        Assert.Equal(MsgpackType.Undefined, undefined.PeekType());
        Assert.True(undefined.TryReadNil());
        Assert.True(undefined.End);
        Assert.Equal("[1,null]", Msgpack.ReadJson(e[1]).Json);
        Assert.Equal("""{"b":1}""", Msgpack.ReadJson(e[2]).Json);

        Assert.Equal(0xd7, e[3][0]);
        Assert.Equal(0x00, e[3][1]);
        var legacyDate = new MsgpackReader(e[3]);
        Assert.Equal(MsgpackType.Timestamp, legacyDate.PeekType());
        Assert.Equal(date, legacyDate.ReadTimestamp());
        Assert.Equal("\"2021-06-01T08:00:00.005Z\"", Msgpack.ReadJson(e[3]).Json);
        Assert.Equal("\"1969-12-31T23:59:59.999Z\"", Msgpack.ReadJson(e[4]).Json);

        foreach (var (bytes, encoded, prefix) in new[] { (new byte[] { 1, 2, 3 }, e[5], 0xc7), (blob, e[6], 0xc8), (big, e[7], 0xc9) })
        {
            Assert.Equal(prefix, encoded[0]);
            var reader = new MsgpackReader(encoded);
            Assert.Equal(MsgpackType.Binary, reader.PeekType());
            Assert.True(reader.ReadBinary().SequenceEqual(bytes));
            Assert.True(reader.End);
            var (json, attachments) = Msgpack.ReadJson(encoded);
            Assert.Equal("""{"_placeholder":true,"num":0}""", json);
            Assert.Equal(bytes, Assert.Single(attachments));
        }

        // And what notepack.io 3 makes of the same bytes agrees with ReadJson.
        var decoded = (await NotepackScript.RunAsync([], e)).Decoded;
        for (int i = 0; i < e.Count; i++)
        {
            var (json, attachments) = Msgpack.ReadJson(e[i]);
            Assert.Equal(JsonCanon.Of(decoded[i].Json, decoded[i].Attachments), JsonCanon.Of(json, attachments));
        }
    }

    [Fact]
    public async Task Msgpack_reader_json_matches_notepack_for_forms_notepack_never_writes()
    {
        var inputs = new[]
        {
            "ca3fc00000",                       // float 32 1.5
            "ca7fc00000",                       // float 32 NaN → null
            "92cb7ff0000000000000cbfff0000000000000", // [Infinity, -Infinity] → [null, null]
            "85c0a16101a162c3a163cb3fe0000000000000a164d40000a165", // {nil:"a", 1:"b", true:"c", 0.5:"d", undefined:"e"}
            "82cb4415af1d78b58c40a178cb3eb0c6f7a0b5ed8da179",        // {1e20:"x", 1e-6:"y"}
            "81cfffffffffffffffffa17a",          // {18446744073709551615:"z"}
            "93d50102ffd60701020304d8050102030405060708090a0b0c0d0e0f10", // unknown extensions → [type, bin]
            "d6ff00000000",                     // timestamp 32: epoch
            "d7ff0000000000000001",             // timestamp 64: 1 s
            "c70cff000000000000000000000001",   // timestamp 96: 1 s
            "c70cff3b9ac9fffffffffffffffff0",   // timestamp 96: -16 s + 999999999 ns
            "c70cff00000000000009184e72a000",   // timestamp 96: 1e13 s, beyond the Date range → null
            "d7ff0000000400000000",             // timestamp 64 with 1 ns (truncated to ms)
            "cfffffffffffffffff",               // uint 64 max
            "d38000000000000000",               // int 64 min
            "dc000201c0",                       // array 16
            "de0001a178c0",                     // map 16
            "dd0000000101",                     // array 32
            "df00000001a178c0",                 // map 32
        };
        var bytes = inputs.Select(Convert.FromHexString).ToArray();
        var decoded = (await NotepackScript.RunAsync([], bytes)).Decoded;
        var mismatches = new List<string>();
        for (int i = 0; i < bytes.Length; i++)
        {
            var (json, attachments) = Msgpack.ReadJson(bytes[i]);
            var ours = JsonCanon.Of(json, attachments);
            var theirs = JsonCanon.Of(decoded[i].Json, decoded[i].Attachments);
            if (ours != theirs)
                mismatches.Add($"{inputs[i]}: notepack {theirs}, ours {ours}");
        }
        Assert.Empty(mismatches);
    }

    [Fact]
    public async Task Msgpack_writer_keeps_integral_numbers_beyond_uint64_as_float64_which_notepack_reads_back()
    {
        // notepack.io itself would write 1e300 as uint 64 zero and 1e20 as 1e20 mod 2^64; a float 64 keeps the value.
        var values = new[] { 1e300, -1e300, 1e20, 18446744073709551616.0, -9223372036854777856.0 };
        var ours = values.Select(v => Msgpack.Write(w => w.WriteNumber(v))).ToArray();
        Assert.All(ours, bytes => Assert.Equal(0xcb, bytes[0]));
        var decoded = (await NotepackScript.RunAsync([], ours)).Decoded;
        for (int i = 0; i < values.Length; i++)
            Assert.Equal(values[i], double.Parse(decoded[i].Json, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
