using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SocketIO.Engine;

namespace SocketIO.Transports.WebSocket.Internal;

internal sealed partial class PollingTransport
{
    private static readonly ReadOnlyMemory<byte> Separator = new byte[] { RecordSeparator };
    private static readonly ReadOnlyMemory<byte> NoopFrame = "6"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> CloseFrame = "1"u8.ToArray();

    private async Task HandleGetAsync(HttpContext context)
    {
        if (Interlocked.Exchange(ref _getBusy, 1) != 0)
        {
            // The earlier GET is answered with a close packet when the session closes (docs/protocol.md#polling).
            TransportLog.RequestOverlap(logger, Session.Id, "GET");
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            Session.Close(CloseReason.TransportError, flush: false);
            return;
        }
        List<ReadOnlyMemory<byte>>? frames;
        try
        {
            frames = await CollectAsync(context).ConfigureAwait(false);
        }
        finally
        {
            // Free before the answer goes out: the client may send its next GET the moment it has it.
            Volatile.Write(ref _getBusy, 0);
        }
        if (frames is not null)
            await WriteAsync(context, frames).ConfigureAwait(false);
    }

    /// <summary>Waits for packets and takes them all; null when the client went away.</summary>
    private async Task<List<ReadOnlyMemory<byte>>?> CollectAsync(HttpContext context)
    {
        var frames = new List<ReadOnlyMemory<byte>>();
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        Volatile.Write(ref _wake, wake);
        try
        {
            while (true)
            {
                var open = true;
                if (!_closed)
                {
                    try
                    {
                        open = await _channel!.WaitToReadAsync(wake.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        if (context.RequestAborted.IsCancellationRequested)
                        {
                            // A client that drops its poll has gone away.
                            _channel!.OnTransportClosed(CloseReason.TransportClose);
                            return null;
                        }
                        if (!_closed)
                        {
                            // Released for an upgrade: the client's paused poll ends with a noop (docs/protocol.md#upgrade).
                            frames.Add(NoopFrame);
                            return frames;
                        }
                    }
                }
                var (closePacket, full) = Take(frames);
                // The rest waits for the client's next GET, which it sends as soon as it has this one.
                if (full)
                    return frames;
                if (closePacket || !open || _closed || Session.IsClosed)
                {
                    AddEnd(frames, closePacket);
                    return frames;
                }
                if (frames.Count > 0)
                    return frames;
                if (!ReferenceEquals(Session.Transport, this))
                {
                    frames.Add(NoopFrame);
                    return frames;
                }
            }
        }
        finally
        {
            Interlocked.CompareExchange(ref _wake, null, wake);
        }
    }

    /// <summary>
    /// Takes queued packets for one response, no more than the client accepts in one payload: maxPayload
    /// (maxHttpBufferSize) bytes, separators included, but always at least one packet, as engine.io-client
    /// caps its own POSTs (socketio/socket.io packages/engine.io-client/lib/socket.ts, _getWritablePackets).
    /// A closed session's last poll takes everything left (the byte budget bounds it): no GET can follow it.
    /// </summary>
    private (bool ClosePacket, bool Full) Take(List<ReadOnlyMemory<byte>> frames)
    {
        long size = 0;
        foreach (var frame in frames)
            size += frame.Length + 1;
        while (_channel!.TryPeek(out var next))
        {
            if (next.Type == EnginePacketType.Close)
            {
                _channel.TryRead(out _);
                return (true, false);
            }
            var frame = next.TextFrame;
            if (frames.Count > 0 && size + frame.Length > maxHttpBufferSize && !Session.IsClosed)
                return (false, true);
            if (!_channel.TryRead(out _))
                break;
            frames.Add(frame);
            size += frame.Length + 1;
        }
        return (false, false);
    }

    /// <summary>
    /// The end of a poll whose session is over or moved on. A server-side close tells the client
    /// with '1'; after a client close or an upgrade an empty poll is answered with a noop (docs/protocol.md#close).
    /// </summary>
    private void AddEnd(List<ReadOnlyMemory<byte>> frames, bool closePacket)
    {
        if (closePacket || (Session.IsClosed && !_clientClosed))
            frames.Add(CloseFrame);
        else if (frames.Count == 0)
            frames.Add(NoopFrame);
    }

    private async Task WriteAsync(HttpContext context, List<ReadOnlyMemory<byte>> frames)
    {
        var length = frames.Count - 1;
        foreach (var frame in frames)
            length += frame.Length;
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/plain; charset=UTF-8";
        response.Headers.CacheControl = "no-store";
        response.ContentLength = length;
        var writer = response.BodyWriter;
        for (var i = 0; i < frames.Count; i++)
        {
            if (i > 0)
                writer.Write(Separator.Span);
            writer.Write(frames[i].Span);
        }
        try
        {
            await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            TransportLog.TransportFailed(logger, Session.Id, Name, ex);
            _channel!.OnTransportClosed(CloseReason.TransportClose);
        }
    }
}
