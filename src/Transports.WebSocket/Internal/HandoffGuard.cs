using System.IO.Pipelines;

namespace SocketIO.Transports.WebSocket.Internal;

/// <summary>
/// The pipes the HTTP server sees on a connection that may be handed over: every read and write goes
/// through unchanged, but once <see cref="ConnectionHandoff"/> is claimed the server can no longer end
/// them. Kestrel keeps its references after the upgraded request and may still complete its reader or
/// writer, or cancel a pending read when it stops processing requests; those belong to the WebSocket now.
/// </summary>
internal sealed class HandoffGuard(IDuplexPipe inner, ConnectionHandoff handoff) : IDuplexPipe
{
    public PipeReader Input { get; } = new Reader(inner.Input, handoff);

    public PipeWriter Output { get; } = new Writer(inner.Output, handoff);

    private sealed class Reader(PipeReader inner, ConnectionHandoff handoff) : PipeReader
    {
        public override bool TryRead(out ReadResult result) => inner.TryRead(out result);

        public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default) => inner.ReadAsync(cancellationToken);

        protected override ValueTask<ReadResult> ReadAtLeastAsyncCore(int minimumSize, CancellationToken cancellationToken) =>
            inner.ReadAtLeastAsync(minimumSize, cancellationToken);

        public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);

        public override void CancelPendingRead()
        {
            if (!handoff.IsClaimed)
                inner.CancelPendingRead();
        }

        public override void Complete(Exception? exception = null)
        {
            if (!handoff.IsClaimed)
                inner.Complete(exception);
        }

        public override ValueTask CompleteAsync(Exception? exception = null) =>
            handoff.IsClaimed ? default : inner.CompleteAsync(exception);
    }

    private sealed class Writer(PipeWriter inner, ConnectionHandoff handoff) : PipeWriter
    {
        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;

        public override void Advance(int bytes) => inner.Advance(bytes);

        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

        public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default) =>
            inner.WriteAsync(source, cancellationToken);

        public override void CancelPendingFlush()
        {
            if (!handoff.IsClaimed)
                inner.CancelPendingFlush();
        }

        public override void Complete(Exception? exception = null)
        {
            if (!handoff.IsClaimed)
                inner.Complete(exception);
        }

        public override ValueTask CompleteAsync(Exception? exception = null) =>
            handoff.IsClaimed ? default : inner.CompleteAsync(exception);
    }
}
