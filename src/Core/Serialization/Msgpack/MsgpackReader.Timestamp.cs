using System.Buffers.Binary;

namespace SocketIO.Serialization.Msgpack;

public ref partial struct MsgpackReader
{
    private const long MinDateTimeOffsetSeconds = -62135596800;
    private const long MaxDateTimeOffsetSeconds = 253402300799;

    /// <summary>
    /// Reads a timestamp extension (type −1, 4, 8 or 12 bytes), or the fixext 8 type 0 milliseconds with which
    /// notepack.io 2 wrote a Date; the value must fall within <see cref="DateTimeOffset"/>'s range.
    /// </summary>
    public DateTimeOffset ReadTimestamp()
    {
        int start = _position;
        byte prefix = ReadByte();
        if (prefix is not ((>= 0xc7 and <= 0xc9) or (>= 0xd4 and <= 0xd8)))
            return Mismatch<DateTimeOffset>("a timestamp", start);
        var (type, length) = ReadExtensionHeader(prefix, start);
        if (ClassifyExtension(prefix, type) != MsgpackType.Timestamp)
            return Mismatch<DateTimeOffset>("a timestamp", start);
        var (seconds, nanoseconds) = DecodeTimestamp(type, Take(length, start), start);
        if (seconds < MinDateTimeOffsetSeconds || seconds > MaxDateTimeOffsetSeconds)
            MsgpackThrow.TimestampOutOfRange(start);
        return new DateTimeOffset(
            DateTimeOffset.UnixEpoch.Ticks + seconds * TimeSpan.TicksPerSecond + nanoseconds / 100, TimeSpan.Zero);
    }

    // The payload of a value ClassifyExtension calls a timestamp, as whole seconds since the epoch plus nanoseconds.
    private static (long Seconds, uint Nanoseconds) DecodeTimestamp(sbyte type, ReadOnlySpan<byte> payload, int start)
    {
        if (type == 0)
        {
            // notepack.io 2: fixext 8 type 0 holds signed milliseconds since the epoch.
            long milliseconds = BinaryPrimitives.ReadInt64BigEndian(payload);
            long seconds = Math.DivRem(milliseconds, 1000, out long rest);
            if (rest < 0)
            {
                seconds--;
                rest += 1000;
            }
            return (seconds, (uint)rest * 1_000_000);
        }
        switch (payload.Length)
        {
            case 4:
                return (BinaryPrimitives.ReadUInt32BigEndian(payload), 0);
            case 8:
                ulong packed = BinaryPrimitives.ReadUInt64BigEndian(payload);
                uint nanoseconds = (uint)(packed >> 34);
                if (nanoseconds >= 1_000_000_000)
                    MsgpackThrow.BadTimestamp(start);
                return ((long)(packed & 0x3_ffff_ffffUL), nanoseconds);
            case 12:
                uint nanos = BinaryPrimitives.ReadUInt32BigEndian(payload);
                if (nanos >= 1_000_000_000)
                    MsgpackThrow.BadTimestamp(start);
                return (BinaryPrimitives.ReadInt64BigEndian(payload[4..]), nanos);
            default:
                MsgpackThrow.BadTimestamp(start);
                return default;
        }
    }
}
