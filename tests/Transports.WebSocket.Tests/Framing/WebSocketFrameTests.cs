using System.Text;
using SocketIO.Transports.WebSocket.Internal;
using SocketIO.Transports.WebSocket.Tests.Support;
using static SocketIO.Transports.WebSocket.Internal.WebSocketFrame;

namespace SocketIO.Transports.WebSocket.Tests.Framing;

/// <summary>RFC 6455 frame headers as the server reads and writes them, and unmasking.</summary>
public sealed class WebSocketFrameTests
{
    private static uint MaskOf(byte[] maskBytes) => BitConverter.ToUInt32(maskBytes);

    private static ReadStatus Read(byte[] data, out Header header, out string? error) => TryReadHeader(data, out header, out error);

    [Theory]
    [InlineData(0UL, 6)]
    [InlineData(1UL, 6)]
    [InlineData(125UL, 6)]
    [InlineData(126UL, 8)]
    [InlineData(65535UL, 8)]
    [InlineData(65536UL, 14)]
    [InlineData(1UL << 40, 14)]
    [InlineData((ulong)long.MaxValue, 14)]
    public void Header_with_each_length_encoding_is_parsed(ulong length, int size)
    {
        var data = ClientFrame.Header(0x82, length, ClientFrame.SampleMask);

        var status = Read(data, out var header, out var error);

        Assert.Equal(ReadStatus.Complete, status);
        Assert.Null(error);
        Assert.Equal(new Header(true, Binary, (long)length, MaskOf(ClientFrame.SampleMask), size), header);
    }

    [Fact]
    public void Header_reads_fin_and_opcode_and_ignores_the_bytes_after_it()
    {
        var data = ClientFrame.Build(Text, "abc"u8, fin: false).Concat(new byte[] { 0xFF, 0xFF }).ToArray();

        Assert.Equal(ReadStatus.Complete, Read(data, out var header, out _));

        Assert.False(header.Fin);
        Assert.Equal(Text, header.Opcode);
        Assert.False(header.IsControl);
        Assert.Equal(3, header.PayloadLength);
        Assert.Equal(6, header.Size);
    }

    [Theory]
    [InlineData(Continuation, false)]
    [InlineData(Text, false)]
    [InlineData(Binary, false)]
    [InlineData(Close, true)]
    [InlineData(Ping, true)]
    [InlineData(Pong, true)]
    public void Every_defined_opcode_is_accepted(byte opcode, bool control)
    {
        Assert.Equal(ReadStatus.Complete, Read(ClientFrame.Build(opcode, "x"u8), out var header, out _));

        Assert.Equal(opcode, header.Opcode);
        Assert.Equal(control, header.IsControl);
    }

    [Fact]
    public void Rfc_6455_masked_hello_example_parses_and_unmasks()
    {
        // RFC 6455 5.7: a single-frame masked text message containing "Hello".
        byte[] frame = [0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58];

        Assert.Equal(ReadStatus.Complete, Read(frame, out var header, out _));
        var payload = frame.AsSpan(header.Size, (int)header.PayloadLength);
        Unmask(payload, header.Mask);

        Assert.Equal(new Header(true, Text, 5, MaskOf([0x37, 0xfa, 0x21, 0x3d]), 6), header);
        Assert.Equal("Hello", Encoding.ASCII.GetString(payload));
    }

    [Theory]
    [InlineData(5UL)]
    [InlineData(300UL)]
    [InlineData(70_000UL)]
    public void Every_truncated_header_needs_more(ulong length)
    {
        var data = ClientFrame.Header(0x81, length, ClientFrame.SampleMask);

        for (var prefix = 0; prefix < data.Length; prefix++)
            Assert.True(ReadStatus.NeedMore == Read(data[..prefix], out _, out var error) && error is null, $"prefix of {prefix} bytes");
        Assert.Equal(ReadStatus.Complete, Read(data, out _, out _));
    }

    public static TheoryData<string, byte[], string> ProtocolErrors()
    {
        var data = new TheoryData<string, byte[], string>
        {
            { "RSV1", ClientFrame.Build(Text, "x"u8, rsv: 4), "reserved bits set" },
            { "RSV2", ClientFrame.Build(Text, "x"u8, rsv: 2), "reserved bits set" },
            { "RSV3", ClientFrame.Build(Text, "x"u8, rsv: 1), "reserved bits set" },
            { "unmasked", ClientFrame.Build(Text, "x"u8, masked: false), "unmasked client frame" },
            { "fragmented ping", ClientFrame.Build(Ping, "x"u8, fin: false), "fragmented or oversized control frame" },
            { "fragmented pong", ClientFrame.Build(Pong, "x"u8, fin: false), "fragmented or oversized control frame" },
            { "fragmented close", ClientFrame.Build(Close, [3, 232], fin: false), "fragmented or oversized control frame" },
            { "126-byte ping", ClientFrame.Build(Ping, new byte[126]), "fragmented or oversized control frame" },
            { "126-byte close", ClientFrame.Build(Close, new byte[126]), "fragmented or oversized control frame" },
            { "64-bit length with the top bit set", ClientFrame.Header(0x82, 1UL << 63, ClientFrame.SampleMask), "payload length out of range" },
            { "64-bit length of all ones", ClientFrame.Header(0x82, ulong.MaxValue, ClientFrame.SampleMask), "payload length out of range" },
        };
        foreach (byte opcode in (byte[])[3, 4, 5, 6, 7, 11, 12, 13, 14, 15])
            data.Add($"opcode {opcode}", ClientFrame.Build(opcode, "x"u8), $"unknown opcode {opcode}");
        return data;
    }

    [Theory]
    [MemberData(nameof(ProtocolErrors))]
    public void Malformed_header_is_a_protocol_error(string what, byte[] data, string expected)
    {
        var status = Read(data, out var header, out var error);

        Assert.True(status == ReadStatus.ProtocolError, what);
        Assert.Equal(expected, error);
        Assert.Equal(default, header);
    }

    [Theory]
    [MemberData(nameof(ProtocolErrors))]
    public void Malformed_first_two_bytes_fail_without_waiting_for_the_rest(string what, byte[] data, string expected)
    {
        // Only the length range needs the extended length; everything else is in the first two bytes.
        var status = Read(data[..2], out _, out var error);

        if (expected == "payload length out of range")
            Assert.Equal(ReadStatus.NeedMore, status);
        else
            Assert.True(status == ReadStatus.ProtocolError && error == expected, what);
    }

    [Fact]
    public void Unmask_matches_a_naive_xor_for_every_length_and_alignment()
    {
        var random = new Random(6455);
        var maskBytes = new byte[4];
        for (var length = 0; length <= 300; length++)
        {
            for (var offset = 0; offset < 4; offset++)
            {
                random.NextBytes(maskBytes);
                var data = new byte[offset + length];
                random.NextBytes(data);
                var expected = data.ToArray();
                for (var i = 0; i < length; i++)
                    expected[offset + i] ^= maskBytes[i & 3];
                // The mask as the header parser hands it over: the key's bytes in wire order.
                Assert.Equal(ReadStatus.Complete, Read(ClientFrame.Header(0x82, (ulong)length, maskBytes), out var header, out _));

                Unmask(data.AsSpan(offset, length), header.Mask);

                Assert.True(expected.AsSpan().SequenceEqual(data), $"length {length}, offset {offset}, mask {Convert.ToHexString(maskBytes)}");
            }
        }
    }

    [Fact]
    public void Unmask_twice_restores_the_payload()
    {
        var original = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        var data = original.ToArray();

        Unmask(data, 0xDEADBEEF);
        Assert.False(original.AsSpan().SequenceEqual(data));
        Unmask(data, 0xDEADBEEF);

        Assert.Equal(original, data);
    }

    [Theory]
    [InlineData(0, "8100")]
    [InlineData(125, "817D")]
    [InlineData(126, "817E007E")]
    [InlineData(65535, "817EFFFF")]
    [InlineData(65536, "817F0000000000010000")]
    [InlineData(int.MaxValue, "817F000000007FFFFFFF")]
    public void WriteHeader_uses_the_shortest_length_encoding_unmasked(int length, string expectedHex)
    {
        var destination = new byte[MaxHeaderSize + 2];
        destination.AsSpan().Fill(0xCC);

        var size = WriteHeader(destination, Text, length);

        Assert.Equal(expectedHex, Convert.ToHexString(destination, 0, size));
        Assert.Equal(0xCC, destination[size]);
    }

    [Theory]
    [InlineData(Binary, 0x82)]
    [InlineData(Close, 0x88)]
    [InlineData(Pong, 0x8A)]
    public void WriteHeader_sets_fin_and_the_opcode(byte opcode, byte expectedFirstByte)
    {
        var destination = new byte[MaxHeaderSize];

        WriteHeader(destination, opcode, 2);

        Assert.Equal(expectedFirstByte, destination[0]);
        Assert.Equal(2, destination[1]);
    }

    [Fact]
    public void Written_header_reads_back_once_masked()
    {
        foreach (var length in (int[])[0, 125, 126, 65535, 65536])
        {
            var written = new byte[MaxHeaderSize];
            var size = WriteHeader(written, Binary, length);
            // A client header is the server's with the mask bit and a key added.
            var clientHeader = written[..size].Concat(ClientFrame.SampleMask).ToArray();
            clientHeader[1] |= 0x80;

            Assert.Equal(ReadStatus.Complete, Read(clientHeader, out var header, out _));
            Assert.Equal(length, header.PayloadLength);
            Assert.Equal(size + 4, header.Size);
        }
    }
}
