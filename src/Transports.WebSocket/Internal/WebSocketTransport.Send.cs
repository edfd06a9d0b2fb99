using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using SocketIO.Engine;
using SocketIO.Protocol;

namespace SocketIO.Transports.WebSocket.Internal;

/// <summary>
/// The write side. There is no send loop: whoever takes <see cref="_writing"/> drains the session into
/// one buffer of frames and writes it to the stream at once. Packets queued by handlers running on
/// this connection's receive path are written by the receive loop once the message is delivered, so
/// an ack costs no thread hop; anything queued from elsewhere (broadcasts, timers) schedules one
/// thread-pool work item, which then carries every frame queued so far.
/// </summary>
internal sealed partial class WebSocketTransport : IEngineWriteScheduler, IThreadPoolWorkItem
{
    // One stream write carries at most about this much; a longer queue is written in several.
    private const int WriteChunk = 64 * 1024;

    private int _writing;     // 1 while one writer owns the send side of the stream
    private int _dispatching; // 1 while the receive loop hands messages to the session
    private int _closeSent;
    private byte[]? _pongPayload; // an RFC 6455 ping waiting for its pong
    private EngineSession? _session;
    private readonly PooledBufferWriter _frames = new(); // owned by whoever holds _writing

    void IEngineWriteScheduler.ScheduleWrite()
    {
        // The receive loop writes what its handlers queued once they return (EndDispatch).
        if (Volatile.Read(ref _dispatching) == 1)
            return;
        TryStartWriter();
    }

    // Writers started while a receive loop on this thread is dispatching (a broadcast from a handler):
    // that loop runs them as soon as its handlers return, on the same thread and with no lock held,
    // as Node writes a broadcast within the same tick, instead of one thread-pool item per target.
    [ThreadStatic]
    private static List<WebSocketTransport>? t_deferredWriters;
    [ThreadStatic]
    private static int t_dispatchDepth;

    /// <summary>Takes the writer role if it is free and drains, deferred to the dispatching loop or on the thread pool.</summary>
    private void TryStartWriter()
    {
        if (Interlocked.CompareExchange(ref _writing, 1, 0) != 0)
            return;
        if (t_dispatchDepth > 0)
            (t_deferredWriters ??= []).Add(this);
        else
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    void IThreadPoolWorkItem.Execute() => Start(WriteAsync());

    /// <summary>Marks the start of a receive loop's dispatch on this thread.</summary>
    private void BeginDispatch()
    {
        Interlocked.Exchange(ref _dispatching, 1);
        t_dispatchDepth++;
    }

    /// <summary>
    /// Ends a dispatch: writes what the handlers queued for this connection, then every writer they
    /// started for others. A write that has to wait for a slow peer goes on by itself.
    /// </summary>
    private void EndDispatch()
    {
        Interlocked.Exchange(ref _dispatching, 0);
        if (HasWork() && Interlocked.CompareExchange(ref _writing, 1, 0) == 0)
            Start(WriteAsync());
        if (--t_dispatchDepth > 0 || t_deferredWriters is not { Count: > 0 } writers)
            return;
        t_deferredWriters = null;
        foreach (var writer in writers)
            Start(writer.WriteAsync());
        writers.Clear();
        t_deferredWriters = writers;
    }

    /// <summary>Lets a write run on; one that already finished gives its pooled state back.</summary>
    private static void Start(ValueTask writing)
    {
        if (writing.IsCompleted)
            writing.GetAwaiter().GetResult();
    }

    private bool HasWork() =>
        Volatile.Read(ref _closeSent) == 0 &&
        (Volatile.Read(ref _probeReplies) > 0 || Volatile.Read(ref _pongPayload) is not null ||
         _closeRequested || (_active && _session is { } s && s.HasPendingWrites(this)));

    /// <summary>Drains while this writer owns <see cref="_writing"/>, then releases it without losing a wake-up.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WriteAsync()
    {
        try
        {
            while (true)
            {
                while (TakeFrames())
                {
                    try
                    {
                        await _stream.WriteAsync(_frames.WrittenMemory, _abort.Token).ConfigureAwait(false);
                    }
                    finally
                    {
                        // An idle connection keeps no write buffer.
                        _frames.Clear();
                    }
                }
                if (Volatile.Read(ref _closeSent) == 1)
                {
                    // Nothing may follow the close frame; _writing stays taken.
                    _closeSentTask.TrySetResult();
                    return;
                }
                Interlocked.Exchange(ref _writing, 0);
                if (!HasWork() || Interlocked.CompareExchange(ref _writing, 1, 0) != 0)
                    return;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // _writing stays taken: nothing more can be written to this stream.
            Interlocked.Exchange(ref _closeSent, 1);
            _closeSentTask.TrySetResult();
            if (_session is { } session)
            {
                TransportLog.TransportFailed(_logger, session.Id, Name, ex);
                session.OnTransportClosed(this, CloseReason.TransportError);
            }
            Close();
            _abort.Cancel();
        }
    }

    /// <summary>Collects what is due as frames in <see cref="_frames"/>; false when there is nothing to write.</summary>
    private bool TakeFrames()
    {
        while (Volatile.Read(ref _probeReplies) > 0)
        {
            Interlocked.Decrement(ref _probeReplies);
            AddFrame(WebSocketFrame.Text, PongProbeFrame);
        }
        if (Interlocked.Exchange(ref _pongPayload, null) is { } pong)
            AddFrame(WebSocketFrame.Pong, pong);
        if (_active && _session is { } session)
        {
            while (_frames.WrittenCount < WriteChunk && !_closeRequested && session.TryRead(this, out var packet))
            {
                // A server close over WebSocket is the close frame itself; no '1' is sent (docs/protocol.md#close).
                if (packet.Type == EnginePacketType.Close)
                    Close();
                else if (packet.IsBinary && SupportsBinary)
                    AddFrame(WebSocketFrame.Binary, packet.Frame.Span);
                else
                    AddFrame(WebSocketFrame.Text, packet.TextFrame.Span);
            }
            if (session.IsDrained && ReferenceEquals(session.Transport, this))
                Close();
        }
        if (_closeRequested && _frames.WrittenCount < WriteChunk && Interlocked.Exchange(ref _closeSent, 1) == 0)
        {
            Span<byte> status = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(status, _closeStatus);
            AddFrame(WebSocketFrame.Close, status);
        }
        return _frames.WrittenCount > 0;
    }

    private void AddFrame(byte opcode, ReadOnlySpan<byte> payload)
    {
        var span = _frames.GetSpan(WebSocketFrame.MaxHeaderSize + payload.Length);
        var header = WebSocketFrame.WriteHeader(span, opcode, payload.Length);
        payload.CopyTo(span[header..]);
        _frames.Advance(header + payload.Length);
    }
}
