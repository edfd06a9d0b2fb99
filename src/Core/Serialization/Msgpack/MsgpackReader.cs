using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace SocketIO.Serialization.Msgpack;

/// <summary>
/// Reads MessagePack from a span, as notepack.io 2 and 3 write it, and treats the input as hostile: every length is
/// checked against the bytes left before anything is allocated, nesting is limited, and every malformed input ends
/// in a <see cref="MsgpackException"/>. After an exception the position is unspecified.
/// </summary>
public ref partial struct MsgpackReader
{
    // Number.MAX_SAFE_INTEGER.
    private const double MaxSafeInteger = 9007199254740991.0;

    // Each level of nesting costs a stack frame in Skip and ReadJson.
    private const int DepthCeiling = 1000;

    private readonly ReadOnlySpan<byte> _data;
    private readonly int _maxDepth;
    private int _position;

    /// <summary>Creates a reader over <paramref name="data"/>; Skip and ReadJson refuse nesting deeper than <paramref name="maxDepth"/> (at most 1000).</summary>
    public MsgpackReader(ReadOnlySpan<byte> data, int maxDepth = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDepth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDepth, DepthCeiling);
        _data = data;
        _maxDepth = maxDepth;
        _position = 0;
    }

    /// <summary>The offset of the next byte to read.</summary>
    public readonly int Position => _position;

    /// <summary>True when every byte has been read.</summary>
    public readonly bool End => _position >= _data.Length;

    private readonly int Remaining => _data.Length - _position;

    /// <summary>The kind of the next value, without consuming it.</summary>
    public readonly MsgpackType PeekType()
    {
        if (_position >= _data.Length)
            MsgpackThrow.Truncated(_position);
        byte prefix = _data[_position];
        return prefix switch
        {
            <= 0x7f => MsgpackType.Integer,
            <= 0x8f => MsgpackType.Map,
            <= 0x9f => MsgpackType.Array,
            <= 0xbf => MsgpackType.String,
            0xc0 => MsgpackType.Nil,
            0xc1 => Reserved(),
            0xc2 or 0xc3 => MsgpackType.Boolean,
            <= 0xc6 => MsgpackType.Binary,
            <= 0xc9 => PeekExtensionType(prefix),
            <= 0xcb => MsgpackType.Float,
            <= 0xd3 => MsgpackType.Integer,
            <= 0xd8 => PeekExtensionType(prefix),
            <= 0xdb => MsgpackType.String,
            <= 0xdd => MsgpackType.Array,
            <= 0xdf => MsgpackType.Map,
            _ => MsgpackType.Integer,
        };
    }

    /// <summary>Consumes nil, or the <c>d4 00 00</c> undefined of notepack.io 2, and returns true; otherwise consumes nothing.</summary>
    public bool TryReadNil()
    {
        if (_position >= _data.Length)
            MsgpackThrow.Truncated(_position);
        byte prefix = _data[_position];
        if (prefix == 0xc0)
        {
            _position++;
            return true;
        }
        if (prefix == 0xd4 && Remaining >= 2 && _data[_position + 1] == 0)
        {
            Take(3, _position);
            return true;
        }
        return false;
    }

    /// <summary>Reads true or false.</summary>
    public bool ReadBoolean()
    {
        int start = _position;
        byte prefix = ReadByte();
        if (prefix == 0xc3)
            return true;
        if (prefix == 0xc2)
            return false;
        return Mismatch<bool>("a boolean", start);
    }

    /// <summary>Reads an integer; a float is accepted when it is integral and within ±(2^53 − 1).</summary>
    public long ReadInteger()
    {
        int start = _position;
        byte prefix = ReadByte();
        if (prefix <= 0x7f)
            return prefix;
        if (prefix >= 0xe0)
            return (sbyte)prefix;
        switch (prefix)
        {
            case 0xcc: return ReadByte();
            case 0xcd: return ReadUInt16(start);
            case 0xce: return ReadUInt32(start);
            case 0xcf:
                ulong big = ReadUInt64(start);
                if (big > long.MaxValue)
                    MsgpackThrow.Overflow(start);
                return (long)big;
            case 0xd0: return (sbyte)ReadByte();
            case 0xd1: return (short)ReadUInt16(start);
            case 0xd2: return (int)ReadUInt32(start);
            case 0xd3: return (long)ReadUInt64(start);
            case 0xca: return SafeInteger(BinaryPrimitives.ReadSingleBigEndian(Take(4, start)), start);
            case 0xcb: return SafeInteger(BinaryPrimitives.ReadDoubleBigEndian(Take(8, start)), start);
            default: return Mismatch<long>("an integer", start);
        }
    }

    /// <summary>Reads a float, or an integer converted to double, as JavaScript sees any number.</summary>
    public double ReadDouble()
    {
        int start = _position;
        byte prefix = _position < _data.Length ? _data[_position] : (byte)0;
        if (prefix == 0xca)
        {
            _position++;
            return BinaryPrimitives.ReadSingleBigEndian(Take(4, start));
        }
        if (prefix == 0xcb)
        {
            _position++;
            return BinaryPrimitives.ReadDoubleBigEndian(Take(8, start));
        }
        if (prefix == 0xcf)
        {
            _position++;
            return ReadUInt64(start);
        }
        return ReadInteger();
    }

    /// <summary>Reads a string; its bytes must be valid UTF-8.</summary>
    public string ReadString() => Encoding.UTF8.GetString(ReadStringUtf8());

    /// <summary>Reads a string as a slice of the input, checked to be valid UTF-8.</summary>
    public ReadOnlySpan<byte> ReadStringUtf8()
    {
        int start = _position;
        byte prefix = ReadByte();
        int length = prefix switch
        {
            >= 0xa0 and <= 0xbf => prefix & 0x1f,
            0xd9 => ReadByte(),
            0xda => ReadUInt16(start),
            0xdb => ReadLength32(start),
            _ => Mismatch<int>("a string", start),
        };
        var text = Take(length, start);
        if (!Utf8.IsValid(text))
            MsgpackThrow.InvalidUtf8(start);
        return text;
    }

    /// <summary>Reads bin 8/16/32, or ext 8/16/32 with type 0 (how notepack.io 2 wrote an ArrayBuffer), as a slice of the input.</summary>
    public ReadOnlySpan<byte> ReadBinary()
    {
        int start = _position;
        byte prefix = ReadByte();
        switch (prefix)
        {
            case 0xc4: return Take(ReadByte(), start);
            case 0xc5: return Take(ReadUInt16(start), start);
            case 0xc6: return Take(ReadLength32(start), start);
            case 0xc7 or 0xc8 or 0xc9:
                var (type, length) = ReadExtensionHeader(prefix, start);
                if (type != 0)
                    return Mismatch<byte[]>("binary", start);
                return Take(length, start);
            default:
                return Mismatch<byte[]>("binary", start);
        }
    }

    /// <summary>Reads an array header and returns its element count, which is never more than the bytes left.</summary>
    public int ReadArrayHeader()
    {
        int start = _position;
        byte prefix = ReadByte();
        int count = prefix switch
        {
            >= 0x90 and <= 0x9f => prefix & 0x0f,
            0xdc => ReadUInt16(start),
            0xdd => ReadCount32(start),
            _ => Mismatch<int>("an array", start),
        };
        CheckItems(count, start);
        return count;
    }

    /// <summary>Reads a map header and returns its pair count, which is never more than half the bytes left.</summary>
    public int ReadMapHeader()
    {
        int start = _position;
        byte prefix = ReadByte();
        int count = prefix switch
        {
            >= 0x80 and <= 0x8f => prefix & 0x0f,
            0xde => ReadUInt16(start),
            0xdf => ReadCount32(start),
            _ => Mismatch<int>("a map", start),
        };
        CheckItems(2L * count, start);
        return count;
    }

    /// <summary>Skips the next value, however nested, within the depth limit.</summary>
    public void Skip() => Skip(0);

    private void Skip(int depth)
    {
        int start = _position;
        byte prefix = ReadByte();
        if (prefix <= 0x7f || prefix >= 0xe0)
            return;
        long items;
        switch (prefix)
        {
            case <= 0x8f: items = 2L * (prefix & 0x0f); break;
            case <= 0x9f: items = prefix & 0x0f; break;
            case <= 0xbf: Take(prefix & 0x1f, start); return;
            case 0xc0 or 0xc2 or 0xc3: return;
            case 0xc1: MsgpackThrow.Reserved(start); return;
            case 0xc4: Take(ReadByte(), start); return;
            case 0xc5: Take(ReadUInt16(start), start); return;
            case 0xc6: Take(ReadLength32(start), start); return;
            case <= 0xc9: Take(ReadExtensionHeader(prefix, start).Length, start); return;
            case 0xca: Take(4, start); return;
            case 0xcb: Take(8, start); return;
            case 0xcc or 0xd0: Take(1, start); return;
            case 0xcd or 0xd1: Take(2, start); return;
            case 0xce or 0xd2: Take(4, start); return;
            case 0xcf or 0xd3: Take(8, start); return;
            case <= 0xd8: Take(ReadExtensionHeader(prefix, start).Length, start); return;
            case 0xd9: Take(ReadByte(), start); return;
            case 0xda: Take(ReadUInt16(start), start); return;
            case 0xdb: Take(ReadLength32(start), start); return;
            case 0xdc: items = ReadUInt16(start); break;
            case 0xdd: items = ReadUInt32(start); break;
            case 0xde: items = 2L * ReadUInt16(start); break;
            default: items = 2L * ReadUInt32(start); break;
        }
        if (depth >= _maxDepth)
            MsgpackThrow.TooDeep(_maxDepth, start);
        CheckItems(items, start);
        for (long i = 0; i < items; i++)
            Skip(depth + 1);
    }

    private readonly MsgpackType PeekExtensionType(byte prefix)
    {
        // The type byte follows the length field: none for fixext, 1, 2 or 4 bytes for ext 8/16/32.
        int typeAt = _position + prefix switch { 0xc7 => 2, 0xc8 => 3, 0xc9 => 5, _ => 1 };
        if (typeAt >= _data.Length)
            MsgpackThrow.Truncated(_position);
        return ClassifyExtension(prefix, (sbyte)_data[typeAt]);
    }

    private static MsgpackType ClassifyExtension(byte prefix, sbyte type) => type switch
    {
        -1 => MsgpackType.Timestamp,
        0 => prefix switch
        {
            0xd4 => MsgpackType.Undefined,
            0xd7 => MsgpackType.Timestamp,
            0xc7 or 0xc8 or 0xc9 => MsgpackType.Binary,
            _ => MsgpackType.Extension,
        },
        _ => MsgpackType.Extension,
    };

    // Reads the length and type of an extension whose prefix was just consumed; the data is checked to be present.
    private (sbyte Type, int Length) ReadExtensionHeader(byte prefix, int start)
    {
        int length = prefix switch
        {
            0xd4 => 1,
            0xd5 => 2,
            0xd6 => 4,
            0xd7 => 8,
            0xd8 => 16,
            0xc7 => ReadByte(),
            0xc8 => ReadUInt16(start),
            _ => ReadLength32(start),
        };
        sbyte type = (sbyte)ReadByte();
        if (length > Remaining)
            MsgpackThrow.LengthBeyondInput(length, Remaining, start);
        return (type, length);
    }

    private byte ReadByte()
    {
        if ((uint)_position >= (uint)_data.Length)
            MsgpackThrow.Truncated(_position);
        return _data[_position++];
    }

    private ushort ReadUInt16(int start) => BinaryPrimitives.ReadUInt16BigEndian(Take(2, start));

    private uint ReadUInt32(int start) => BinaryPrimitives.ReadUInt32BigEndian(Take(4, start));

    private ulong ReadUInt64(int start) => BinaryPrimitives.ReadUInt64BigEndian(Take(8, start));

    // A 32-bit byte length: at most what is left, so never more than int.MaxValue.
    private int ReadLength32(int start)
    {
        uint length = ReadUInt32(start);
        if (length > (uint)Remaining)
            MsgpackThrow.LengthBeyondInput(length, Remaining, start);
        return (int)length;
    }

    // A 32-bit item count: each item takes at least one byte, so more than what is left is malformed.
    private int ReadCount32(int start)
    {
        uint count = ReadUInt32(start);
        if (count > (uint)Remaining)
            MsgpackThrow.LengthBeyondInput(count, Remaining, start);
        return (int)count;
    }

    private readonly void CheckItems(long items, int start)
    {
        if (items > Remaining)
            MsgpackThrow.LengthBeyondInput(items, Remaining, start);
    }

    private ReadOnlySpan<byte> Take(int count, int start)
    {
        if (count > Remaining)
            MsgpackThrow.LengthBeyondInput(count, Remaining, start);
        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }

    private static long SafeInteger(double value, int start)
    {
        if (!(Math.Abs(value) <= MaxSafeInteger) || Math.Floor(value) != value)
            MsgpackThrow.NotSafeInteger(start);
        return (long)value;
    }

    private T Mismatch<T>(string expected, int start)
    {
        _position = start;
        if (_data[start] == 0xc1)
            MsgpackThrow.Reserved(start);
        MsgpackThrow.Unexpected(expected, _data[start], start);
        return default!;
    }

    private readonly MsgpackType Reserved()
    {
        MsgpackThrow.Reserved(_position);
        return default;
    }
}
