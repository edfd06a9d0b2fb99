using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Unicode;
using SocketIO.Engine;

namespace SocketIO.Transports.Tcp.Internal;

/// <summary>
/// The receive side. An idle connection holds no receive buffer: it waits with a zero-byte read (in
/// <see cref="RunAsync"/>) and rents one only when bytes are there. Each read's frames are handed to the session within one
/// dispatch, so what the handlers queue is written once they return.
/// </summary>
internal sealed partial class TcpConnection
{
    private const int ReadSize = 4096;

    private readonly StreamFrameDecoder _decoder;
    private bool _clientClosed;

    /// <summary>Reads what has arrived into a rented buffer and hands it on; a close reason ends the connection.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<string?> ReadAvailableAsync(Stream stream)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
        try
        {
            var read = await stream.ReadAsync(buffer).ConfigureAwait(false);
            return read == 0 ? OnEndOfStream() : OnBytes(buffer, read);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private string OnEndOfStream()
    {
        if (_decoder.HasPartialFrame && !IsClosing)
            TcpLog.Refused(_context.Logger, _address, Sid, "the stream ended inside a frame");
        return CloseReason.TransportClose;
    }

    /// <summary>Handles every whole frame of one read; a close reason ends the connection.</summary>
    private string? OnBytes(byte[] buffer, int count)
    {
        var data = new ReadOnlySpan<byte>(buffer, 0, count);
        BeginDispatch();
        try
        {
            while (!data.IsEmpty)
            {
                // docs/protocol.md#close: the client's close packet ends the session; nothing may follow it.
                if (_clientClosed)
                    return Refuse("bytes after the close packet");
                // The server ended the session: what the device still sends is not read.
                if (IsClosing)
                    return null;
                switch (_decoder.TryRead(ref data, out var binary, out var payload, out var error))
                {
                    case StreamFrameDecoder.Result.NeedMore:
                        return null;
                    case StreamFrameDecoder.Result.Invalid:
                        return Refuse(error!);
                }
                if (OnFrame(binary, payload) is { } outcome)
                    return outcome;
            }
            return null;
        }
        finally
        {
            EndDispatch();
        }
    }

    /// <summary>Hands one frame (owned bytes: the engine may keep them) to the session, or opens it.</summary>
    private string? OnFrame(bool binary, byte[] payload)
    {
        if (Channel is not { } channel)
            return OnFirstFrame(binary, payload);
        if (!binary && !Utf8.IsValid(payload))
            return Refuse("text frame is not valid UTF-8");
        try
        {
            if (binary)
            {
                channel.Receive(EnginePacket.FromBinary(payload));
            }
            else
            {
                _clientClosed = payload is [(byte)'1'];
                channel.ReceiveFrame(payload);
            }
        }
        catch (Exception ex)
        {
            TcpLog.HandlerFailed(_context.Logger, _address, Sid, ex);
        }
        return null;
    }

    // docs/protocol.md#stream-framing: a new stream opens with an open packet and no data; an open with data is an upgrade,
    // which this transport does not offer.
    private string? OnFirstFrame(bool binary, byte[] payload)
    {
        if (binary || payload[0] != (byte)'0')
            return Refuse("the first packet is not an open packet");
        if (payload.Length > 1)
            return Refuse("open packet with data (a sid): this transport opens new sessions only and has no upgrade");
        return Open();
    }

    private void ReleaseReceiveState() => _decoder.Release();

    /// <summary>Bytes of pooled memory the unfinished frame holds now (tests read it).</summary>
    internal int ReceiveBufferCapacity => _decoder.BufferedCapacity;
}
