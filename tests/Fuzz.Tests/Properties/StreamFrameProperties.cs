using SocketIO.Engine;

namespace SocketIO.Fuzz.Tests.Properties;

/// <summary>The TCP transport's stream framing: frames written with <see cref="StreamFrame"/> come back whole, however the stream is cut.</summary>
public class StreamFrameProperties
{
    private static Gen<(bool Binary, byte[] Payload)> Frame =>
        from binary in Gen.Elements(true, false)
        from length in Gen.Frequency((8, Gen.Choose(1, 125)), (3, Gen.Choose(126, 400)), (1, Gen.Choose(65530, 65700)))
        from fill in Gen.Choose(0, 255)
        select (binary, Enumerable.Range(0, length).Select(i => (byte)(fill + i * 31)).ToArray());

    [Fact]
    public void The_decoder_gives_back_every_frame_whatever_the_segments() =>
        Property.Check(Frame.ListOf().Select(f => f.ToArray()).Zip(Gen.Choose(1, 70000).ArrayOf()), p =>
        {
            var (frames, cuts) = p;
            var stream = new List<byte>();
            Span<byte> header = stackalloc byte[StreamFrame.MaxHeaderSize];
            foreach (var (binary, payload) in frames)
            {
                stream.AddRange(header[..StreamFrame.WriteHeader(header, binary, payload.Length)].ToArray());
                stream.AddRange(payload);
            }
            var bytes = stream.ToArray();
            var decoder = new StreamFrameDecoder(1_000_000);
            var decoded = new List<(bool, byte[])>();
            var at = 0;
            foreach (var cut in cuts.Append(bytes.Length))
            {
                var segment = new ReadOnlySpan<byte>(bytes, at, Math.Min(cut, bytes.Length - at));
                at += segment.Length;
                while (!segment.IsEmpty)
                {
                    var result = decoder.TryRead(ref segment, out var binary, out var payload, out var error);
                    Assert.NotEqual(StreamFrameDecoder.Result.Invalid, result);
                    if (result == StreamFrameDecoder.Result.Frame)
                        decoded.Add((binary, payload));
                }
            }
            Assert.False(decoder.HasPartialFrame);
            Assert.Equal(frames.Length, decoded.Count);
            for (var i = 0; i < frames.Length; i++)
            {
                Assert.Equal(frames[i].Binary, decoded[i].Item1);
                Assert.Equal(frames[i].Payload, decoded[i].Item2);
            }
        }, maxTest: 150);
}
