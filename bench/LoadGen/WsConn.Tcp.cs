using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Bench.LoadGen;

/// <summary>
/// The raw TCP variant (--tcp-port): the same Engine.IO packets as over WebSocket, each in the stream
/// framing of the server's TCP transport (a header byte with 0x80 for binary and the length below 126,
/// or 126/127 followed by a 2- or 8-byte big-endian length). The connection opens with the frame "0".
/// </summary>
internal sealed partial class WsConn
{
    private Socket? _tcp;
    private byte[] _rx = [];
    private int _rxStart;
    private int _rxEnd;

    /// <summary>Connects over TCP from <paramref name="source"/> (null: any), opens the session, and completes the Socket.IO handshake.</summary>
    public static async Task<WsConn> ConnectTcpAsync(Wire wire, IPEndPoint server, IPAddress? source, MessageHandler? handler, CancellationToken cancellation)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var connection = new WsConn(null, wire) { _handler = handler, _tcp = socket, _rx = ArrayPool<byte>.Shared.Rent(4096) };
        return await connection.OpenAsync(async () =>
        {
            if (source is not null)
            {
                socket.Bind(new IPEndPoint(source, 0));
            }

            await socket.ConnectAsync(server, cancellation);
            await connection.SendAsync("0"u8.ToArray());
            await connection.HandshakeAsync(cancellation);
        });
    }

    private ValueTask SendTcpAsync(ReadOnlyMemory<byte> frame)
    {
        // Header and packet in one write; frames here are small (echo, join, broadcast requests).
        var buffer = ArrayPool<byte>.Shared.Rent(frame.Length + 9);
        var header = WriteHeader(buffer, frame.Length);
        frame.Span.CopyTo(buffer.AsSpan(header));
        return SendPooledAsync(buffer, header + frame.Length);
    }

    /// <summary>Sends the first <paramref name="length"/> bytes of a pooled buffer, then gives the buffer back.</summary>
    private async ValueTask SendPooledAsync(byte[] buffer, int length)
    {
        try
        {
            var sent = 0;
            while (sent < length)
            {
                sent += await _tcp!.SendAsync(buffer.AsMemory(sent, length - sent), SocketFlags.None);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int WriteHeader(Span<byte> destination, int length)
    {
        if (length < 126)
        {
            destination[0] = (byte)length;
            return 1;
        }

        if (length < 65536)
        {
            destination[0] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(destination[1..], (ushort)length);
            return 3;
        }

        destination[0] = 127;
        BinaryPrimitives.WriteUInt64BigEndian(destination[1..], (ulong)length);
        return 9;
    }

    /// <summary>Reads one frame's packet into the receive buffer; returns its length, or -1 at the end of the stream.</summary>
    private async ValueTask<int> ReceiveTcpMessageAsync(CancellationToken cancellation)
    {
        while (true)
        {
            if (_wsFraming ? TryTakeWsMessage(out var length) : TryTakeFrame(out length))
            {
                return length;
            }

            if (_rxStart > 0)
            {
                _rx.AsSpan(_rxStart, _rxEnd - _rxStart).CopyTo(_rx);
                _rxEnd -= _rxStart;
                _rxStart = 0;
            }

            if (_rxEnd == _rx.Length)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(_rx.Length * 2);
                _rx.AsSpan(0, _rxEnd).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_rx);
                _rx = bigger;
            }

            var read = await _tcp!.ReceiveAsync(_rx.AsMemory(_rxEnd), SocketFlags.None, cancellation);
            if (read == 0)
            {
                return -1;
            }

            _rxEnd += read;
        }
    }

    private bool TryTakeFrame(out int length)
    {
        length = 0;
        var available = _rx.AsSpan(_rxStart, _rxEnd - _rxStart);
        if (available.IsEmpty)
        {
            return false;
        }

        var len7 = available[0] & 0x7F;
        var header = len7 == 126 ? 3 : len7 == 127 ? 9 : 1;
        if (available.Length < header)
        {
            return false;
        }

        long size = len7 switch
        {
            126 => BinaryPrimitives.ReadUInt16BigEndian(available[1..]),
            127 => (long)BinaryPrimitives.ReadUInt64BigEndian(available[1..]),
            _ => len7,
        };
        if (size > MaxMessageBytes)
        {
            throw new InvalidDataException("message too large");
        }

        if (available.Length < header + size)
        {
            return false;
        }

        if (_receive.Length < size)
        {
            ArrayPool<byte>.Shared.Return(_receive);
            _receive = ArrayPool<byte>.Shared.Rent((int)size);
        }

        available.Slice(header, (int)size).CopyTo(_receive);
        _rxStart += header + (int)size;
        length = (int)size;
        return true;
    }
}
