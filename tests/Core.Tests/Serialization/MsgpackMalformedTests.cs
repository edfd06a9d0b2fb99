using System.Text.Json;
using SocketIO.Serialization.Msgpack;

namespace SocketIO.Tests.Serialization;

/// <summary>
/// Hostile input, as a broker may deliver it: every malformed byte string ends in a <see cref="MsgpackException"/>,
/// never another exception, a stack overflow or an allocation sized by a claimed length.
/// </summary>
public sealed class MsgpackMalformedTests
{
    private enum Walk { Skip, ReadJson, TypedReads }

    private static readonly Walk[] AllWalks = [Walk.Skip, Walk.ReadJson, Walk.TypedReads];

    /// <summary>Reads one value from <paramref name="data"/> the given way; returns what it threw, if anything.</summary>
    private static Exception? Run(byte[] data, Walk walk, int maxDepth = 64)
    {
        try
        {
            var reader = new MsgpackReader(data, maxDepth);
            switch (walk)
            {
                case Walk.Skip:
                    reader.Skip();
                    break;
                case Walk.ReadJson:
                    using (var json = new Utf8JsonWriter(Stream.Null))
                        reader.ReadJson(json, []);
                    break;
                default:
                    ReadTyped(ref reader, 0);
                    break;
            }
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    // Walks a value with PeekType and the typed reads, as a hand-written decoder would.
    private static void ReadTyped(ref MsgpackReader reader, int depth)
    {
        if (depth > 64)
        {
            reader.Skip();
            return;
        }
        switch (reader.PeekType())
        {
            case MsgpackType.Nil or MsgpackType.Undefined: Assert.True(reader.TryReadNil()); break;
            case MsgpackType.Boolean: reader.ReadBoolean(); break;
            case MsgpackType.Integer: reader.ReadInteger(); break;
            case MsgpackType.Float: reader.ReadDouble(); break;
            case MsgpackType.String: reader.ReadString(); break;
            case MsgpackType.Binary: reader.ReadBinary(); break;
            case MsgpackType.Timestamp: reader.ReadTimestamp(); break;
            case MsgpackType.Extension: reader.Skip(); break;
            case MsgpackType.Array:
                for (int n = reader.ReadArrayHeader(); n > 0; n--)
                    ReadTyped(ref reader, depth + 1);
                break;
            case MsgpackType.Map:
                for (int n = reader.ReadMapHeader() * 2; n > 0; n--)
                    ReadTyped(ref reader, depth + 1);
                break;
        }
    }

    private static void AssertOnlyMsgpackExceptions(byte[] data, string label)
    {
        foreach (var walk in AllWalks)
        {
            var ex = Run(data, walk);
            if (ex is not null and not MsgpackException)
                Assert.Fail($"{label} ({walk}) on {Msgpack.Hex(data)} threw {ex.GetType().Name}: {ex.Message}");
        }
    }

    private static void AssertRejected(byte[] data, string label, params Walk[] walks)
    {
        foreach (var walk in walks.Length == 0 ? AllWalks : walks)
        {
            var ex = Run(data, walk);
            if (ex is not MsgpackException)
                Assert.Fail($"{label} ({walk}) on {Msgpack.Hex(data)}: expected a MsgpackException, got {ex?.GetType().Name ?? "none"} {ex?.Message}");
        }
    }

    private static IEnumerable<(string Name, byte[] Bytes)> ValidEncodings() =>
        MsgpackNotepackTests.Table().Select(v => (v.Name, Msgpack.Write(v.WriteTo)))
            .Append(("document", Msgpack.WriteJson("""{"type":2,"nsp":"/","data":["ev",{"_placeholder":true,"num":0},[1.5,-3,null,true]]}""", [1, 2, 3])))
            .Append(("extensions", Convert.FromHexString("93d50102ffc70500010203040fd6ff00000001")))
            .Append(("timestamp 96", Msgpack.Write(w => w.WriteTimestamp(DateTimeOffset.FromUnixTimeMilliseconds(-1)))));

    [Fact]
    public void Msgpack_every_truncation_of_a_valid_encoding_is_rejected()
    {
        foreach (var (name, bytes) in ValidEncodings())
        {
            IEnumerable<int> cuts = bytes.Length <= 4096
                ? Enumerable.Range(0, bytes.Length)
                : Enumerable.Range(0, 64).Concat(Enumerable.Range(bytes.Length - 64, 64)).Concat(Enumerable.Range(0, bytes.Length / 4099).Select(i => i * 4099));
            foreach (int cut in cuts.Distinct())
                AssertRejected(bytes[..cut], $"{name} cut at {cut}");
        }
    }

    [Fact]
    public void Msgpack_random_bytes_end_in_a_value_or_a_msgpack_exception()
    {
        var random = new Random(20240611);
        for (int i = 0; i < 20000; i++)
        {
            var bytes = new byte[random.Next(0, 48)];
            random.NextBytes(bytes);
            AssertOnlyMsgpackExceptions(bytes, $"random #{i}");
        }
    }

    [Fact]
    public void Msgpack_corrupted_valid_encodings_end_in_a_value_or_a_msgpack_exception()
    {
        var random = new Random(7);
        foreach (var (name, bytes) in ValidEncodings().Where(e => e.Bytes.Length is > 0 and <= 1024))
        {
            for (int i = 0; i < 100; i++)
            {
                var corrupt = (byte[])bytes.Clone();
                for (int flips = random.Next(1, 4); flips > 0; flips--)
                    corrupt[random.Next(corrupt.Length)] = (byte)random.Next(256);
                AssertOnlyMsgpackExceptions(corrupt, $"{name} corrupted #{i}");
            }
        }
    }

    [Theory]
    [InlineData("ddffffffff")]
    [InlineData("dd7fffffff000000")]
    [InlineData("c67fffffff010203")]
    [InlineData("c6ffffffff")]
    [InlineData("dbffffffff41")]
    [InlineData("da0fff41")]
    [InlineData("d9ff41")]
    [InlineData("dfffffffff")]
    [InlineData("de7fff0102")]
    [InlineData("dcffff")]
    [InlineData("c9ffffffff00")]
    [InlineData("c97fffffffff00")]
    [InlineData("c8ffff01")]
    [InlineData("c7ff0000")]
    [InlineData("91ddffffffff")]
    [InlineData("81a161c67fffffff")]
    [InlineData("82a16101a162dd7fffffff")]
    public void Msgpack_a_length_beyond_the_input_is_rejected_before_anything_is_allocated(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        Run(bytes, Walk.ReadJson); // warm up the paths, so the measure below sees only per-call allocations
        foreach (var walk in AllWalks)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var ex = Run(bytes, walk);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.IsType<MsgpackException>(ex);
            Assert.True(allocated < 256 * 1024, $"{walk} allocated {allocated} bytes for {hex}");
        }
    }

    [Theory]
    [InlineData("ddffffffff")]
    [InlineData("dd7fffffff000000")]
    [InlineData("dc0004010203")]
    [InlineData("dfffffffff")]
    [InlineData("de0002010203")]
    [InlineData("8301020304")]
    public void Msgpack_container_headers_refuse_counts_the_remaining_bytes_cannot_hold(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        var ex = Record.Exception(() =>
        {
            var reader = new MsgpackReader(bytes);
            if (reader.PeekType() == MsgpackType.Array)
                reader.ReadArrayHeader();
            else
                reader.ReadMapHeader();
        });
        Assert.IsType<MsgpackException>(ex);
    }

    [Theory]
    [InlineData("91", 1)]
    [InlineData("81a0", 2)]
    [InlineData("dc0001", 3)]
    [InlineData("9200", 2)]
    [InlineData("de0001a0", 4)]
    public void Msgpack_a_depth_bomb_is_rejected_without_overflowing_the_stack(string levelHex, int levelLength)
    {
        var level = Convert.FromHexString(levelHex);
        Assert.Equal(levelLength, level.Length);
        var bomb = new byte[level.Length * 100_000 + 1];
        for (int i = 0; i < 100_000; i++)
            level.CopyTo(bomb, i * level.Length);
        foreach (var walk in AllWalks)
        {
            var ex = Run(bomb, walk);
            Assert.IsType<MsgpackException>(ex);
            Assert.Contains("deeper than 64", ex.Message);
        }
    }

    [Theory]
    [InlineData(64, 64, true)]
    [InlineData(65, 64, false)]
    [InlineData(3, 3, true)]
    [InlineData(4, 3, false)]
    [InlineData(1, 1, true)]
    public void Msgpack_depth_limit_counts_nested_containers(int nesting, int maxDepth, bool accepted)
    {
        var bytes = Enumerable.Repeat((byte)0x91, nesting).Append((byte)0x2a).ToArray();
        foreach (var walk in new[] { Walk.Skip, Walk.ReadJson })
        {
            var ex = Run(bytes, walk, maxDepth);
            if (accepted)
                Assert.Null(ex);
            else
                Assert.IsType<MsgpackException>(ex);
        }
        var maps = Enumerable.Range(0, nesting).SelectMany(_ => new byte[] { 0x81, 0xa0 }).Append((byte)0xc0).ToArray();
        var mapEx = Run(maps, Walk.ReadJson, maxDepth);
        if (accepted)
            Assert.Null(mapEx);
        else
            Assert.IsType<MsgpackException>(mapEx);
    }

    [Theory]
    [InlineData("c1", "reserved")]
    [InlineData("9301c102", "reserved")]
    [InlineData("81a161c1", "reserved")]
    [InlineData("", "ends")]
    [InlineData("a2fffe", "UTF-8")]
    [InlineData("81a1ff00", "UTF-8")]
    [InlineData("92a3616263a2c328", "UTF-8")]
    [InlineData("a3eda080", "UTF-8")] // an encoded surrogate is not UTF-8
    [InlineData("d5ff0000", "timestamp")]
    [InlineData("c705ff0000000000", "timestamp")]
    [InlineData("d7ffee6b280000000000", "timestamp")] // 1e9 ns
    [InlineData("c70cff3b9aca000000000000000000", "timestamp")]
    [InlineData("819000", "map key")]
    [InlineData("81c40000", "map key")]
    [InlineData("81d6ff0000000000", "map key")]
    [InlineData("8180a0", "map key")]
    public void Msgpack_read_json_rejects_malformed_values_with_a_clear_message(string hex, string expected)
    {
        var ex = Run(Convert.FromHexString(hex), Walk.ReadJson);
        Assert.IsType<MsgpackException>(ex);
        Assert.Contains(expected, ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Msgpack_typed_reads_reject_bad_utf8_overflow_and_non_integral_floats()
    {
        Assert.Throws<MsgpackException>(() => new MsgpackReader([0xa2, 0xff, 0xfe]).ReadString());
        Assert.Throws<MsgpackException>(() => new MsgpackReader([0xa2, 0xff, 0xfe]).ReadStringUtf8().ToArray());
        Assert.Throws<MsgpackException>(() => new MsgpackReader(Convert.FromHexString("cfffffffffffffffff")).ReadInteger());
        Assert.Throws<MsgpackException>(() => new MsgpackReader(Convert.FromHexString("cf8000000000000000")).ReadInteger());
        Assert.Throws<MsgpackException>(() => new MsgpackReader(Msgpack.Write(w => w.WriteNumber(1.5))).ReadInteger());
        Assert.Throws<MsgpackException>(() => new MsgpackReader(Msgpack.Write(w => w.WriteNumber(double.NaN))).ReadInteger());
        Assert.Throws<MsgpackException>(() => new MsgpackReader(Convert.FromHexString("cb4340000000000000")).ReadInteger()); // 2^53
        Assert.Throws<MsgpackException>(() => new MsgpackReader(Convert.FromHexString("c70cff000000000000003afff44180")).ReadTimestamp()); // 10000-01-01
        Assert.Throws<MsgpackException>(() => new MsgpackReader(Convert.FromHexString("d6010000")).ReadTimestamp());
    }
}
