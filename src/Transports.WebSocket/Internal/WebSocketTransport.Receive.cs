using System.Buffers;
using System.Buffers.Binary;
using System.Text.Unicode;
using SocketIO.Engine;

namespace SocketIO.Transports.WebSocket.Internal;

internal sealed partial class WebSocketTransport
{
    private const int InitialBufferSize = 4096;

    // A fragmented message being reassembled (RFC 6455 5.4); rare, since clients send whole frames.
    private byte[]? _fragments;
    private int _fragmentsLength;
    private byte _fragmentsOpcode;

    /// <summary>Reads frames until the peer closes or the connection fails; returns the close reason for the session.</summary>
    private async Task<string> ReceiveLoopAsync(EngineSession session)
    {
        byte[] buffer = [];
        int start = 0, end = 0;
        try
        {
            while (true)
            {
                if (start == end)
                {
                    // Wait for data without holding a buffer, so idle connections cost no pooled memory.
                    if (buffer.Length != 0)
                        ArrayPool<byte>.Shared.Return(buffer);
                    buffer = [];
                    start = end = 0;
                    await _stream.ReadAsync(Memory<byte>.Empty, _abort.Token).ConfigureAwait(false);
                    buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
                }
                var read = await _stream.ReadAsync(buffer.AsMemory(end), _abort.Token).ConfigureAwait(false);
                if (read == 0)
                    return CloseReason.TransportClose;
                end += read;

                Interlocked.Exchange(ref _dispatching, 1);
                var outcome = ReadFrames(session, buffer, ref start, end, out var needed);
                await AfterDispatchAsync().ConfigureAwait(false);
                if (outcome is { } reason)
                    return reason;
                if (start != end)
                    MakeRoom(ref buffer, ref start, ref end, needed);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            if (Volatile.Read(ref _closed) == 0)
                TransportLog.TransportFailed(_logger, session.Id, Name, ex);
            return CloseReason.TransportError;
        }
        finally
        {
            if (buffer.Length != 0)
                ArrayPool<byte>.Shared.Return(buffer);
            if (_fragments is not null)
                ArrayPool<byte>.Shared.Return(_fragments);
            _fragments = null;
        }
    }

    /// <summary>Keeps the unread tail at the start of a buffer big enough for the frame being read.</summary>
    private static void MakeRoom(ref byte[] buffer, ref int start, ref int end, int needed)
    {
        var pending = end - start;
        if (needed > buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(needed);
            buffer.AsSpan(start, pending).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }
        else if (start > 0)
        {
            buffer.AsSpan(start, pending).CopyTo(buffer);
        }
        start = 0;
        end = pending;
    }

    /// <summary>
    /// Handles every complete frame in <paramref name="buffer"/>. Returns a close reason to end the
    /// connection, or null with <paramref name="needed"/> = the buffer size the next frame needs.
    /// </summary>
    private string? ReadFrames(EngineSession session, byte[] buffer, ref int start, int end, out int needed)
    {
        needed = InitialBufferSize;
        while (start < end)
        {
            var status = WebSocketFrame.TryReadHeader(buffer.AsSpan(start, end - start), out var header, out var error);
            if (status == WebSocketFrame.ReadStatus.NeedMore)
                return null;
            if (status == WebSocketFrame.ReadStatus.ProtocolError)
                return Fail(session, ProtocolError, error!);
            // Only a message in progress counts: a stray continuation is a protocol error (OnFrame), not 1009.
            var messageSoFar = header.Opcode == WebSocketFrame.Continuation && _fragments is not null ? _fragmentsLength : 0;
            if (!header.IsControl && header.PayloadLength > _maxMessageSize - messageSoFar)
            {
                // WIRE 1.5: a message over maxHttpBufferSize closes the connection with 1009.
                TransportLog.PayloadTooLarge(_logger, session.Id, "WebSocket", _maxMessageSize);
                Close(MessageTooBig);
                return CloseReason.TransportError;
            }
            var frameSize = header.Size + (int)header.PayloadLength;
            if (end - start < frameSize)
            {
                needed = Math.Max(frameSize, InitialBufferSize);
                return null;
            }
            var payload = buffer.AsSpan(start + header.Size, (int)header.PayloadLength);
            start += frameSize;
            WebSocketFrame.Unmask(payload, header.Mask);
            if (OnFrame(session, header, payload) is { } reason)
                return reason;
        }
        return null;
    }

    private string? OnFrame(EngineSession session, WebSocketFrame.Header header, Span<byte> payload)
    {
        switch (header.Opcode)
        {
            case WebSocketFrame.Ping:
                Volatile.Write(ref _pongPayload, payload.ToArray());
                return null;
            case WebSocketFrame.Pong:
                return null;
            case WebSocketFrame.Close:
                return OnCloseFrame(session, payload);
            case WebSocketFrame.Continuation:
                if (_fragments is null)
                    return Fail(session, ProtocolError, "continuation without a message");
                AppendFragment(payload);
                if (!header.Fin)
                    return null;
                var message = _fragments.AsSpan(0, _fragmentsLength).ToArray();
                var opcode = _fragmentsOpcode;
                ArrayPool<byte>.Shared.Return(_fragments);
                _fragments = null;
                return OnMessage(session, opcode, message);
            default:
                if (_fragments is not null)
                    return Fail(session, ProtocolError, "new message inside a fragmented one");
                if (header.Fin)
                    return OnMessage(session, header.Opcode, payload.ToArray());
                _fragmentsOpcode = header.Opcode;
                _fragmentsLength = 0;
                _fragments = ArrayPool<byte>.Shared.Rent(Math.Max(payload.Length * 2, InitialBufferSize));
                AppendFragment(payload);
                return null;
        }
    }

    private void AppendFragment(ReadOnlySpan<byte> payload)
    {
        if (_fragmentsLength + payload.Length > _fragments!.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_fragmentsLength + payload.Length, _fragments.Length * 2));
            _fragments.AsSpan(0, _fragmentsLength).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_fragments);
            _fragments = larger;
        }
        payload.CopyTo(_fragments.AsSpan(_fragmentsLength));
        _fragmentsLength += payload.Length;
    }

    private string? OnCloseFrame(EngineSession session, ReadOnlySpan<byte> payload)
    {
        if (payload.Length == 1)
            return Fail(session, ProtocolError, "close frame with a one-byte body");
        // Answer with the peer's status (RFC 6455 5.5.1); our own close frame, if already sent, stands.
        var status = payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(payload) : NormalClosure;
        Close(status is 1005 or 1006 or 1015 ? NormalClosure : status);
        return CloseReason.TransportClose;
    }

    /// <summary>Hands a message (owned bytes: the engine keeps them) to the session, or to the upgrade state machine while probing.</summary>
    private string? OnMessage(EngineSession session, byte opcode, byte[] message)
    {
        if (opcode == WebSocketFrame.Text && !Utf8.IsValid(message))
            return Fail(session, InvalidPayload, "text frame is not valid UTF-8");
        if (_probing)
            return DeliverProbe(session, opcode, message) ? null : CloseReason.TransportError;
        try
        {
            if (opcode == WebSocketFrame.Binary)
                session.Receive(this, EnginePacket.FromBinary(message));
            else
                session.ReceiveFrame(this, message);
        }
        catch (Exception ex)
        {
            TransportLog.HandlerFailed(_logger, session.Id, ex);
        }
        return null;
    }

    private string Fail(EngineSession session, ushort status, string why)
    {
        TransportLog.WebSocketProtocolError(_logger, session.Id, why);
        Close(status);
        return CloseReason.TransportError;
    }

    private bool DeliverProbe(EngineSession session, byte opcode, byte[] message)
    {
        EnginePacket packet;
        try
        {
            packet = opcode == WebSocketFrame.Text ? EnginePacket.FromTextFrame(message) : EnginePacket.FromBinary(message);
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
                // Written right after this batch of frames (AfterDispatchAsync).
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
