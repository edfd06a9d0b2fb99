using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace SocketIO.Transports.WebSocket.Internal;

/// <summary>RFC 6455 framing as a server speaks it: clients mask every frame, the server masks none.</summary>
internal static class WebSocketFrame
{
    public const byte Continuation = 0x0, Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA;

    /// <summary>The longest server frame header: 2 bytes plus a 64-bit length.</summary>
    public const int MaxHeaderSize = 10;

    /// <summary>A parsed client frame header.</summary>
    public readonly record struct Header(bool Fin, byte Opcode, long PayloadLength, uint Mask, int Size)
    {
        public bool IsControl => (Opcode & 0x8) != 0;
    }

    /// <summary>The outcome of <see cref="TryReadHeader"/>.</summary>
    public enum ReadStatus { Complete, NeedMore, ProtocolError }

    /// <summary>Reads a client frame header; a protocol error names what is wrong in <paramref name="error"/>.</summary>
    public static ReadStatus TryReadHeader(ReadOnlySpan<byte> data, out Header header, out string? error)
    {
        header = default;
        error = null;
        if (data.Length < 2)
            return ReadStatus.NeedMore;
        var b0 = data[0];
        var b1 = data[1];
        var opcode = (byte)(b0 & 0x0F);
        var len7 = b1 & 0x7F;
        var size = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + 4;
        // No extension is negotiated, so the RSV bits must be clear (RFC 6455 5.2).
        if ((b0 & 0x70) != 0)
            return Fail("reserved bits set", out error);
        if ((b1 & 0x80) == 0)
            return Fail("unmasked client frame", out error);
        if (opcode is > Binary and < Close or > Pong)
            return Fail($"unknown opcode {opcode}", out error);
        var fin = (b0 & 0x80) != 0;
        if ((opcode & 0x8) != 0 && (!fin || len7 > 125))
            return Fail("fragmented or oversized control frame", out error);
        if (data.Length < size)
            return ReadStatus.NeedMore;
        long length = len7 switch
        {
            126 => BinaryPrimitives.ReadUInt16BigEndian(data[2..]),
            127 => (long)BinaryPrimitives.ReadUInt64BigEndian(data[2..]),
            _ => len7,
        };
        if (length < 0)
            return Fail("payload length out of range", out error);
        var mask = MemoryMarshal.Read<uint>(data.Slice(size - 4, 4));
        header = new Header(fin, opcode, length, mask, size);
        return ReadStatus.Complete;
    }

    private static ReadStatus Fail(string why, out string? error)
    {
        error = why;
        return ReadStatus.ProtocolError;
    }

    /// <summary>XORs <paramref name="data"/> with the 4-byte mask as it appears on the wire, starting at mask byte 0.</summary>
    public static void Unmask(Span<byte> data, uint mask)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && data.Length >= Vector<byte>.Count)
        {
            var wide = Vector.AsVectorByte(new Vector<uint>(mask));
            var vectors = MemoryMarshal.Cast<byte, Vector<byte>>(data);
            for (var v = 0; v < vectors.Length; v++)
                vectors[v] ^= wide;
            i = vectors.Length * Vector<byte>.Count;
        }
        // Vector<byte>.Count is a multiple of 4, so the mask phase is still 0 here.
        var longMask = ((ulong)mask << 32) | mask;
        for (; i + 8 <= data.Length; i += 8)
        {
            ref var chunk = ref MemoryMarshal.AsRef<ulong>(data.Slice(i, 8));
            chunk ^= longMask;
        }
        Span<byte> maskBytes = stackalloc byte[4];
        MemoryMarshal.Write(maskBytes, in mask);
        for (; i < data.Length; i++)
            data[i] ^= maskBytes[i & 3];
    }

    /// <summary>Writes an unmasked final frame header for a payload of <paramref name="length"/> bytes; returns its size.</summary>
    public static int WriteHeader(Span<byte> destination, byte opcode, int length)
    {
        destination[0] = (byte)(0x80 | opcode);
        if (length < 126)
        {
            destination[1] = (byte)length;
            return 2;
        }
        if (length <= ushort.MaxValue)
        {
            destination[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)length);
            return 4;
        }
        destination[1] = 127;
        BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)length);
        return 10;
    }
}
