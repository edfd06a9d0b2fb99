using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using SocketIO.Engine;
using SocketIO.Protocol;

namespace SocketIO.Transports.WebSocket.Internal;

/// <summary>
/// The write side: RFC 6455 frames for Core's <see cref="StreamTransport"/> writer, which owns the
/// writer role, the deferral during a receive loop's dispatch and the drain loop. Besides the
/// session's packets this transport writes its own control frames: '3probe' replies while probing
/// and the pong owed to a client ping.
/// </summary>
internal sealed partial class WebSocketTransport
{
    private static readonly byte[] PongProbeFrame = "3probe"u8.ToArray();

    private int _probeReplies;
    private byte[]? _pongPayload; // an RFC 6455 ping waiting for its pong

    protected override bool HasControlFrames => Volatile.Read(ref _probeReplies) > 0 || Volatile.Read(ref _pongPayload) is not null;

    protected override void WriteControlFrames(PooledBufferWriter frames)
    {
        while (Volatile.Read(ref _probeReplies) > 0)
        {
            Interlocked.Decrement(ref _probeReplies);
            AddFrame(frames, WebSocketFrame.Text, PongProbeFrame);
        }
        if (Interlocked.Exchange(ref _pongPayload, null) is { } pong)
            AddFrame(frames, WebSocketFrame.Pong, pong);
    }

    protected override void WritePacket(PooledBufferWriter frames, EnginePacket packet)
    {
        if (packet.IsBinary && SupportsBinary)
            AddFrame(frames, WebSocketFrame.Binary, packet.Frame.Span);
        else
            AddFrame(frames, WebSocketFrame.Text, packet.TextFrame.Span);
    }

    // A server close over WebSocket is the close frame itself; no '1' is sent (docs/protocol.md#close).
    protected override void WriteEnd(PooledBufferWriter frames, int code)
    {
        Span<byte> status = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(status, (ushort)code);
        AddFrame(frames, WebSocketFrame.Close, status);
    }

    protected override ValueTask WriteToStreamAsync(ReadOnlyMemory<byte> bytes)
    {
        ValueTask write;
        try
        {
            write = _pipe is { } pipe ? WriteToPipeAsync(pipe, bytes) : _stream!.WriteAsync(bytes, _abort.Token);
        }
        catch
        {
            _writeFailed = true;
            throw;
        }
        if (!write.IsCompletedSuccessfully)
            return AwaitWriteAsync(write);
        write.GetAwaiter().GetResult();
        return default;
    }

    /// <summary>
    /// Marks a failed write before Core's writer sees it (and completes <see cref="StreamTransport"/>'s end),
    /// so the owner of the connection knows the end was not delivered.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitWriteAsync(ValueTask write)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        catch
        {
            _writeFailed = true;
            throw;
        }
    }

    /// <summary>Copies the frames into the connection's own pipe and flushes them; a closed connection fails the write, as a stream would.</summary>
    private ValueTask WriteToPipeAsync(PipeWriter pipe, ReadOnlyMemory<byte> bytes)
    {
        var flush = pipe.WriteAsync(bytes, _abort.Token);
        if (!flush.IsCompletedSuccessfully)
            return AwaitFlushAsync(flush);
        ThrowIfClosed(flush.Result);
        return default;

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
        static async ValueTask AwaitFlushAsync(ValueTask<FlushResult> flush) => ThrowIfClosed(await flush.ConfigureAwait(false));
    }

    private static void ThrowIfClosed(FlushResult result)
    {
        if (result.IsCompleted || result.IsCanceled)
            throw new IOException("The connection is closed: the frames cannot be delivered.");
    }

    protected override void OnWriteFailed(Exception error)
    {
        _writeFailed = true;
        if (Channel is { } channel)
        {
            TransportLog.TransportFailed(_logger, channel.Session.Id, Name, error);
            channel.OnTransportClosed(CloseReason.TransportError);
        }
        _abort.Cancel();
    }

    /// <summary>Queues the pong for a client ping; the writer sends it with the next batch.</summary>
    private void QueuePong(byte[] payload)
    {
        Volatile.Write(ref _pongPayload, payload);
    }

    private static void AddFrame(PooledBufferWriter frames, byte opcode, ReadOnlySpan<byte> payload)
    {
        var span = frames.GetSpan(WebSocketFrame.MaxHeaderSize + payload.Length);
        var header = WebSocketFrame.WriteHeader(span, opcode, payload.Length);
        payload.CopyTo(span[header..]);
        frames.Advance(header + payload.Length);
    }
}
