using System.Buffers;
using System.Buffers.Binary;
using System.Text.Unicode;
using SocketIO.Engine;

namespace SocketIO.Transports.WebSocket.Internal;

internal sealed partial class WebSocketTransport
{
    // A frame whose payload has not fully arrived is copied out as it comes, so a large frame never
    // waits on the server's input buffer limit.
    private byte[]? _frameData;
    private int _frameFilled;
    private WebSocketFrame.Header _frameHeader;

    // A fragmented message being reassembled (RFC 6455 5.4); rare, since clients send whole frames.
    private byte[]? _fragments;
    private int _fragmentsLength;
    private byte _fragmentsOpcode;

    /// <summary>Reads frames until the peer closes or the connection fails; returns the close reason for the session.</summary>
    private async Task<string> ReceiveLoopAsync(EngineSession session)
    {
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync(_abort.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                string? outcome;
                BeginDispatch();
                try
                {
                    outcome = ReadFrames(session, ref buffer);
                }
                finally
                {
                    _input.AdvanceTo(buffer.Start, buffer.End);
                    EndDispatch();
                }
                if (outcome is not null)
                    return outcome;
                if (result.IsCompleted)
                    return CloseReason.TransportClose;
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
            if (_fragments is not null)
                ArrayPool<byte>.Shared.Return(_fragments);
            _fragments = null;
            _frameData = null;
        }
    }

    /// <summary>Handles every frame <paramref name="buffer"/> holds and leaves it at the first unread byte; a close reason ends the connection.</summary>
    private string? ReadFrames(EngineSession session, ref ReadOnlySequence<byte> buffer)
    {
        Span<byte> copy = stackalloc byte[14];
        while (!buffer.IsEmpty)
        {
            if (_frameData is not null)
            {
                // The rest of a frame that did not fit in earlier reads.
                var take = (int)Math.Min(buffer.Length, _frameData.Length - _frameFilled);
                buffer.Slice(0, take).CopyTo(_frameData.AsSpan(_frameFilled));
                buffer = buffer.Slice(take);
                _frameFilled += take;
                if (_frameFilled < _frameData.Length)
                    return null;
                var data = _frameData;
                _frameData = null;
                if (OnFrame(session, _frameHeader, data) is { } ended)
                    return ended;
                continue;
            }

            var first = buffer.FirstSpan;
            var headerBytes = first.Length >= 14 || buffer.IsSingleSegment ? first : CopyPrefix(buffer, copy);
            var status = WebSocketFrame.TryReadHeader(headerBytes, out var header, out var error);
            if (status == WebSocketFrame.ReadStatus.NeedMore)
                return null;
            if (status == WebSocketFrame.ReadStatus.ProtocolError)
                return Fail(session, ProtocolError, error!);
            // Only a message in progress counts: a stray continuation is a protocol error (OnFrame), not 1009.
            var messageSoFar = header.Opcode == WebSocketFrame.Continuation && _fragments is not null ? _fragmentsLength : 0;
            if (!header.IsControl && header.PayloadLength > _maxMessageSize - messageSoFar)
            {
                // docs/protocol.md#websocket: a message over maxHttpBufferSize closes the connection with 1009.
                TransportLog.PayloadTooLarge(_logger, session.Id, "WebSocket", _maxMessageSize);
                Close(MessageTooBig);
                return CloseReason.TransportError;
            }
            var length = (int)header.PayloadLength;
            if (header.IsControl && buffer.Length < header.Size + length)
                return null;
            buffer = buffer.Slice(header.Size);
            var payload = new byte[length];
            var available = (int)Math.Min(buffer.Length, length);
            buffer.Slice(0, available).CopyTo(payload);
            buffer = buffer.Slice(available);
            if (available < length)
            {
                _frameHeader = header;
                _frameData = payload;
                _frameFilled = available;
                return null;
            }
            if (OnFrame(session, header, payload) is { } reason)
                return reason;
        }
        return null;
    }

    private static ReadOnlySpan<byte> CopyPrefix(in ReadOnlySequence<byte> buffer, Span<byte> destination)
    {
        var n = (int)Math.Min(buffer.Length, destination.Length);
        buffer.Slice(0, n).CopyTo(destination);
        return destination[..n];
    }

    /// <summary>Handles one whole frame; <paramref name="payload"/> is still masked and owned by the callee.</summary>
    private string? OnFrame(EngineSession session, WebSocketFrame.Header header, byte[] payload)
    {
        WebSocketFrame.Unmask(payload, header.Mask);
        switch (header.Opcode)
        {
            case WebSocketFrame.Ping:
                Volatile.Write(ref _pongPayload, payload);
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
                ArrayPool<byte>.Shared.Return(_fragments);
                _fragments = null;
                return OnMessage(session, _fragmentsOpcode, message);
            default:
                if (_fragments is not null)
                    return Fail(session, ProtocolError, "new message inside a fragmented one");
                if (header.Fin)
                    return OnMessage(session, header.Opcode, payload);
                _fragmentsOpcode = header.Opcode;
                _fragmentsLength = 0;
                _fragments = ArrayPool<byte>.Shared.Rent(Math.Max(payload.Length * 2, 4096));
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
        if (payload.Length == 0)
        {
            Close(NormalClosure);
            return CloseReason.TransportClose;
        }
        if (payload.Length == 1)
            return Fail(session, ProtocolError, "close frame with a one-byte body");
        var status = BinaryPrimitives.ReadUInt16BigEndian(payload);
        // RFC 6455 7.4: only these codes may be sent; 1004-1006 and 1015 are reserved, as ws also enforces.
        if (status is not ((>= 1000 and <= 1003) or (>= 1007 and <= 1014) or (>= 3000 and <= 4999)))
            return Fail(session, ProtocolError, $"invalid close status {status}");
        if (!Utf8.IsValid(payload[2..]))
            return Fail(session, InvalidPayload, "close reason is not valid UTF-8");
        // Answer with the peer's status (RFC 6455 5.5.1); our own close frame, if already sent, stands.
        Close(status);
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
                // Written right after this batch of frames (EndDispatch).
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
