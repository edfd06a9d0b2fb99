using System.Buffers.Binary;

namespace SocketIO.Transports.WebSocket.Tests.Support;

/// <summary>Builds RFC 6455 client frames byte by byte, including the malformed ones a server must refuse.</summary>
internal static class ClientFrame
{
    public const byte Continuation = 0x0, Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA;

    /// <summary>The masking key of the RFC 6455 5.7 examples.</summary>
    public static readonly byte[] SampleMask = [0x37, 0xfa, 0x21, 0x3d];

    /// <summary>
    /// A frame header: <paramref name="firstByte"/> as given (FIN, RSV, opcode), the shortest length
    /// encoding for <paramref name="length"/>, then the mask key unless <paramref name="mask"/> is null.
    /// </summary>
    public static byte[] Header(byte firstByte, ulong length, byte[]? mask)
    {
        var maskBit = mask is null ? 0 : 0x80;
        var lengthSize = length < 126 ? 0 : length <= ushort.MaxValue ? 2 : 8;
        var header = new byte[2 + lengthSize + (mask?.Length ?? 0)];
        header[0] = firstByte;
        switch (lengthSize)
        {
            case 0:
                header[1] = (byte)(maskBit | (int)length);
                break;
            case 2:
                header[1] = (byte)(maskBit | 126);
                BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), (ushort)length);
                break;
            default:
                header[1] = (byte)(maskBit | 127);
                BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(2), length);
                break;
        }
        mask?.CopyTo(header, 2 + lengthSize);
        return header;
    }

    /// <summary>A whole frame; the payload is masked with <paramref name="mask"/> (the sample key by default) unless <paramref name="masked"/> is false.</summary>
    public static byte[] Build(byte opcode, ReadOnlySpan<byte> payload, bool fin = true, byte rsv = 0, bool masked = true, byte[]? mask = null)
    {
        mask = masked ? mask ?? SampleMask : null;
        var header = Header((byte)((fin ? 0x80 : 0) | (rsv << 4) | opcode), (ulong)payload.Length, mask);
        var frame = new byte[header.Length + payload.Length];
        header.CopyTo(frame, 0);
        for (var i = 0; i < payload.Length; i++)
            frame[header.Length + i] = (byte)(payload[i] ^ (mask is null ? 0 : mask[i & 3]));
        return frame;
    }

    /// <summary>A close frame with a status code (none when null) and a reason.</summary>
    public static byte[] CloseFrame(ushort? status, string reason = "")
    {
        var body = new List<byte>();
        if (status is { } code)
        {
            body.Add((byte)(code >> 8));
            body.Add((byte)code);
            body.AddRange(System.Text.Encoding.UTF8.GetBytes(reason));
        }
        return Build(Close, body.ToArray());
    }
}
