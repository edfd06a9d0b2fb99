using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using SocketIO.Engine;
using SocketIO.Fuzz.Support;
using SocketIO.Transports.WebSocket.Internal;

namespace SocketIO.Fuzz.Targets;

/// <summary>
/// An HTTP long-polling POST body (docs/protocol.md#polling) through the real <see cref="PollingTransport"/>
/// into a real session: the body read (with or without Content-Length), the split on 0x1E and each packet's
/// decode. The request must end with 200 (session open or closed by the client) or 400/413 (session
/// closed), never with an exception, and no more messages can arrive than there are records.
/// </summary>
internal static class PollingPayloadTarget
{
    private static readonly EngineServer Engine = new(new EngineOptions(), FrozenTime.Instance);
    private static readonly HandshakeRequest Handshake = new() { Address = "127.0.0.1", Url = "/engine.io/?EIO=4&transport=polling" };

    public static void Run(ReadOnlySpan<byte> input)
    {
        var transport = new PollingTransport(NullLogger.Instance, Engine.Options.MaxHttpBufferSize);
        var channel = Engine.Open(transport, Handshake);
        transport.Attach(channel);
        var session = channel.Session;
        var received = 0;
        session.MessageReceived += (_, _) => received++;
        try
        {
            var body = input.ToArray();
            var context = new DefaultHttpContext();
            context.Request.Method = "POST";
            context.Request.ContentType = "text/plain;charset=UTF-8";
            // Odd lengths arrive chunked (no Content-Length), in segments the last byte picks.
            var chunked = body.Length % 2 == 1;
            context.Request.Body = new ChunkedStream(body, chunked ? ChunkedStream.ChunkFor(body[^1]) : 0);
            if (!chunked)
                context.Request.ContentLength = body.Length;
            Completion.Wait(transport.HandleAsync(context), "a polling POST");

            var status = context.Response.StatusCode;
            if (received > 0)
                Outcome.Accept();
            var records = body.AsSpan().Count(Records.Separator) + 1;
            FuzzFailure.Check(received <= records, $"{received} messages from {records} records");
            if (body.Length > Engine.Options.MaxHttpBufferSize)
                FuzzFailure.Check(status == StatusCodes.Status413PayloadTooLarge && received == 0, $"an over-limit body answered {status} after {received} messages");
            if (status == StatusCodes.Status200OK)
                return;
            FuzzFailure.Check(status is StatusCodes.Status400BadRequest or StatusCodes.Status413PayloadTooLarge, $"a POST answered {status}");
            FuzzFailure.Check(session.IsClosed, $"a POST answered {status} and left the session open");
        }
        finally
        {
            session.Close(CloseReason.ForcedClose, flush: false);
        }
    }
}
