using SocketIO.Serialization.Msgpack;

namespace SocketIO.Tests.Serialization;

/// <summary>The typed reads of <see cref="MsgpackReader"/>: what each accepts, returns and leaves in place.</summary>
public sealed class MsgpackReaderTests
{
    [Theory]
    [InlineData("00", MsgpackType.Integer)]
    [InlineData("ff", MsgpackType.Integer)]
    [InlineData("cc80", MsgpackType.Integer)]
    [InlineData("d3ffffffffffffffff", MsgpackType.Integer)]
    [InlineData("c0", MsgpackType.Nil)]
    [InlineData("c2", MsgpackType.Boolean)]
    [InlineData("ca00000000", MsgpackType.Float)]
    [InlineData("a0", MsgpackType.String)]
    [InlineData("d900", MsgpackType.String)]
    [InlineData("c400", MsgpackType.Binary)]
    [InlineData("c70000", MsgpackType.Binary)]
    [InlineData("c8000000", MsgpackType.Binary)]
    [InlineData("c90000000000", MsgpackType.Binary)]
    [InlineData("90", MsgpackType.Array)]
    [InlineData("dc0000", MsgpackType.Array)]
    [InlineData("80", MsgpackType.Map)]
    [InlineData("df00000000", MsgpackType.Map)]
    [InlineData("d40000", MsgpackType.Undefined)]
    [InlineData("d40100", MsgpackType.Extension)]
    [InlineData("d5000000", MsgpackType.Extension)]
    [InlineData("c70107ff", MsgpackType.Extension)]
    [InlineData("d6ff00000000", MsgpackType.Timestamp)]
    [InlineData("d7ff0000000000000000", MsgpackType.Timestamp)]
    [InlineData("d7000000000000000000", MsgpackType.Timestamp)]
    [InlineData("c70cff000000000000000000000000", MsgpackType.Timestamp)]
    public void Msgpack_peek_type_names_the_next_value_without_consuming_it(string hex, MsgpackType expected)
    {
        var reader = new MsgpackReader(Convert.FromHexString(hex));
        Assert.Equal(expected, reader.PeekType());
        Assert.Equal(0, reader.Position);
        reader.Skip();
        Assert.True(reader.End);
    }

    [Fact]
    public void Msgpack_reads_a_sequence_of_values_and_reports_position_and_end()
    {
        var bytes = Msgpack.Write(w =>
        {
            w.WriteMapHeader(2);
            w.WriteString("type");
            w.WriteInteger(3);
            w.WriteString("data");
            w.WriteArrayHeader(4);
            w.WriteBoolean(true);
            w.WriteNil();
            w.WriteBinary([9, 8, 7]);
            w.WriteNumber(-2.5);
            w.WriteString("trailing");
        });
        var reader = new MsgpackReader(bytes);
        Assert.Equal(2, reader.ReadMapHeader());
        Assert.True(reader.ReadStringUtf8().SequenceEqual("type"u8));
        Assert.Equal(3, reader.ReadInteger());
        Assert.Equal("data", reader.ReadString());
        Assert.Equal(4, reader.ReadArrayHeader());
        Assert.True(reader.ReadBoolean());
        Assert.True(reader.TryReadNil());
        Assert.True(reader.ReadBinary().SequenceEqual(new byte[] { 9, 8, 7 }));
        Assert.Equal(-2.5, reader.ReadDouble());
        Assert.False(reader.End);
        int before = reader.Position;
        reader.Skip();
        Assert.Equal(bytes.Length, reader.Position);
        Assert.Equal(9, reader.Position - before);
        Assert.True(reader.End);
    }

    [Fact]
    public void Msgpack_try_read_nil_consumes_nil_and_undefined_only()
    {
        var reader = new MsgpackReader(Convert.FromHexString("c0d40000d4010001"));
        Assert.True(reader.TryReadNil());
        Assert.Equal(1, reader.Position);
        Assert.True(reader.TryReadNil());
        Assert.Equal(4, reader.Position);
        Assert.False(reader.TryReadNil());
        Assert.Equal(4, reader.Position);
        reader.Skip();
        Assert.False(reader.TryReadNil());
        Assert.Equal(1, reader.ReadInteger());
        Assert.Throws<MsgpackException>(() => new MsgpackReader([]).TryReadNil());
    }

    [Theory]
    [InlineData("cb4008000000000000", 3)]        // 3.0
    [InlineData("ca40400000", 3)]                // 3.0f
    [InlineData("cbc33fffffffffffff", -9007199254740991)]
    [InlineData("cb8000000000000000", 0)]        // -0.0
    [InlineData("cf7fffffffffffffff", long.MaxValue)]
    [InlineData("d38000000000000000", long.MinValue)]
    [InlineData("d0e0", -32)]
    [InlineData("e0", -32)]
    [InlineData("ce80000000", 2147483648)]
    [InlineData("d280000000", -2147483648)]
    public void Msgpack_read_integer_accepts_every_integer_form_and_integral_floats(string hex, long expected)
    {
        Assert.Equal(expected, new MsgpackReader(Convert.FromHexString(hex)).ReadInteger());
    }

    [Theory]
    [InlineData("cfffffffffffffffff", 18446744073709551615.0)]
    [InlineData("d3ffffffffffffffff", -1.0)]
    [InlineData("7f", 127.0)]
    [InlineData("ca3fc00000", 1.5)]
    [InlineData("cb7ff0000000000000", double.PositiveInfinity)]
    public void Msgpack_read_double_accepts_integers_and_floats(string hex, double expected)
    {
        Assert.Equal(expected, new MsgpackReader(Convert.FromHexString(hex)).ReadDouble());
    }

    [Fact]
    public void Msgpack_a_type_mismatch_throws_and_leaves_the_value_to_read_again()
    {
        var reader = new MsgpackReader(Convert.FromHexString("a3616263"));
        try
        {
            reader.ReadInteger();
            Assert.Fail("ReadInteger read a string");
        }
        catch (MsgpackException ex)
        {
            Assert.Contains("integer", ex.Message);
            Assert.Contains("0xa3", ex.Message);
        }
        Assert.Equal(0, reader.Position);
        Assert.Equal("abc", reader.ReadString());
        Assert.Throws<MsgpackException>(() => new MsgpackReader([0x01]).ReadBinary().ToArray());
        Assert.Throws<MsgpackException>(() => new MsgpackReader(Convert.FromHexString("c70101ff")).ReadBinary().ToArray());
        Assert.Throws<MsgpackException>(() => new MsgpackReader([0x90]).ReadMapHeader());
        Assert.Throws<MsgpackException>(() => new MsgpackReader([0x80]).ReadArrayHeader());
        Assert.Throws<MsgpackException>(() => new MsgpackReader([0xc0]).ReadBoolean());
        Assert.Throws<MsgpackException>(() => new MsgpackReader([0xc4, 0x00]).ReadString());
        Assert.Throws<MsgpackException>(() => new MsgpackReader([0xc4, 0x00]).ReadTimestamp());
    }

    [Fact]
    public void Msgpack_read_binary_and_string_return_slices_of_the_input()
    {
        var bytes = Convert.FromHexString("c403010203a26869");
        var reader = new MsgpackReader(bytes);
        var binary = reader.ReadBinary();
        var text = reader.ReadStringUtf8();
        bytes[2] = 0x42;
        bytes[6] = (byte)'H';
        Assert.Equal(0x42, binary[0]);
        Assert.Equal((byte)'H', text[0]);
    }

    [Theory]
    [InlineData("d6ff5e0be100", "2020-01-01T00:00:00.0000000+00:00")]
    [InlineData("d7ff1d5353005e0be100", "2020-01-01T00:00:00.1230000+00:00")]
    [InlineData("d7ff00000190ffffffff", "2106-02-07T06:28:15.0000001+00:00")]
    [InlineData("c70cff3b9ac99cffffffffffffffff", "1969-12-31T23:59:59.9999999+00:00")]
    [InlineData("c70cff00000000fffffff1886e0900", "0001-01-01T00:00:00.0000000+00:00")]
    [InlineData("d700ffffffffffffffff", "1969-12-31T23:59:59.9990000+00:00")]
    public void Msgpack_read_timestamp_decodes_every_timestamp_form(string hex, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            new MsgpackReader(Convert.FromHexString(hex)).ReadTimestamp());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public void Msgpack_reader_refuses_a_max_depth_outside_1_to_1000(int maxDepth)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MsgpackReader([0xc0], maxDepth));
    }
}
