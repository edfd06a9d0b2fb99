using System.Buffers.Binary;
using System.Text.Json;
using SocketIO.Protocol;

namespace SocketIO.Serialization.Msgpack;

public ref partial struct MsgpackReader
{
    // Utf8JsonWriter refuses longer string values and property names.
    private const int MaxJsonStringLength = 1_000_000_000 / 6;

    /// <summary>
    /// Reads the next value and writes it to <paramref name="json"/> as JSON.stringify would write what notepack.io decodes,
    /// except that every bin or ext-type-0 value becomes a placeholder <c>{"_placeholder":true,"num":n}</c> whose bytes are
    /// copied to <paramref name="attachments"/>. Undefined is null in arrays and drops its key in maps; a timestamp becomes
    /// the ISO-8601 string of Date.toJSON; NaN and ±Infinity become null; numeric, boolean and nil map keys become their
    /// JavaScript text. A container or binary map key is refused.
    /// </summary>
    /// <remarks><paramref name="json"/>'s MaxDepth must leave room for the reader's depth limit below its current depth.</remarks>
    public void ReadJson(Utf8JsonWriter json, List<ReadOnlyMemory<byte>> attachments)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(attachments);
        ReadJson(json, attachments, 0);
    }

    private void ReadJson(Utf8JsonWriter json, List<ReadOnlyMemory<byte>> attachments, int depth)
    {
        int start = _position;
        byte prefix = ReadByte();
        if (prefix <= 0x7f)
        {
            json.WriteNumberValue(prefix);
            return;
        }
        if (prefix >= 0xe0)
        {
            json.WriteNumberValue((sbyte)prefix);
            return;
        }
        switch (prefix)
        {
            case <= 0x8f: ReadJsonObject(json, attachments, prefix & 0x0f, depth, start); return;
            case <= 0x9f: ReadJsonArray(json, attachments, prefix & 0x0f, depth, start); return;
            case <= 0xbf: WriteJsonString(json, prefix & 0x1f, start); return;
            case 0xc0: json.WriteNullValue(); return;
            case 0xc1: MsgpackThrow.Reserved(start); return;
            case 0xc2: json.WriteBooleanValue(false); return;
            case 0xc3: json.WriteBooleanValue(true); return;
            case 0xc4: WriteAttachment(json, attachments, Take(ReadByte(), start)); return;
            case 0xc5: WriteAttachment(json, attachments, Take(ReadUInt16(start), start)); return;
            case 0xc6: WriteAttachment(json, attachments, Take(ReadLength32(start), start)); return;
            case <= 0xc9: ReadJsonExtension(json, attachments, prefix, start); return;
            case 0xca: WriteJsonNumber(json, BinaryPrimitives.ReadSingleBigEndian(Take(4, start))); return;
            case 0xcb: WriteJsonNumber(json, BinaryPrimitives.ReadDoubleBigEndian(Take(8, start))); return;
            case 0xcc: json.WriteNumberValue(ReadByte()); return;
            case 0xcd: json.WriteNumberValue(ReadUInt16(start)); return;
            case 0xce: json.WriteNumberValue(ReadUInt32(start)); return;
            case 0xcf: json.WriteNumberValue(ReadUInt64(start)); return;
            case 0xd0: json.WriteNumberValue((sbyte)ReadByte()); return;
            case 0xd1: json.WriteNumberValue((short)ReadUInt16(start)); return;
            case 0xd2: json.WriteNumberValue((int)ReadUInt32(start)); return;
            case 0xd3: json.WriteNumberValue((long)ReadUInt64(start)); return;
            case <= 0xd8: ReadJsonExtension(json, attachments, prefix, start); return;
            case 0xd9: WriteJsonString(json, ReadByte(), start); return;
            case 0xda: WriteJsonString(json, ReadUInt16(start), start); return;
            case 0xdb: WriteJsonString(json, ReadLength32(start), start); return;
            case 0xdc: ReadJsonArray(json, attachments, ReadUInt16(start), depth, start); return;
            case 0xdd: ReadJsonArray(json, attachments, ReadCount32(start), depth, start); return;
            case 0xde: ReadJsonObject(json, attachments, ReadUInt16(start), depth, start); return;
            default: ReadJsonObject(json, attachments, ReadCount32(start), depth, start); return;
        }
    }

    private void ReadJsonArray(Utf8JsonWriter json, List<ReadOnlyMemory<byte>> attachments, int count, int depth, int start)
    {
        if (depth >= _maxDepth)
            MsgpackThrow.TooDeep(_maxDepth, start);
        CheckItems(count, start);
        json.WriteStartArray();
        for (int i = 0; i < count; i++)
            ReadJson(json, attachments, depth + 1);
        json.WriteEndArray();
    }

    private void ReadJsonObject(Utf8JsonWriter json, List<ReadOnlyMemory<byte>> attachments, int count, int depth, int start)
    {
        if (depth >= _maxDepth)
            MsgpackThrow.TooDeep(_maxDepth, start);
        CheckItems(2L * count, start);
        Span<byte> keyText = stackalloc byte[JsText.MaxNumberLength];
        json.WriteStartObject();
        for (int i = 0; i < count; i++)
        {
            int keyStart = _position;
            var key = PeekType() == MsgpackType.String ? ReadStringUtf8() : keyText[..ReadScalarKey(keyText)];
            if (key.Length > MaxJsonStringLength)
                MsgpackThrow.TooLongForJson(keyStart);
            // JSON.stringify leaves out a key whose value is undefined.
            if (Remaining >= 3 && _data[_position] == 0xd4 && _data[_position + 1] == 0)
            {
                _position += 3;
                continue;
            }
            json.WritePropertyName(key);
            ReadJson(json, attachments, depth + 1);
        }
        json.WriteEndObject();
    }

    // A JavaScript object turns any key into a string; notepack.io never writes other keys, so only scalars are taken.
    private int ReadScalarKey(scoped Span<byte> text)
    {
        int start = _position;
        switch (PeekType())
        {
            case MsgpackType.Nil:
                _position++;
                return Copy("null"u8, text);
            case MsgpackType.Undefined:
                Take(3, start);
                return Copy("undefined"u8, text);
            case MsgpackType.Boolean:
                return ReadBoolean() ? Copy("true"u8, text) : Copy("false"u8, text);
            case MsgpackType.Float:
                return JsText.FormatNumber(ReadDouble(), text);
            case MsgpackType.Integer:
                if (_data[start] == 0xcf)
                {
                    _position++;
                    return JsText.FormatNumber(ReadUInt64(start), text);
                }
                return JsText.FormatNumber(ReadInteger(), text);
            default:
                MsgpackThrow.BadKey(_data[start], start);
                return 0;
        }
    }

    private void ReadJsonExtension(Utf8JsonWriter json, List<ReadOnlyMemory<byte>> attachments, byte prefix, int start)
    {
        var (type, length) = ReadExtensionHeader(prefix, start);
        var payload = Take(length, start);
        switch (ClassifyExtension(prefix, type))
        {
            case MsgpackType.Undefined:
                json.WriteNullValue();
                break;
            case MsgpackType.Binary:
                WriteAttachment(json, attachments, payload);
                break;
            case MsgpackType.Timestamp:
                WriteJsonDate(json, DecodeTimestamp(type, payload, start));
                break;
            default:
                // notepack.io decodes an unknown extension to [type, Buffer].
                json.WriteStartArray();
                json.WriteNumberValue(type);
                WriteAttachment(json, attachments, payload);
                json.WriteEndArray();
                break;
        }
    }

    private void WriteJsonString(Utf8JsonWriter json, int length, int start)
    {
        var text = Take(length, start);
        if (!System.Text.Unicode.Utf8.IsValid(text))
            MsgpackThrow.InvalidUtf8(start);
        if (length > MaxJsonStringLength)
            MsgpackThrow.TooLongForJson(start);
        json.WriteStringValue(text);
    }

    private static void WriteAttachment(Utf8JsonWriter json, List<ReadOnlyMemory<byte>> attachments, ReadOnlySpan<byte> bytes)
    {
        Placeholder.Write(json, attachments.Count);
        attachments.Add(bytes.ToArray());
    }

    // JSON.stringify writes null for NaN and ±Infinity.
    private static void WriteJsonNumber(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value))
            json.WriteNumberValue(value);
        else
            json.WriteNullValue();
    }

    private static void WriteJsonDate(Utf8JsonWriter json, (long Seconds, uint Nanoseconds) time)
    {
        // What a Date built by notepack.io holds: a double, clipped to ±8.64e15 ms and truncated (TimeClip).
        double milliseconds = time.Seconds * 1e3 + time.Nanoseconds / 1e6;
        if (!(Math.Abs(milliseconds) <= JsText.MaxDateMilliseconds))
        {
            json.WriteNullValue();
            return;
        }
        Span<byte> text = stackalloc byte[JsText.MaxDateLength];
        json.WriteStringValue(text[..JsText.FormatDate((long)Math.Truncate(milliseconds), text)]);
    }

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }
}
