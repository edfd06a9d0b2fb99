using System.Net.Sockets;
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

    /// <summary>
    /// Over plain TCP a batch first goes out with one non-blocking send, which nearly always takes all of it; only a
    /// full socket buffer falls back to an awaited write of the rest. An async send makes the socket keep a send
    /// operation object (about 360 bytes) for the connection's whole life, which an idle device then pays for.
    /// </summary>
    protected override ValueTask WriteToStreamAsync(ReadOnlyMemory<byte> bytes)
    {
        if (_tls is null)
        {
            var sent = _socket.Send(bytes.Span, SocketFlags.None, out var error);
            if (error == SocketError.Success && sent == bytes.Length)
                return ValueTask.CompletedTask;
            if (error is not (SocketError.Success or SocketError.WouldBlock))
                return ValueTask.FromException(new SocketException((int)error));
            bytes = bytes[Math.Max(sent, 0)..];
        }
        return _stream!.WriteAsync(bytes);
    }

    protected override void OnWriteFailed(Exception error)
    {
        if (Volatile.Read(ref _aborted) == 0)
            TcpLog.TransportFailed(_context.Logger, _address, Sid, error);
        Channel?.OnTransportClosed(CloseReason.TransportError);
        Abort();
    }
}
