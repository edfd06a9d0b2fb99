using System.Buffers;
using System.Net.WebSockets;
using SocketIO.Engine;

namespace SocketIO.Transports.WebSocket.Internal;

internal sealed partial class WebSocketTransport
{
    private const int InitialBufferSize = 4096;

    /// <summary>Reads messages until the peer closes or the connection fails; returns the close reason for the session.</summary>
    private async Task<string> ReceiveLoopAsync(EngineSession session)
    {
        try
        {
            while (true)
            {
                // Wait for data without holding a buffer, so idle connections cost no pooled memory.
                var first = await _socket.ReceiveAsync(Memory<byte>.Empty, _abort.Token).ConfigureAwait(false);
                if (first.MessageType == WebSocketMessageType.Close)
                    return CloseReason.TransportClose;
                var message = first.EndOfMessage ? [] : await ReadMessageAsync(first.MessageType).ConfigureAwait(false);
                if (message is null)
                {
                    // WIRE 1.5: a message over maxHttpBufferSize closes the connection with 1009.
                    TransportLog.PayloadTooLarge(_logger, session.Id, "WebSocket", _maxMessageSize);
                    Close(WebSocketCloseStatus.MessageTooBig);
                    return CloseReason.TransportError;
                }
                var delivered = Deliver(session, first.MessageType, message);
                await AfterDispatchAsync().ConfigureAwait(false);
                if (!delivered)
                    return CloseReason.TransportError;
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            if (Volatile.Read(ref _closed) == 0)
                TransportLog.TransportFailed(_logger, session.Id, Name, ex);
            return CloseReason.TransportError;
        }
    }

    /// <summary>
    /// Reads the rest of a message into a pooled buffer and copies it into an owned array, because the
    /// engine keeps the bytes of the packets it is given. Null when the message is too large.
    /// </summary>
    private async Task<byte[]?> ReadMessageAsync(WebSocketMessageType type)
    {
        // Reading up to limit + 1 bytes is enough to tell that a message is too large.
        var cap = (int)Math.Min((long)_maxMessageSize + 1, Array.MaxLength);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBufferSize, cap));
        try
        {
            var count = 0;
            while (true)
            {
                if (count == buffer.Length)
                {
                    if (count >= cap)
                        return null;
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, cap));
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var limit = Math.Min(buffer.Length, cap);
                var result = await _socket.ReceiveAsync(buffer.AsMemory(count, limit - count), _abort.Token).ConfigureAwait(false);
                if (result.MessageType != type)
                    throw new WebSocketException(WebSocketError.InvalidMessageType);
                count += result.Count;
                if (count > _maxMessageSize)
                    return null;
                if (result.EndOfMessage)
                    return buffer.AsSpan(0, count).ToArray();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Hands a message to the session, or to the upgrade state machine while probing; false ends the connection.</summary>
    private bool Deliver(EngineSession session, WebSocketMessageType type, byte[] message)
    {
        Interlocked.Exchange(ref _dispatching, 1);
        if (_probing)
            return DeliverProbe(session, type, message);
        try
        {
            if (type == WebSocketMessageType.Binary)
                session.Receive(this, EnginePacket.FromBinary(message));
            else
                session.ReceiveFrame(this, message);
        }
        catch (Exception ex)
        {
            TransportLog.HandlerFailed(_logger, session.Id, ex);
        }
        return true;
    }

    private bool DeliverProbe(EngineSession session, WebSocketMessageType type, byte[] message)
    {
        EnginePacket packet;
        try
        {
            packet = type == WebSocketMessageType.Text ? EnginePacket.FromTextFrame(message) : EnginePacket.FromBinary(message);
        }
        catch (EngineProtocolException)
        {
            TransportLog.WebSocketRefused(_logger, session.Id, "undecodable packet during upgrade");
            Close();
            return false;
        }
        switch (session.ReceiveProbe(this, packet))
        {
            case ProbeResult.ReplyProbe:
                // Written by the receive loop right after this returns.
                Interlocked.Increment(ref _probeReplies);
                return true;
            case ProbeResult.Upgraded:
                _probing = false;
                _active = true;
                return true;
            default:
                Close();
                return false;
        }
    }
}
