using System.Text.Json;
using SocketIO.Fuzz.Support;
using SocketIO.Protocol;
using SocketIO.Serialization.Msgpack;

namespace SocketIO.Fuzz.Tests.Properties;

/// <summary>Core's msgpack writer and reader (the cluster adapters' notepack.io format): read(write(x)) is x.</summary>
public class MsgpackProperties
{
    private static (byte[] Json, List<ReadOnlyMemory<byte>> Attachments) WriteThenRead(JsonValue value)
    {
        var attachments = new List<ReadOnlyMemory<byte>>();
        using var document = JsonDocument.Parse(JsonValue.Write(value, attachments));
        using var msgpack = new PooledBufferWriter();
        new MsgpackWriter(msgpack).WriteJson(document.RootElement, attachments);
        var read = new List<ReadOnlyMemory<byte>>();
        using var json = new PooledBufferWriter();
        using (var writer = new Utf8JsonWriter(json))
        {
            var reader = new MsgpackReader(msgpack.WrittenSpan);
            reader.ReadJson(writer, read);
            Assert.True(reader.End);
        }
        return (json.WrittenSpan.ToArray(), read);
    }

    private static void AssertSameJson(JsonValue expected, byte[] json, List<ReadOnlyMemory<byte>> attachments)
    {
        var expectedAttachments = new List<ReadOnlyMemory<byte>>();
        using var e = JsonDocument.Parse(JsonValue.Write(expected, expectedAttachments));
        using var a = JsonDocument.Parse(json);
        Assert.True(JsonValues.Equal(e.RootElement, a.RootElement), $"{System.Text.Encoding.UTF8.GetString(json)}, expected {expected}");
        Assert.Equal(expectedAttachments.Select(m => m.ToArray()), attachments.Select(m => m.ToArray()));
    }

    /// <summary>Objects come back in JavaScript key order (integer-like keys first), as notepack.io writes a JavaScript object.</summary>
    [Fact]
    public void ReadJson_of_WriteJson_is_the_value_in_JavaScript_key_order() =>
        Property.Check(Generators.Value(4, binary: true, loneSurrogates: false), value =>
        {
            var (json, attachments) = WriteThenRead(value);
            AssertSameJson(value.JsOrdered(), json, attachments);
        });

    /// <summary>msgpack strings are UTF-8: a lone surrogate, escaped in the JSON, comes back as U+FFFD, as Node's Buffer writes it.</summary>
    [Fact]
    public void A_lone_surrogate_comes_back_as_U_FFFD() =>
        Property.Check(Generators.Text(loneSurrogates: true).Where(JsonValue.IsLone), text =>
        {
            var (json, _) = WriteThenRead(new JArray([new JString(text, false)]));
            using var document = JsonDocument.Parse(json);
            Assert.Equal(Codec.WellFormed(text), document.RootElement[0].GetString());
        });

    [Fact]
    public void Typed_values_read_back_as_written() =>
        Property.Check(
            from integer in Gen.Choose(int.MinValue, int.MaxValue).Zip(Gen.Choose(0, 40)).Select(p => (long)p.Item1 << p.Item2 % 32)
            from number in Gen.Elements(0.5, -1e-300, 1e300, double.NaN, double.PositiveInfinity, 3.0, -0.25)
            from text in Generators.Text(loneSurrogates: false)
            from bytes in Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf()
            from ticks in Gen.Choose(-100000, 100000).Select(s => DateTimeOffset.UnixEpoch.AddSeconds(s * 86400.0 + s / 7.0))
            from count in Gen.Frequency((3, Gen.Choose(0, 15)), (2, Gen.Choose(16, 300)), (1, Gen.Choose(65536, 65600)))
            select (integer, number, text, bytes, ticks, count),
            c =>
            {
                using var buffer = new PooledBufferWriter();
                var writer = new MsgpackWriter(buffer);
                writer.WriteInteger(c.integer);
                writer.WriteNumber(c.number);
                writer.WriteString(c.text);
                writer.WriteBinary(c.bytes);
                writer.WriteTimestamp(c.ticks);
                // The reader checks a count against the bytes left, so the elements are written too.
                writer.WriteArrayHeader(c.count);
                for (var i = 0; i < c.count; i++)
                    writer.WriteInteger(i % 128);
                writer.WriteMapHeader(c.count);
                for (var i = 0; i < 2 * c.count; i++)
                    writer.WriteNil();
                writer.WriteNil();
                writer.WriteBoolean(true);
                var reader = new MsgpackReader(buffer.WrittenSpan);
                Assert.Equal(c.integer, reader.ReadInteger());
                Assert.Equal(c.number, reader.ReadDouble());
                Assert.Equal(c.text, reader.ReadString());
                Assert.Equal(c.bytes, reader.ReadBinary().ToArray());
                Assert.Equal(c.ticks, reader.ReadTimestamp());
                Assert.Equal(c.count, reader.ReadArrayHeader());
                for (var i = 0; i < c.count; i++)
                    Assert.Equal(i % 128, reader.ReadInteger());
                Assert.Equal(c.count, reader.ReadMapHeader());
                for (var i = 0; i < 2 * c.count; i++)
                    Assert.True(reader.TryReadNil());
                Assert.True(reader.TryReadNil());
                Assert.True(reader.ReadBoolean());
                Assert.True(reader.End);
            });
}
