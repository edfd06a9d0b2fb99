using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text.Unicode;
using SocketIO.Engine;
using SocketIO.Protocol;

namespace SocketIO.Transports.WebSocket.Internal;

internal sealed partial class WebSocketTransport
{
    // A frame whose payload has not fully arrived is copied out as it comes, so a large frame never
    // waits on the server's input buffer limit. It is kept in pooled memory that grows with the bytes
    // that actually came, never with the length the header claims.
    private PooledBufferWriter? _frame;
    private int _frameLength;
    private WebSocketFrame.Header _frameHeader;

    // A fragmented message being reassembled (RFC 6455 5.4); rare, since clients send whole frames.
    private byte[]? _fragments;
    private int _fragmentsLength;
    private byte _fragmentsOpcode;

    /// <summary>Bytes of receive memory this connection holds now: an unfinished frame and a fragmented message (tests read it).</summary>
    internal int ReceiveBufferCapacity => (Volatile.Read(ref _frame)?.Capacity ?? 0) + (Volatile.Read(ref _fragments)?.Length ?? 0);

    /// <summary>Hands what one read brought to the session; a close reason ends the connection, null reads on.</summary>
    private string? OnRead(EngineChannel channel, ReadResult result)
    {
        var buffer = result.Buffer;
        string? outcome;
        BeginDispatch();
        try
        {
            outcome = ReadFrames(channel, ref buffer);
        }
        finally
        {
            _input.AdvanceTo(buffer.Start, buffer.End);
            EndDispatch();
        }
        return outcome ?? (result.IsCompleted ? CloseReason.TransportClose : null);
    }

    /// <summary>Returns the memory of an unfinished frame and of a fragmented message once reading has ended.</summary>
    private void ReleaseReceiveBuffers()
    {
        if (_fragments is not null)
            ArrayPool<byte>.Shared.Return(_fragments);
        _fragments = null;
        _frame?.Clear();
        _frame = null;
    }

    /// <summary>Handles every frame <paramref name="buffer"/> holds and leaves it at the first unread byte; a close reason ends the connection.</summary>
    private string? ReadFrames(EngineChannel channel, ref ReadOnlySequence<byte> buffer)
    {
        Span<byte> copy = stackalloc byte[14];
        while (!buffer.IsEmpty)
        {
            if (_frame is { } partial)
            {
                // The rest of a frame that did not fit in earlier reads.
                var take = (int)Math.Min(buffer.Length, _frameLength - partial.WrittenCount);
                buffer.Slice(0, take).CopyTo(partial.GetSpan(take));
                partial.Advance(take);
                buffer = buffer.Slice(take);
                if (partial.WrittenCount < _frameLength)
                    return null;
                var data = partial.WrittenSpan.ToArray();
                partial.Clear();
                _frame = null;
                if (OnFrame(channel, _frameHeader, data) is { } ended)
                    return ended;
                continue;
            }

            var first = buffer.FirstSpan;
            var headerBytes = first.Length >= 14 || buffer.IsSingleSegment ? first : CopyPrefix(buffer, copy);
            var status = WebSocketFrame.TryReadHeader(headerBytes, out var header, out var error);
            if (status == WebSocketFrame.ReadStatus.NeedMore)
                return null;
            if (status == WebSocketFrame.ReadStatus.ProtocolError)
                return Fail(channel, ProtocolError, error!);
            // Only a message in progress counts: a stray continuation is a protocol error (OnFrame), not 1009.
            var messageSoFar = header.Opcode == WebSocketFrame.Continuation && _fragments is not null ? _fragmentsLength : 0;
            if (!header.IsControl && header.PayloadLength > _maxMessageSize - messageSoFar)
            {
                // docs/protocol.md#websocket: a message over maxHttpBufferSize closes the connection with 1009.
                TransportLog.PayloadTooLarge(_logger, channel.Session.Id, "WebSocket", _maxMessageSize);
                Close(MessageTooBig);
                return CloseReason.TransportError;
            }
            var length = (int)header.PayloadLength;
            if (header.IsControl && buffer.Length < header.Size + length)
                return null;
            buffer = buffer.Slice(header.Size);
            if (buffer.Length < length)
            {
                // Only what arrived is kept; the header's length is a claim, not an allocation.
                _frameHeader = header;
                _frameLength = length;
                _frame = new PooledBufferWriter();
                var available = (int)buffer.Length;
                buffer.CopyTo(_frame.GetSpan(available));
                _frame.Advance(available);
                buffer = buffer.Slice(available);
                return null;
            }
            var payload = new byte[length];
            buffer.Slice(0, length).CopyTo(payload);
            buffer = buffer.Slice(length);
            if (OnFrame(channel, header, payload) is { } reason)
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
    private string? OnFrame(EngineChannel channel, WebSocketFrame.Header header, byte[] payload)
    {
        WebSocketFrame.Unmask(payload, header.Mask);
        switch (header.Opcode)
        {
            case WebSocketFrame.Ping:
                QueuePong(payload);
                return null;
            case WebSocketFrame.Pong:
                return null;
            case WebSocketFrame.Close:
                return OnCloseFrame(channel, payload);
            case WebSocketFrame.Continuation:
                if (_fragments is null)
                    return Fail(channel, ProtocolError, "continuation without a message");
                AppendFragment(payload);
                if (!header.Fin)
                    return null;
                var message = _fragments.AsSpan(0, _fragmentsLength).ToArray();
                ArrayPool<byte>.Shared.Return(_fragments);
                _fragments = null;
                return OnMessage(channel, _fragmentsOpcode, message);
            default:
                if (_fragments is not null)
                    return Fail(channel, ProtocolError, "new message inside a fragmented one");
                if (header.Fin)
                    return OnMessage(channel, header.Opcode, payload);
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

    private string? OnCloseFrame(EngineChannel channel, ReadOnlySpan<byte> payload)
    {
        if (payload.Length == 0)
        {
            Close(NormalClosure);
            return CloseReason.TransportClose;
        }
        if (payload.Length == 1)
            return Fail(channel, ProtocolError, "close frame with a one-byte body");
        var status = BinaryPrimitives.ReadUInt16BigEndian(payload);
        // RFC 6455 7.4: only these codes may be sent; 1004-1006 and 1015 are reserved, as ws also enforces.
        if (status is not ((>= 1000 and <= 1003) or (>= 1007 and <= 1014) or (>= 3000 and <= 4999)))
            return Fail(channel, ProtocolError, $"invalid close status {status}");
        if (!Utf8.IsValid(payload[2..]))
            return Fail(channel, InvalidPayload, "close reason is not valid UTF-8");
        // Answer with the peer's status (RFC 6455 5.5.1); our own close frame, if already sent, stands.
        Close(status);
        return CloseReason.TransportClose;
    }

    /// <summary>Hands a message (owned bytes: the engine keeps them) to the session, or to the upgrade state machine while probing.</summary>
    private string? OnMessage(EngineChannel channel, byte opcode, byte[] message)
    {
        if (opcode == WebSocketFrame.Text && !Utf8.IsValid(message))
            return Fail(channel, InvalidPayload, "text frame is not valid UTF-8");
        if (_probing)
            return DeliverProbe(channel, opcode, message) ? null : CloseReason.TransportError;
        try
        {
            if (opcode == WebSocketFrame.Binary)
                channel.Receive(EnginePacket.FromBinary(message));
            else
                channel.ReceiveFrame(message);
        }
        catch (Exception ex)
        {
            TransportLog.HandlerFailed(_logger, channel.Session.Id, ex);
        }
        return null;
    }

    private string Fail(EngineChannel channel, ushort status, string why)
    {
        TransportLog.WebSocketProtocolError(_logger, channel.Session.Id, why);
        Close(status);
        return CloseReason.TransportError;
    }

    private bool DeliverProbe(EngineChannel channel, byte opcode, byte[] message)
    {
        EnginePacket packet;
        try
        {
            packet = opcode == WebSocketFrame.Text ? EnginePacket.FromTextFrame(message) : EnginePacket.FromBinary(message);
        }
        catch (EngineProtocolException)
        {
            TransportLog.WebSocketRefused(_logger, channel.Session.Id, "undecodable packet during upgrade");
            Close();
            return false;
        }
        switch (channel.ReceiveProbe(packet))
        {
            case ProbeResult.ReplyProbe:
                // Written right after this batch of frames (EndDispatch).
                Interlocked.Increment(ref _probeReplies);
                return true;
            case ProbeResult.Upgraded:
                _probing = false;
                Activate();
                return true;
            default:
                Close();
                return false;
        }
    }
}
