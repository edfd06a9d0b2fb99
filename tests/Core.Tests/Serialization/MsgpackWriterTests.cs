using System.Buffers;
using SocketIO.Serialization.Msgpack;

namespace SocketIO.Tests.Serialization;

/// <summary>Encodings of <see cref="MsgpackWriter"/> that the notepack cross-checks do not reach, and its argument checks.</summary>
public sealed class MsgpackWriterTests
{
    [Theory]
    [InlineData(0, "90", "80")]
    [InlineData(15, "9f", "8f")]
    [InlineData(16, "dc0010", "de0010")]
    [InlineData(65535, "dcffff", "deffff")]
    [InlineData(65536, "dd00010000", "df00010000")]
    [InlineData(int.MaxValue, "dd7fffffff", "df7fffffff")]
    public void Msgpack_container_headers_use_the_smallest_form(int count, string array, string map)
    {
        Assert.Equal(array, Convert.ToHexString(Msgpack.Write(w => w.WriteArrayHeader(count))), ignoreCase: true);
        Assert.Equal(map, Convert.ToHexString(Msgpack.Write(w => w.WriteMapHeader(count))), ignoreCase: true);
    }

    [Fact]
    public void Msgpack_writer_refuses_negative_counts_and_null_arguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Msgpack.Write(w => w.WriteArrayHeader(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Msgpack.Write(w => w.WriteMapHeader(-1)));
        Assert.Throws<ArgumentNullException>(() => Msgpack.Write(w => w.WriteString((string)null!)));
        Assert.Throws<ArgumentNullException>(() => new MsgpackWriter(null!));
    }

    [Theory]
    [InlineData("1970-01-01T00:00:00.0000001+00:00", "d7ff0000019000000000")]
    [InlineData("1969-12-31T23:59:59.9999999+00:00", "c70cff3b9ac99cffffffffffffffff")]
    [InlineData("2020-01-01T01:00:00+01:00", "d6ff5e0be100")]
    public void Msgpack_timestamps_keep_sub_millisecond_ticks_and_use_utc(string value, string expected)
    {
        var time = DateTimeOffset.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        var bytes = Msgpack.Write(w => w.WriteTimestamp(time));
        Assert.Equal(expected, Convert.ToHexString(bytes), ignoreCase: true);
        Assert.Equal(time, new MsgpackReader(bytes).ReadTimestamp());
    }

    [Fact]
    public void Msgpack_writer_writes_into_any_buffer_writer()
    {
        var buffer = new ArrayBufferWriter<byte>(1);
        var writer = new MsgpackWriter(buffer);
        writer.WriteArrayHeader(3);
        writer.WriteString(new string('z', 300));
        writer.WriteBinary(new byte[70000]);
        writer.WriteUndefined();
        var reader = new MsgpackReader(buffer.WrittenSpan);
        Assert.Equal(3, reader.ReadArrayHeader());
        Assert.Equal(new string('z', 300), reader.ReadString());
        Assert.Equal(70000, reader.ReadBinary().Length);
        Assert.Equal(MsgpackType.Undefined, reader.PeekType());
        Assert.True(reader.TryReadNil());
        Assert.True(reader.End);
    }
}
