using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using SocketIO.Engine;

namespace SocketIO.Transports.WebSocket.Internal;

/// <summary>
/// The write side. There is no send loop: whoever takes <see cref="_writing"/> drains the session into
/// the socket. Packets queued by handlers running on this connection's receive path are written by the
/// receive loop once it has delivered the message, so an ack costs no thread hop; anything queued
/// from elsewhere (broadcasts, timers) schedules one thread-pool work item.
/// </summary>
internal sealed partial class WebSocketTransport : IEngineWriteScheduler, IThreadPoolWorkItem
{
    private int _writing;     // 1 while one writer owns the send side of the socket
    private int _dispatching; // 1 while the receive loop hands a message to the session
    private int _closeSent;
    private EngineSession? _session;

    void IEngineWriteScheduler.ScheduleWrite()
    {
        // The receive loop writes what its handlers queued once they return (see AfterDispatch).
        if (Volatile.Read(ref _dispatching) == 1)
            return;
        if (Interlocked.CompareExchange(ref _writing, 1, 0) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    void IThreadPoolWorkItem.Execute() => _ = WriteAsync();

    /// <summary>Called by the receive loop after a message was delivered: writes inline what it produced.</summary>
    private ValueTask AfterDispatchAsync()
    {
        Interlocked.Exchange(ref _dispatching, 0);
        if (!HasWork() || Interlocked.CompareExchange(ref _writing, 1, 0) != 0)
            return ValueTask.CompletedTask;
        var writing = WriteAsync();
        // A write that has to wait for a slow peer goes on by itself; the receive loop keeps reading.
        return writing.IsCompleted ? writing : ValueTask.CompletedTask;
    }

    private bool HasWork() =>
        Volatile.Read(ref _closeSent) == 0 &&
        (Volatile.Read(ref _probeReplies) > 0 || _closing.IsCancellationRequested || (_session is { } s && s.HasPendingWrites(this)));

    /// <summary>Drains while this writer owns <see cref="_writing"/>, then releases it without losing a wake-up.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WriteAsync()
    {
        try
        {
            while (true)
            {
                await WritePendingAsync().ConfigureAwait(false);
                Interlocked.Exchange(ref _writing, 0);
                if (!HasWork() || Interlocked.CompareExchange(ref _writing, 1, 0) != 0)
                    return;
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // _writing stays taken: nothing more can be written to this socket.
            Interlocked.Exchange(ref _closeSent, 1);
            if (_session is { } session)
            {
                TransportLog.TransportFailed(_logger, session.Id, Name, ex);
                session.OnTransportClosed(this, CloseReason.TransportError);
            }
            Close();
            _abort.Cancel();
        }
    }

    private async ValueTask WritePendingAsync()
    {
        while (Volatile.Read(ref _probeReplies) > 0)
        {
            Interlocked.Decrement(ref _probeReplies);
            await _socket.SendAsync(PongProbeFrame, WebSocketMessageType.Text, endOfMessage: true, _abort.Token).ConfigureAwait(false);
        }
        if (_active && _session is { } session)
        {
            while (!_closing.IsCancellationRequested && session.TryRead(this, out var packet))
            {
                // A server close over WebSocket is the close frame itself; no '1' is sent (WIRE 1.8).
                if (packet.Type == EnginePacketType.Close)
                {
                    Close();
                    break;
                }
                if (packet.IsBinary && SupportsBinary)
                    await _socket.SendAsync(packet.Frame, WebSocketMessageType.Binary, endOfMessage: true, _abort.Token).ConfigureAwait(false);
                else
                    await _socket.SendAsync(packet.TextFrame, WebSocketMessageType.Text, endOfMessage: true, _abort.Token).ConfigureAwait(false);
            }
            if (session.IsDrained && ReferenceEquals(session.Transport, this))
                Close();
        }
        if (_closing.IsCancellationRequested)
            await CloseOutputAsync().ConfigureAwait(false);
    }

    private async ValueTask CloseOutputAsync()
    {
        if (Interlocked.Exchange(ref _closeSent, 1) != 0)
            return;
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                await _socket.CloseOutputAsync(_closeStatus, null, _abort.Token).ConfigureAwait(false);
        }
        finally
        {
            _closeOutputDone.TrySetResult();
        }
    }
}
