using SocketIO.Engine;
using SocketIO.Protocol;

namespace SocketIO.Transports.Tcp.Internal;

/// <summary>The write side: each engine packet as one <see cref="StreamFrame"/>, through Core's <see cref="StreamTransport"/> writer.</summary>
internal sealed partial class TcpConnection
{
    protected override void WritePacket(PooledBufferWriter frames, EnginePacket packet)
    {
        // Text packets are their UTF-8 frame ("4hello"); binary messages their raw bytes, flagged in the header.
        var payload = packet.Frame.Span;
        var span = frames.GetSpan(StreamFrame.MaxHeaderSize + payload.Length);
        var header = StreamFrame.WriteHeader(span, packet.IsBinary, payload.Length);
        payload.CopyTo(span[header..]);
        frames.Advance(header + payload.Length);
    }

    protected override ValueTask WriteToStreamAsync(ReadOnlyMemory<byte> bytes) => _stream!.WriteAsync(bytes);

    protected override void OnWriteFailed(Exception error)
    {
        if (Volatile.Read(ref _aborted) == 0)
            TcpLog.TransportFailed(_context.Logger, _address, Sid, error);
        Channel?.OnTransportClosed(CloseReason.TransportError);
        Abort();
    }
}
