using Microsoft.Extensions.Logging.Abstractions;
using SocketIO.Engine;
using SocketIO.Fuzz.Support;
using SocketIO.Transports.WebSocket.Internal;

namespace SocketIO.Fuzz.Targets;

/// <summary>
/// The WebSocket transport's receive path (RFC 6455 framing, fragments, control frames, UTF-8 checks, the
/// 1009 size limit) through the real <see cref="WebSocketTransport"/> over an in-memory connection. The
/// first input byte picks the mode: bit 0x80 runs the transport as an upgrade probe of a polling session,
/// bit 0x40 asks for base64 binary, the low bits how the rest arrives (whole, or segments of 1 byte up).
/// The transport must end by itself once the input is consumed, with no exception escaping, and cannot
/// deliver more messages than the input has frames.
/// </summary>
internal static class WebSocketFramesTarget
{
    private static readonly EngineServer Engine = new(new EngineOptions(), FrozenTime.Instance);
    private static readonly HandshakeRequest Handshake = new() { Address = "127.0.0.1", Url = "/engine.io/?EIO=4&transport=websocket" };
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(1);

    public static void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
            return;
        var mode = input[0];
        var frames = input[1..].ToArray();
        var probing = (mode & 0x80) != 0;
        var connection = new WebSocketAccept.Connection(Stream.Null, System.IO.Pipelines.PipeReader.Create(new ChunkedStream(frames, ChunkedStream.ChunkFor(mode))));
        var transport = new WebSocketTransport(connection, supportsBinary: (mode & 0x40) == 0, Engine.Options.MaxHttpBufferSize, CloseTimeout, NullLogger.Instance);

        EngineChannel channel;
        if (probing)
        {
            var polling = new PollingTransport(NullLogger.Instance, Engine.Options.MaxHttpBufferSize);
            var pollingChannel = Engine.Open(polling, Handshake);
            polling.Attach(pollingChannel);
            channel = Engine.TryBeginUpgrade(pollingChannel.Session, transport) ?? throw new FuzzFailure("a fresh polling session refused an upgrade");
        }
        else
        {
            channel = Engine.Open(transport, Handshake);
        }
        var session = channel.Session;
        var received = 0;
        session.MessageReceived += (_, _) => received++;
        try
        {
            Completion.Wait(transport.RunAsync(channel, probing), "the WebSocket receive loop");
            if (received > 0)
                Outcome.Accept();
            // Every frame has a header of at least 6 bytes (client frames are masked).
            FuzzFailure.Check(received <= frames.Length / 6, $"{received} messages from {frames.Length} bytes");
        }
        finally
        {
            session.Close(CloseReason.ForcedClose, flush: false);
        }
    }
}
