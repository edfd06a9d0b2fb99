using System.Buffers.Binary;

namespace SocketIO.Engine;

/// <summary>
/// Engine.IO's stream framing, for transports that carry packets over one byte stream (the TCP
/// transport and its device clients), as engine.io-parser's createPacketEncoderStream writes it for WebTransport
/// (socketio/socket.io packages/engine.io-parser/lib/index.ts): a header byte whose bit 0x80 marks a binary
/// payload and whose low 7 bits are the length below 126; 126 adds a 2-byte and 127 an 8-byte big-endian
/// length. The payload is the text packet in UTF-8 ("4hello") or the raw bytes of a binary message.
/// </summary>
public static class StreamFrame
{
    /// <summary>The longest header: one byte plus a 64-bit length.</summary>
    public const int MaxHeaderSize = 9;

    /// <summary>The binary flag of the first header byte.</summary>
    public const byte BinaryFlag = 0x80;

    /// <summary>Writes the header for a payload of <paramref name="length"/> bytes; returns its size (1, 3 or 9).</summary>
    public static int WriteHeader(Span<byte> destination, bool binary, int length)
    {
        var flag = binary ? BinaryFlag : (byte)0;
        if (length < 126)
        {
            destination[0] = (byte)(flag | length);
            return 1;
        }
        if (length < 65536)
        {
            destination[0] = (byte)(flag | 126);
            BinaryPrimitives.WriteUInt16BigEndian(destination[1..], (ushort)length);
            return 3;
        }
        destination[0] = (byte)(flag | 127);
        BinaryPrimitives.WriteUInt64BigEndian(destination[1..], (ulong)length);
        return 9;
    }
}
