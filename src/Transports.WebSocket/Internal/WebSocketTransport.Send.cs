using System.Net.WebSockets;
using SocketIO.Engine;

namespace SocketIO.Transports.WebSocket.Internal;

internal sealed partial class WebSocketTransport
{
    /// <summary>The socket's only writer: probe replies first, then the session's packets, then the close frame.</summary>
    private async Task SendLoopAsync(EngineSession session)
    {
        try
        {
            await SendPacketsAsync(session, _closing.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested && !_abort.IsCancellationRequested)
        {
            // Close() was called: go on to the close frame.
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            TransportLog.TransportFailed(_logger, session.Id, Name, ex);
            session.OnTransportClosed(this, CloseReason.TransportError);
            Close();
            return;
        }
        Close();
        await CloseOutputAsync(session).ConfigureAwait(false);
    }

    private async Task SendPacketsAsync(EngineSession session, CancellationToken closing)
    {
        await SendProbeRepliesAsync(closing).ConfigureAwait(false);
        while (await session.WaitToReadAsync(closing).ConfigureAwait(false))
        {
            while (session.TryRead(this, out var packet))
            {
                // A server close over WebSocket is the close frame itself; no '1' is sent (WIRE 1.8).
                if (packet.Type == EnginePacketType.Close)
                    return;
                if (packet.IsBinary && SupportsBinary)
                    await _socket.SendAsync(packet.Frame, WebSocketMessageType.Binary, endOfMessage: true, _abort.Token).ConfigureAwait(false);
                else
                    await _socket.SendAsync(packet.TextFrame, WebSocketMessageType.Text, endOfMessage: true, _abort.Token).ConfigureAwait(false);
            }
            if (!ReferenceEquals(session.Transport, this))
                return;
        }
    }

    /// <summary>While probing, answers each '2probe' with '3probe' until the upgrade completes.</summary>
    private async Task SendProbeRepliesAsync(CancellationToken closing)
    {
        while (true)
        {
            // Read before draining: a '5' is always received after the '2probe' it follows.
            var active = _active;
            while (Volatile.Read(ref _probeReplies) > 0)
            {
                Interlocked.Decrement(ref _probeReplies);
                await _socket.SendAsync(PongProbeFrame, WebSocketMessageType.Text, endOfMessage: true, _abort.Token).ConfigureAwait(false);
            }
            if (active)
                return;
            await _probeSignal.WaitAsync(closing).ConfigureAwait(false);
        }
    }

    private async Task CloseOutputAsync(EngineSession session)
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
            return;
        try
        {
            await _socket.CloseOutputAsync(_closeStatus, null, _abort.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            TransportLog.TransportFailed(_logger, session.Id, Name, ex);
            _socket.Abort();
        }
    }
}
