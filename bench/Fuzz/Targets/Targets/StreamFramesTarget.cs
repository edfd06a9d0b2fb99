using System.Text.Unicode;
using SocketIO.Engine;
using SocketIO.Fuzz.Support;

namespace SocketIO.Fuzz.Targets;

/// <summary>
/// The TCP transport's framing (docs/protocol.md#stream-framing): <see cref="StreamFrameDecoder"/> over the input in
/// segments the first byte picks, each text frame then decoded as an engine packet as the TCP connection does.
/// Every frame is 1..maxPayload bytes, everything before a refusal is consumed, and the memory held for a
/// partial frame grows with the bytes that came, never with the length a header claims.
/// </summary>
internal static class StreamFramesTarget
{
    private const int MaxPayload = 1_000_000;

    public static void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
            return;
        var chunk = ChunkedStream.ChunkFor(input[0]);
        var stream = input[1..];
        var decoder = new StreamFrameDecoder(MaxPayload);
        try
        {
            var accepted = false;
            var sinceFrame = 0; // bytes consumed since the last whole frame
            while (!stream.IsEmpty)
            {
                var segment = chunk == 0 ? stream : stream[..Math.Min(chunk, stream.Length)];
                stream = stream[segment.Length..];
                while (!segment.IsEmpty)
                {
                    var before = segment.Length;
                    var result = decoder.TryRead(ref segment, out var binary, out var payload, out var error);
                    sinceFrame += before - segment.Length;
                    switch (result)
                    {
                        case StreamFrameDecoder.Result.Invalid:
                            FuzzFailure.Check(error is { Length: > 0 }, "a refusal without a reason");
                            return;
                        case StreamFrameDecoder.Result.NeedMore:
                            FuzzFailure.Check(segment.IsEmpty, "NeedMore left bytes unconsumed");
                            FuzzFailure.Check(decoder.BufferedBytes <= sinceFrame, $"{decoder.BufferedBytes} bytes held after {sinceFrame} came");
                            FuzzFailure.Check(decoder.BufferedCapacity <= 4L * decoder.BufferedBytes + 1024, $"{decoder.BufferedCapacity} bytes of buffer for {decoder.BufferedBytes} held");
                            break;
                        case StreamFrameDecoder.Result.Frame:
                            FuzzFailure.Check(payload.Length is > 0 and <= MaxPayload, $"a frame of {payload.Length} bytes");
                            FuzzFailure.Check(payload.Length < sinceFrame, "a frame longer than the bytes it came in");
                            sinceFrame = 0;
                            if (!accepted)
                                Outcome.Accept();
                            accepted = true;
                            // The TCP connection ends at the first frame the session refuses.
                            if (!binary && !Decode(payload))
                                return;
                            break;
                    }
                }
            }
        }
        finally
        {
            decoder.Release();
        }
    }

    private static bool Decode(byte[] payload)
    {
        if (!Utf8.IsValid(payload))
            return false;
        try
        {
            _ = EnginePacket.FromTextFrame(payload);
            return true;
        }
        catch (EngineProtocolException)
        {
            return false;
        }
    }
}
