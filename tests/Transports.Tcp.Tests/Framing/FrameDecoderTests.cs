using SocketIO.Engine;
using System.Text;
using SocketIO.Transports.Tcp.Tests.Support;

namespace SocketIO.Transports.Tcp.Tests.Framing;

/// <summary>The stream framing of engine.io-parser's createPacketEncoderStream / createPacketDecoderStream, byte by byte.</summary>
public sealed class FrameDecoderTests
{
    private static List<(bool Binary, byte[] Payload)> DecodeAll(StreamFrameDecoder decoder, params byte[][] chunks)
    {
        var frames = new List<(bool, byte[])>();
        foreach (var chunk in chunks)
        {
            ReadOnlySpan<byte> data = chunk;
            while (!data.IsEmpty)
            {
                var result = decoder.TryRead(ref data, out var binary, out var payload, out var error);
                Assert.NotEqual(StreamFrameDecoder.Result.Invalid, result);
                Assert.Null(error);
                if (result == StreamFrameDecoder.Result.NeedMore)
                {
                    Assert.True(data.IsEmpty);
                    break;
                }
                frames.Add((binary, payload));
            }
        }
        return frames;
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(125, 1)]
    [InlineData(126, 3)]
    [InlineData(65535, 3)]
    [InlineData(65536, 9)]
    [InlineData(200_000, 9)]
    public void Header_uses_the_length_encoding_of_engine_io_parser(int length, int headerSize)
    {
        Span<byte> header = stackalloc byte[StreamFrame.MaxHeaderSize];

        var written = StreamFrame.WriteHeader(header, binary: false, length);

        Assert.Equal(headerSize, written);
        Assert.Equal(RawTcpClient.Header(false, length), header[..written].ToArray());
        Assert.Equal(0, header[0] & 0x80);
        StreamFrame.WriteHeader(header, binary: true, length);
        Assert.Equal(0x80, header[0] & 0x80);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(125)]
    [InlineData(126)]
    [InlineData(65535)]
    [InlineData(65536)]
    [InlineData(200_000)]
    public void Every_length_encoding_decodes_text_and_binary(int length)
    {
        var payload = new byte[length];
        new Random(length).NextBytes(payload);
        var text = Encoding.UTF8.GetBytes("4" + new string('x', length - 1));
        var decoder = new StreamFrameDecoder(maxPayload: 1_000_000);

        var frames = DecodeAll(decoder, [.. RawTcpClient.FrameOf(true, payload), .. RawTcpClient.FrameOf(false, text)]);

        Assert.Equal(2, frames.Count);
        Assert.True(frames[0].Binary);
        Assert.Equal(payload, frames[0].Payload);
        Assert.False(frames[1].Binary);
        Assert.Equal(text, frames[1].Payload);
    }

    [Fact]
    public void Frames_split_at_every_byte_decode_the_same()
    {
        var stream = new List<byte>();
        stream.AddRange(RawTcpClient.TextFrame("4hello"));
        stream.AddRange(RawTcpClient.FrameOf(true, Enumerable.Range(0, 300).Select(i => (byte)i).ToArray()));
        stream.AddRange(RawTcpClient.TextFrame("4" + new string('y', 70_000)));
        var decoder = new StreamFrameDecoder(maxPayload: 1_000_000);

        var frames = DecodeAll(decoder, stream.Select(b => new[] { b }).ToArray());

        Assert.Equal(3, frames.Count);
        Assert.Equal("4hello", Encoding.UTF8.GetString(frames[0].Payload));
        Assert.Equal(300, frames[1].Payload.Length);
        Assert.Equal(70_000 + 1, frames[2].Payload.Length);
        Assert.False(decoder.HasPartialFrame);
    }

    [Fact]
    public void Coalesced_frames_in_one_read_all_decode()
    {
        var bytes = Enumerable.Range(0, 50).SelectMany(i => RawTcpClient.TextFrame($"4m{i}")).ToArray();
        var decoder = new StreamFrameDecoder(maxPayload: 1000);

        var frames = DecodeAll(decoder, bytes);

        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"4m{i}"), frames.Select(f => Encoding.UTF8.GetString(f.Payload)));
    }

    [Theory]
    [InlineData(new byte[] { 0x00 }, "frame length 0")]
    [InlineData(new byte[] { 0x80 }, "frame length 0")]
    [InlineData(new byte[] { 126, 0, 0 }, "frame length 0")]
    [InlineData(new byte[] { 126, 0x03, 0xE9 }, "frame of 1001 bytes over maxPayload (1000)")]
    [InlineData(new byte[] { 127, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, "over maxPayload (1000)")]
    public void Bad_lengths_are_refused_right_after_the_header(byte[] header, string reason)
    {
        var decoder = new StreamFrameDecoder(maxPayload: 1000);
        ReadOnlySpan<byte> data = header;

        var result = decoder.TryRead(ref data, out _, out _, out var error);

        Assert.Equal(StreamFrameDecoder.Result.Invalid, result);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void A_claimed_length_costs_only_the_bytes_that_arrived()
    {
        // A header that claims 1 MB followed by 10 bytes keeps 10 bytes (in a small pooled buffer), not 1 MB.
        var decoder = new StreamFrameDecoder(maxPayload: 2_000_000);
        ReadOnlySpan<byte> data = [.. RawTcpClient.Header(true, 1_000_000), .. new byte[10]];

        var result = decoder.TryRead(ref data, out _, out _, out _);

        Assert.Equal(StreamFrameDecoder.Result.NeedMore, result);
        Assert.Equal(10, decoder.BufferedBytes);
        Assert.InRange(decoder.BufferedCapacity, 10, 4096);
        decoder.Release();
    }
}
