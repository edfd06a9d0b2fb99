using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bench.LoadGen;

/// <summary>
/// The default WebSocket client (RFC 6455 on a plain socket, <c>--ws-client raw</c>): the upgrade request, then
/// masked frames out and unmasked frames in, read through the same buffer as the TCP variant. It does per
/// message only what a client must (one receive per batch of frames, one send per frame), so that the load
/// generator's own cost, which adds to every latency it records, stays below the server's.
/// <c>--ws-client dotnet</c> keeps <c>ClientWebSocket</c> for comparison.
/// </summary>
internal sealed partial class WsConn
{
    private const byte OpContinuation = 0x0;
    private const byte OpText = 0x1;
    private const byte OpClose = 0x8;
    private const byte OpPing = 0x9;
    private const int MaxHandshakeBytes = 16 * 1024;

    private bool _wsFraming;
    private uint _mask;
    private int _fragmentLength; // bytes of a fragmented message gathered so far in _receive

    /// <summary>Connects, upgrades to WebSocket at the wire's path, and completes the Socket.IO handshake when needed.</summary>
    public static async Task<WsConn> ConnectRawAsync(Wire wire, Uri baseUrl, MessageHandler? handler, CancellationToken cancellation)
    {
        var uri = wire.WebSocketUri(baseUrl);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var connection = new WsConn(null, wire)
        {
            _handler = handler,
            _tcp = socket,
            _wsFraming = true,
            _rx = ArrayPool<byte>.Shared.Rent(4096),
            _mask = (uint)Random.Shared.Next() | 1u,
        };
        return await connection.OpenAsync(async () =>
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(uri.Host), uri.Port), cancellation);
            await connection.UpgradeAsync(uri, cancellation);
            if (wire.IsSocketIo)
            {
                await connection.HandshakeAsync(cancellation);
            }
        });
    }

    /// <summary>Sends the upgrade request and reads the response head; frames that came with it stay in the buffer.</summary>
    private async Task UpgradeAsync(Uri uri, CancellationToken cancellation)
    {
        var key = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        var request = Encoding.ASCII.GetBytes(
            $"GET {uri.PathAndQuery} HTTP/1.1\r\nHost: {uri.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n");
        await _tcp!.SendAsync(request, SocketFlags.None, cancellation);
        while (true)
        {
            var end = _rx.AsSpan(0, _rxEnd).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                var head = Encoding.ASCII.GetString(_rx, 0, end);
                if (!head.StartsWith("HTTP/1.1 101", StringComparison.Ordinal))
                {
                    throw new InvalidDataException("WebSocket upgrade refused: " + head.Split("\r\n")[0]);
                }

                _rxStart = end + 4;
                return;
            }

            if (_rxEnd == _rx.Length)
            {
                if (_rxEnd >= MaxHandshakeBytes)
                {
                    throw new InvalidDataException("WebSocket upgrade response too long");
                }

                var bigger = ArrayPool<byte>.Shared.Rent(_rx.Length * 2);
                _rx.AsSpan(0, _rxEnd).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_rx);
                _rx = bigger;
            }

            var read = await _tcp.ReceiveAsync(_rx.AsMemory(_rxEnd), SocketFlags.None, cancellation);
            if (read == 0)
            {
                throw new IOException("connection closed during the WebSocket upgrade");
            }

            _rxEnd += read;
        }
    }

    /// <summary>One masked frame (the client must mask), header and payload in one write.</summary>
    private ValueTask SendWsFrameAsync(byte opcode, ReadOnlyMemory<byte> payload)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(payload.Length + 14);
        return SendPooledAsync(buffer, WriteWsFrame(buffer, opcode, payload.Span));
    }

    private int WriteWsFrame(Span<byte> destination, byte opcode, ReadOnlySpan<byte> payload)
    {
        destination[0] = (byte)(0x80 | opcode);
        int header;
        if (payload.Length < 126)
        {
            destination[1] = (byte)(0x80 | payload.Length);
            header = 2;
        }
        else if (payload.Length < 65536)
        {
            destination[1] = 0x80 | 126;
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payload.Length);
            header = 4;
        }
        else
        {
            destination[1] = 0x80 | 127;
            BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payload.Length);
            header = 10;
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination[header..], _mask);
        header += 4;
        Span<byte> key = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(key, _mask);
        var body = destination.Slice(header, payload.Length);
        for (var i = 0; i < payload.Length; i++)
        {
            body[i] = (byte)(payload[i] ^ key[i & 3]);
        }

        return header + payload.Length;
    }

    /// <summary>
    /// Takes one whole data message out of the buffer into the receive buffer; false when more bytes are needed.
    /// A close frame yields -1; a ping is answered at once; fragments are gathered until the final one.
    /// </summary>
    private bool TryTakeWsMessage(out int length)
    {
        while (true)
        {
            length = 0;
            var available = _rx.AsSpan(_rxStart, _rxEnd - _rxStart);
            if (available.Length < 2)
            {
                return false;
            }

            var fin = (available[0] & 0x80) != 0;
            var opcode = (byte)(available[0] & 0x0F);
            var masked = (available[1] & 0x80) != 0;
            var len7 = available[1] & 0x7F;
            var header = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + (masked ? 4 : 0);
            if (available.Length < header)
            {
                return false;
            }

            long size = len7 switch
            {
                126 => BinaryPrimitives.ReadUInt16BigEndian(available[2..]),
                127 => (long)BinaryPrimitives.ReadUInt64BigEndian(available[2..]),
                _ => len7,
            };
            if (size + _fragmentLength > MaxMessageBytes)
            {
                throw new InvalidDataException("message too large");
            }

            if (available.Length < header + size)
            {
                return false;
            }

            var payload = available.Slice(header, (int)size);
            if (masked)
            {
                var key = available.Slice(header - 4, 4);
                for (var i = 0; i < payload.Length; i++)
                {
                    payload[i] ^= key[i & 3];
                }
            }

            _rxStart += header + (int)size;
            if (opcode == OpClose)
            {
                length = -1;
                return true;
            }

            if (opcode == OpPing)
            {
                // Rare (neither server pings at the WebSocket level): answered synchronously, in order with other sends.
                var pong = new byte[payload.Length + 14];
                var pongLength = WriteWsFrame(pong, 0xA, payload);
                _sendLock.Wait();
                try
                {
                    _tcp!.Send(pong.AsSpan(0, pongLength));
                }
                finally
                {
                    _sendLock.Release();
                }

                continue;
            }

            if (opcode is not (OpText or OpContinuation or 0x2))
            {
                continue; // a pong
            }

            if (_receive.Length < _fragmentLength + size)
            {
                var bigger = ArrayPool<byte>.Shared.Rent((int)(_fragmentLength + size));
                _receive.AsSpan(0, _fragmentLength).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_receive);
                _receive = bigger;
            }

            payload.CopyTo(_receive.AsSpan(_fragmentLength));
            _fragmentLength += (int)size;
            if (!fin)
            {
                continue;
            }

            length = _fragmentLength;
            _fragmentLength = 0;
            return true;
        }
    }
}
