using System.Runtime.CompilerServices;
using SocketIO.Protocol;

namespace SocketIO.Engine;

/// <summary>
/// The write side shared by every transport that writes one frame per packet to a byte stream
/// (WebSocket, TCP). There is no send loop: whoever takes the writer role drains the session into
/// one buffer of frames and writes it to the stream at once. Packets queued by handlers running on
/// this connection's receive path are written once the dispatch ends (<see cref="BeginDispatch"/>,
/// <see cref="EndDispatch"/>), so an ack costs no thread hop; anything queued from elsewhere
/// (broadcasts, timers) schedules one thread-pool work item, which then carries every frame queued so far.
/// </summary>
/// <remarks>
/// A derived transport frames packets (<see cref="WritePacket"/>) and writes bytes
/// (<see cref="WriteToStreamAsync"/>); it may add control frames of its own and an end-of-stream frame.
/// It calls <see cref="Attach"/> once it has its channel, and wraps each batch of received frames in
/// <see cref="BeginDispatch"/> / <see cref="EndDispatch"/> on the receiving thread.
/// </remarks>
public abstract partial class StreamTransport : IEngineTransport, IEngineWriteScheduler, IThreadPoolWorkItem
{
    // One stream write carries at most about this much; a longer queue is written in several.
    private const int WriteChunk = 64 * 1024;

    private int _writing;     // 1 while one writer owns the send side of the stream
    private int _dispatching; // 1 while the receive loop hands messages to the session
    private int _closed;      // 1 once a close was requested
    private int _endWritten;  // 1 once nothing more may be written (the end went out, or writing failed)
    private int _closeCode;
    private volatile bool _closeRequested; // written after _closeCode, so a writer that sees it reads the right code
    private volatile bool _active;
    private EngineChannel? _channel;
    private readonly PooledBufferWriter _frames = new(); // owned by whoever holds _writing
    // null until someone waits for the end (then its TaskCompletionSource) or the end comes first (then EndedMark):
    // most connections end with nobody waiting, and an idle one need not carry a task for it.
    private object? _ended;
    private static readonly object EndedMark = new();

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <summary>The channel into the session, once attached.</summary>
    protected EngineChannel? Channel => _channel;

    /// <summary>True once a close was requested (by the session, the peer, or a failure).</summary>
    protected bool IsClosing => Volatile.Read(ref _closed) != 0;

    /// <summary>Completes when the end of the output has been written (or writing failed): nothing more will be written.</summary>
    protected Task Ended
    {
        get
        {
            while (true)
            {
                switch (Volatile.Read(ref _ended))
                {
                    case TaskCompletionSource waiting:
                        return waiting.Task;
                    case not null:
                        return Task.CompletedTask;
                }
                var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (Interlocked.CompareExchange(ref _ended, created, null) is null)
                    return created.Task;
            }
        }
    }

    private void SetEnded() => (Interlocked.Exchange(ref _ended, EndedMark) as TaskCompletionSource)?.TrySetResult();

    /// <summary>
    /// Binds the transport to its channel. With <paramref name="active"/> it writes the session's packets
    /// at once; an upgrade probe attaches inactive and calls <see cref="Activate"/> once it is the session's transport.
    /// </summary>
    protected void Attach(EngineChannel channel, bool active)
    {
        _channel = channel;
        _active = active;
    }

    /// <summary>Starts writing the session's packets (the upgrade completed).</summary>
    protected void Activate() => _active = true;

    /// <summary>
    /// Ends the connection: queued packets already taken are written, then the end frame
    /// (<see cref="WriteEnd"/>), and nothing after it. Idempotent and non-blocking.
    /// </summary>
    public virtual void Close() => RequestClose(0);

    /// <summary>Requests the end with a transport-specific <paramref name="code"/> (a WebSocket close status); false when already closing.</summary>
    protected bool RequestClose(int code)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
            return false;
        _closeCode = code;
        _closeRequested = true;
        StartWriter();
        return true;
    }

    /// <summary>True when the transport has control frames of its own to write (probe replies, pongs).</summary>
    protected virtual bool HasControlFrames => false;

    /// <summary>Adds the transport's own control frames to the batch; called by the writer before the session's packets.</summary>
    protected virtual void WriteControlFrames(PooledBufferWriter frames)
    {
    }

    /// <summary>Adds one engine packet as a frame. Never called for a close packet.</summary>
    protected abstract void WritePacket(PooledBufferWriter frames, EnginePacket packet);

    /// <summary>Adds the frame that ends the stream, if the protocol has one; <paramref name="code"/> is the one given to <see cref="RequestClose"/>.</summary>
    protected virtual void WriteEnd(PooledBufferWriter frames, int code)
    {
    }

    /// <summary>Writes a batch of frames to the stream.</summary>
    protected abstract ValueTask WriteToStreamAsync(ReadOnlyMemory<byte> bytes);

    /// <summary>A write failed: nothing more will be written. The transport logs it, tells its channel, and drops the connection.</summary>
    protected abstract void OnWriteFailed(Exception error);

    /// <inheritdoc />
    void IEngineWriteScheduler.ScheduleWrite()
    {
        // The receive loop writes what its handlers queued once they return (EndDispatch).
        if (Volatile.Read(ref _dispatching) == 1)
            return;
        StartWriter();
    }

    /// <summary>Writes what is already due (the open packet queued before <see cref="Attach"/>) on the calling thread, if no writer runs.</summary>
    protected ValueTask WritePendingAsync() =>
        HasWork() && Interlocked.CompareExchange(ref _writing, 1, 0) == 0 ? WriteAsync() : ValueTask.CompletedTask;

    private bool HasWork() =>
        Volatile.Read(ref _endWritten) == 0 &&
        (HasControlFrames || _closeRequested || (_active && _channel is { HasPendingWrites: true }));

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
                        await WriteToStreamAsync(_frames.WrittenMemory).ConfigureAwait(false);
                    }
                    finally
                    {
                        // An idle connection keeps no write buffer.
                        _frames.Clear();
                    }
                }
                if (Volatile.Read(ref _endWritten) == 1)
                {
                    // Nothing may follow the end; _writing stays taken.
                    SetEnded();
                    return;
                }
                Interlocked.Exchange(ref _writing, 0);
                if (!HasWork() || Interlocked.CompareExchange(ref _writing, 1, 0) != 0)
                    return;
            }
        }
        catch (Exception ex)
        {
            // _writing stays taken: nothing more can be written to this stream.
            Interlocked.Exchange(ref _endWritten, 1);
            Volatile.Write(ref _closed, 1);
            SetEnded();
            OnWriteFailed(ex);
        }
    }

    /// <summary>Collects what is due as frames in <see cref="_frames"/>; false when there is nothing to write.</summary>
    private bool TakeFrames()
    {
        WriteControlFrames(_frames);
        if (_active && _channel is { } channel)
        {
            while (_frames.WrittenCount < WriteChunk && !_closeRequested && channel.TryRead(out var packet))
            {
                // The server closed the session after everything before this packet: the stream ends here.
                if (packet.Type == EnginePacketType.Close)
                    Close();
                else
                    WritePacket(_frames, packet);
            }
            if (channel.IsDrained)
                Close();
        }
        if (_closeRequested && _frames.WrittenCount < WriteChunk && Interlocked.Exchange(ref _endWritten, 1) == 0)
            WriteEnd(_frames, _closeCode);
        return _frames.WrittenCount > 0;
    }
}
