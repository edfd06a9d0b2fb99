using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SocketIO.Engine;

namespace SocketIO.Transports.WebSocket.Internal;

internal sealed partial class PollingTransport
{
    private static readonly byte[] OkBody = "ok"u8.ToArray();

    private BodyReader? _body; // the POST body being read, if any

    /// <summary>Bytes of pooled memory the POST being read holds now (tests read it).</summary>
    internal int PostBufferCapacity => Volatile.Read(ref _body)?.Capacity ?? 0;

    private async Task HandlePostAsync(HttpContext context)
    {
        var response = context.Response;
        if (Interlocked.Exchange(ref _postBusy, 1) != 0)
        {
            TransportLog.RequestOverlap(logger, Session.Id, "POST");
            response.StatusCode = StatusCodes.Status400BadRequest;
            Session.Close(CloseReason.TransportError, flush: false);
            return;
        }
        try
        {
            // EIO4 payloads are text; binary POST bodies belong to EIO3 only.
            if (IsOctetStream(context.Request.ContentType))
            {
                TransportLog.InvalidContent(logger, Session.Id);
                response.StatusCode = StatusCodes.Status400BadRequest;
                Session.Close(CloseReason.TransportError, flush: false);
                return;
            }
            byte[]? body;
            var reader = new BodyReader();
            Volatile.Write(ref _body, reader);
            try
            {
                body = await reader.ReadAsync(context.Request, maxHttpBufferSize, context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
                TransportLog.TransportFailed(logger, Session.Id, Name, ex);
                _channel!.OnTransportClosed(CloseReason.TransportError);
                return;
            }
            finally
            {
                Volatile.Write(ref _body, null);
                reader.Dispose();
            }
            if (body is not { } payload)
            {
                TransportLog.PayloadTooLarge(logger, Session.Id, "POST", maxHttpBufferSize);
                response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                Session.Close(CloseReason.TransportError, flush: false);
                return;
            }
            Receive(payload);
            if (Session.IsClosed && !_clientClosed)
            {
                // A bad packet closed the session (parse error); the client learns it here.
                response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
        }
        finally
        {
            // Free before the answer goes out: the client may send its next POST the moment it has "ok".
            Volatile.Write(ref _postBusy, 0);
        }
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/html";
        response.ContentLength = OkBody.Length;
        try
        {
            await response.Body.WriteAsync(OkBody, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            TransportLog.TransportFailed(logger, Session.Id, Name, ex);
        }
    }

    /// <summary>Hands each packet of the payload to the session; the body is owned, so slices are kept as they are.</summary>
    private void Receive(ReadOnlyMemory<byte> payload)
    {
        while (!Session.IsClosed)
        {
            var end = payload.Span.IndexOf(RecordSeparator);
            var frame = end < 0 ? payload : payload[..end];
            // A client close over polling answers the held GET with a noop, not a close (docs/protocol.md#close).
            if (frame.Length == 1 && frame.Span[0] == (byte)'1')
                _clientClosed = true;
            try
            {
                _channel!.ReceiveFrame(frame);
            }
            catch (Exception ex)
            {
                TransportLog.HandlerFailed(logger, Session.Id, ex);
            }
            if (end < 0)
                return;
            payload = payload[(end + 1)..];
        }
    }

    private static bool IsOctetStream(string? contentType) =>
        contentType is not null && contentType.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase);
}
