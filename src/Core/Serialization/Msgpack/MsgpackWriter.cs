using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace SocketIO.Serialization.Msgpack;

/// <summary>
/// Writes MessagePack into an <see cref="IBufferWriter{T}"/>, choosing every encoding exactly as
/// notepack.io 3 does (darrachequesne/notepack <c>lib/encode.js</c>), so that Node peers and this
/// server produce the same bytes for the same value.
/// </summary>
public readonly partial struct MsgpackWriter
{
    // Number.MAX_SAFE_INTEGER: JSON numbers up to this are exact in JavaScript.
    private const long MaxSafeInteger = (1L << 53) - 1;

    private static readonly double JsNaN = BitConverter.Int64BitsToDouble(0x7ff8_0000_0000_0000);

    private readonly IBufferWriter<byte> _output;

    /// <summary>Creates a writer that appends to <paramref name="output"/>.</summary>
    public MsgpackWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    /// <summary>Writes nil (<c>c0</c>), what notepack.io 3 writes for null and for a top-level or array <c>undefined</c>.</summary>
    public void WriteNil() => WriteByte(0xc0);

    /// <summary>Writes <c>d4 00 00</c>, the fixext 1 with which notepack.io 2 wrote JavaScript's <c>undefined</c>.</summary>
    public void WriteUndefined()
    {
        var span = _output.GetSpan(3);
        span[0] = 0xd4;
        span[1] = 0;
        span[2] = 0;
        _output.Advance(3);
    }

    /// <summary>Writes true (<c>c3</c>) or false (<c>c2</c>).</summary>
    public void WriteBoolean(bool value) => WriteByte(value ? (byte)0xc3 : (byte)0xc2);

    /// <summary>Writes an integer in the smallest encoding, as notepack.io chooses it for an integral JavaScript number.</summary>
    public void WriteInteger(long value)
    {
        var span = _output.GetSpan(9);
        _output.Advance(EncodeInteger(span, value));
    }

    /// <summary>
    /// Writes a JavaScript number as notepack.io does: an integral value in [−2^63, 2^64) as an integer,
    /// anything else (fractions, NaN, ±Infinity, larger magnitudes) as float 64.
    /// </summary>
    public void WriteNumber(double value)
    {
        var span = _output.GetSpan(9);
        int written;
        if (Math.Floor(value) != value || !(value >= -9223372036854775808.0 && value < 18446744073709551616.0))
        {
            // notepack.io also writes NaN and ±Infinity as float 64; past 2^64 it would write a wrong integer.
            // NaN gets JavaScript's bit pattern (.NET's double.NaN has the sign bit set).
            span[0] = 0xcb;
            BinaryPrimitives.WriteDoubleBigEndian(span[1..], double.IsNaN(value) ? JsNaN : value);
            written = 9;
        }
        else if (value >= 9223372036854775808.0)
        {
            span[0] = 0xcf;
            BinaryPrimitives.WriteUInt64BigEndian(span[1..], (ulong)value);
            written = 9;
        }
        else
        {
            written = EncodeInteger(span, (long)value);
        }
        _output.Advance(written);
    }

    /// <summary>Writes a string as UTF-8 (str 8/16/32 or fixstr); lone surrogates become U+FFFD, as Node's Buffer does.</summary>
    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int length = Encoding.UTF8.GetByteCount(value);
        var span = _output.GetSpan(5 + length);
        int header = EncodeStringHeader(span, length);
        Encoding.UTF8.GetBytes(value, span[header..]);
        _output.Advance(header + length);
    }

    /// <summary>Writes a string from its UTF-8 bytes, which the caller guarantees are valid UTF-8.</summary>
    public void WriteString(ReadOnlySpan<byte> utf8)
    {
        var span = _output.GetSpan(5 + utf8.Length);
        int header = EncodeStringHeader(span, utf8.Length);
        utf8.CopyTo(span[header..]);
        _output.Advance(header + utf8.Length);
    }

    /// <summary>Writes bytes as bin 8/16/32, how notepack.io writes a Node Buffer.</summary>
    public void WriteBinary(ReadOnlySpan<byte> bytes)
    {
        var span = _output.GetSpan(5 + bytes.Length);
        int header;
        if (bytes.Length < 0x100)
        {
            span[0] = 0xc4;
            span[1] = (byte)bytes.Length;
            header = 2;
        }
        else if (bytes.Length < 0x10000)
        {
            span[0] = 0xc5;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)bytes.Length);
            header = 3;
        }
        else
        {
            span[0] = 0xc6;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)bytes.Length);
            header = 5;
        }
        bytes.CopyTo(span[header..]);
        _output.Advance(header + bytes.Length);
    }

    /// <summary>Writes the header of an array of <paramref name="count"/> values (fixarray, array 16 or array 32).</summary>
    public void WriteArrayHeader(int count) => WriteContainerHeader(count, 0x90, 0xdc);

    /// <summary>Writes the header of a map of <paramref name="count"/> key/value pairs (fixmap, map 16 or map 32).</summary>
    public void WriteMapHeader(int count) => WriteContainerHeader(count, 0x80, 0xde);

    /// <summary>
    /// Writes a point in time with the timestamp extension (type −1) in the form notepack.io 3 picks for a Date:
    /// timestamp 32 for whole seconds in [0, 2^32), timestamp 64 up to 2^34 seconds, timestamp 96 otherwise.
    /// </summary>
    public void WriteTimestamp(DateTimeOffset value)
    {
        long ticks = value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        long seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out long rest);
        if (rest < 0)
        {
            seconds--;
            rest += TimeSpan.TicksPerSecond;
        }
        uint nanoseconds = (uint)(rest * 100);
        var span = _output.GetSpan(15);
        int written;
        if (seconds >= 0 && seconds <= 0x3_ffff_ffffL)
        {
            if (nanoseconds == 0 && seconds <= uint.MaxValue)
            {
                span[0] = 0xd6;
                span[1] = 0xff;
                BinaryPrimitives.WriteUInt32BigEndian(span[2..], (uint)seconds);
                written = 6;
            }
            else
            {
                span[0] = 0xd7;
                span[1] = 0xff;
                BinaryPrimitives.WriteUInt64BigEndian(span[2..], ((ulong)nanoseconds << 34) | (ulong)seconds);
                written = 10;
            }
        }
        else
        {
            span[0] = 0xc7;
            span[1] = 12;
            span[2] = 0xff;
            BinaryPrimitives.WriteUInt32BigEndian(span[3..], nanoseconds);
            BinaryPrimitives.WriteInt64BigEndian(span[7..], seconds);
            written = 15;
        }
        _output.Advance(written);
    }

    private void WriteByte(byte value)
    {
        var span = _output.GetSpan(1);
        span[0] = value;
        _output.Advance(1);
    }

    private void WriteContainerHeader(int count, byte fix, byte code16)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var span = _output.GetSpan(5);
        int written;
        if (count < 0x10)
        {
            span[0] = (byte)(fix | count);
            written = 1;
        }
        else if (count < 0x10000)
        {
            span[0] = code16;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)count);
            written = 3;
        }
        else
        {
            span[0] = (byte)(code16 + 1);
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)count);
            written = 5;
        }
        _output.Advance(written);
    }

    private static int EncodeStringHeader(Span<byte> span, int length)
    {
        if (length < 0x20)
        {
            span[0] = (byte)(0xa0 | length);
            return 1;
        }
        if (length < 0x100)
        {
            span[0] = 0xd9;
            span[1] = (byte)length;
            return 2;
        }
        if (length < 0x10000)
        {
            span[0] = 0xda;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)length);
            return 3;
        }
        span[0] = 0xdb;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)length);
        return 5;
    }

    // notepack.io: non-negative values use fixint or uint 8/16/32/64, negative ones fixint or int 8/16/32/64.
    private static int EncodeInteger(Span<byte> span, long value)
    {
        if (value >= 0)
        {
            if (value < 0x80)
            {
                span[0] = (byte)value;
                return 1;
            }
            if (value < 0x100)
            {
                span[0] = 0xcc;
                span[1] = (byte)value;
                return 2;
            }
            if (value < 0x10000)
            {
                span[0] = 0xcd;
                BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)value);
                return 3;
            }
            if (value < 0x1_0000_0000L)
            {
                span[0] = 0xce;
                BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)value);
                return 5;
            }
            span[0] = 0xcf;
            BinaryPrimitives.WriteUInt64BigEndian(span[1..], (ulong)value);
            return 9;
        }
        if (value >= -0x20)
        {
            span[0] = (byte)value;
            return 1;
        }
        if (value >= -0x80)
        {
            span[0] = 0xd0;
            span[1] = (byte)value;
            return 2;
        }
        if (value >= -0x8000)
        {
            span[0] = 0xd1;
            BinaryPrimitives.WriteInt16BigEndian(span[1..], (short)value);
            return 3;
        }
        if (value >= int.MinValue)
        {
            span[0] = 0xd2;
            BinaryPrimitives.WriteInt32BigEndian(span[1..], (int)value);
            return 5;
        }
        span[0] = 0xd3;
        BinaryPrimitives.WriteInt64BigEndian(span[1..], value);
        return 9;
    }
}
