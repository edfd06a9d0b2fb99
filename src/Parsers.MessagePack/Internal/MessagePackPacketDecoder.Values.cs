using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Unicode;
using MessagePack;
using SocketIO.Protocol;

namespace SocketIO.Parsers.MessagePack.Internal;

// msgpack value → JSON, as the JS server would see it after notepack's decode and JSON.stringify:
// bin and ext type 0 become attachments behind placeholders, a Date its ISO string, undefined is
// dropped from maps and null in arrays. Recursion is bounded by ParserOptions.MaxDepth.
internal sealed partial class MessagePackPacketDecoder
{
    /// <summary>Translates one value; <paramref name="depth"/> is the depth it has as a container (data's root is 1).</summary>
    private JsonValueKind WriteValue(ref MessagePackReader reader, int depth)
    {
        var code = reader.NextCode;
        switch (MessagePackCode.ToMessagePackType(code))
        {
            case MessagePackType.Integer:
                if (code == MessagePackCode.UInt64)
                    _json.WriteNumberValue(reader.ReadUInt64());
                else
                    _json.WriteNumberValue(reader.ReadInt64());
                return JsonValueKind.Number;
            case MessagePackType.Float:
                var d = reader.ReadDouble();
                if (double.IsFinite(d))
                {
                    _json.WriteNumberValue(d);
                    return JsonValueKind.Number;
                }
                // JSON.stringify writes NaN and ±Infinity as null.
                _json.WriteNullValue();
                return JsonValueKind.Null;
            case MessagePackType.Nil:
                reader.ReadNil();
                _json.WriteNullValue();
                return JsonValueKind.Null;
            case MessagePackType.Boolean:
                var b = reader.ReadBoolean();
                _json.WriteBooleanValue(b);
                return b ? JsonValueKind.True : JsonValueKind.False;
            case MessagePackType.String:
                WriteUtf8(ReadStringSpan(ref reader), propertyName: false);
                return JsonValueKind.String;
            case MessagePackType.Binary:
                WriteBinary(reader.ReadBytes()!.Value, depth);
                return JsonValueKind.Object;
            case MessagePackType.Array:
                WriteArray(ref reader, depth);
                return JsonValueKind.Array;
            case MessagePackType.Map:
                WriteMap(ref reader, depth);
                return JsonValueKind.Object;
            case MessagePackType.Extension:
                return WriteExtension(ref reader, depth);
            default:
                throw new ProtocolException($"invalid msgpack code 0x{code:x2}");
        }
    }

    private void WriteArray(ref MessagePackReader reader, int depth)
    {
        CheckDepth(depth);
        var count = ReadCount(ref reader, map: false);
        _json.WriteStartArray();
        // undefined elements come out as null, like JSON.stringify.
        for (var i = 0; i < count; i++)
            WriteValue(ref reader, depth + 1);
        _json.WriteEndArray();
    }

    private void WriteMap(ref MessagePackReader reader, int depth)
    {
        CheckDepth(depth);
        var count = ReadCount(ref reader, map: true);
        _json.WriteStartObject();
        for (var i = 0; i < count; i++)
        {
            var key = ReadKey(ref reader);
            // JSON.stringify drops members whose value is undefined.
            if (IsUndefined(ref reader))
            {
                SkipUndefined(ref reader);
                continue;
            }
            WriteUtf8(key, propertyName: true);
            WriteValue(ref reader, depth + 1);
        }
        _json.WriteEndObject();
    }

    // JS object keys are strings; notepack's decoder coerces the scalar keys it meets.
    private ReadOnlySpan<byte> ReadKey(ref MessagePackReader reader)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.String:
                return ReadStringSpan(ref reader);
            case MessagePackType.Integer:
                var number = _keyScratch.AsSpan();
                var ok = reader.NextCode == MessagePackCode.UInt64
                    ? Utf8Formatter.TryFormat(reader.ReadUInt64(), number, out var written)
                    : Utf8Formatter.TryFormat(reader.ReadInt64(), number, out written);
                return ok ? number[..written] : throw new ProtocolException("invalid map key");
            case MessagePackType.Nil:
                reader.ReadNil();
                return "null"u8;
            case MessagePackType.Boolean:
                return reader.ReadBoolean() ? "true"u8 : "false"u8;
            default:
                throw new ProtocolException("unsupported msgpack map key");
        }
    }

    private JsonValueKind WriteExtension(ref MessagePackReader reader, int depth)
    {
        var code = reader.NextCode;
        var header = reader.ReadExtensionFormatHeader();
        var body = ReadBody(ref reader, header.Length);
        if (header.TypeCode == 0)
        {
            switch (code)
            {
                case MessagePackCode.FixExt1:
                    // notepack's undefined; JSON.stringify makes it null in an array.
                    _json.WriteNullValue();
                    return JsonValueKind.Null;
                case MessagePackCode.FixExt8:
                    return WriteDate(body);
                case MessagePackCode.Ext8 or MessagePackCode.Ext16 or MessagePackCode.Ext32:
                    // An ArrayBuffer or typed array from the Node client.
                    WriteBinary(body, depth);
                    return JsonValueKind.Object;
            }
        }
        // notepack decodes any other extension as [type, Buffer].
        CheckDepth(depth);
        _json.WriteStartArray();
        _json.WriteNumberValue(header.TypeCode);
        WriteBinary(body, depth + 1);
        _json.WriteEndArray();
        return JsonValueKind.Array;
    }

    private JsonValueKind WriteDate(ReadOnlySequence<byte> body)
    {
        Span<byte> raw = stackalloc byte[8];
        body.CopyTo(raw);
        // notepack: milliseconds since the epoch as int32 high word + uint32 low word.
        var ms = (long)BinaryPrimitives.ReadInt32BigEndian(raw) * 0x1_0000_0000L + BinaryPrimitives.ReadUInt32BigEndian(raw[4..]);
        Span<byte> iso = stackalloc byte[JsDate.MaxLength];
        if (!JsDate.TryFormatIso(ms, iso, out var written))
        {
            _json.WriteNullValue();
            return JsonValueKind.Null;
        }
        _json.WriteStringValue(iso[..written]);
        return JsonValueKind.String;
    }

    private void WriteBinary(ReadOnlySequence<byte> bytes, int depth)
    {
        // The placeholder is an object at this depth, as it would be with the default parser.
        CheckDepth(depth);
        var attachments = _attachments ??= new List<ReadOnlyMemory<byte>>(1);
        if (attachments.Count >= _options.MaxAttachments)
            throw new ProtocolException("too many attachments");
        Placeholder.Write(_json, attachments.Count);
        // The packet's memory is kept as is, like the default parser keeps its binary messages.
        attachments.Add(bytes.IsSingleSegment ? bytes.First : bytes.ToArray());
    }

    private void WriteUtf8(ReadOnlySpan<byte> utf8, bool propertyName)
    {
        if (Utf8.IsValid(utf8))
        {
            if (propertyName)
                _json.WritePropertyName(utf8);
            else
                _json.WriteStringValue(utf8);
            return;
        }
        // Node decodes malformed UTF-8 with replacement characters; so does Encoding.UTF8.
        var text = System.Text.Encoding.UTF8.GetString(utf8);
        if (propertyName)
            _json.WritePropertyName(text);
        else
            _json.WriteStringValue(text);
    }

    private void CheckDepth(int depth)
    {
        if (depth > _options.MaxDepth)
            throw new ProtocolException("payload nested too deeply");
        // A safety net when MaxDepth is set very high.
        RuntimeHelpers.EnsureSufficientExecutionStack();
    }

    /// <summary>Reads an array or map header whose count the rest of the packet can actually hold.</summary>
    private static int ReadCount(ref MessagePackReader reader, bool map)
    {
        var count = map ? reader.ReadMapHeader() : reader.ReadArrayHeader();
        // Every element takes at least one byte, so a larger count is a lie; rejecting it here keeps
        // a forged 4-billion-element header from costing anything.
        var remaining = reader.Sequence.Length - reader.Consumed;
        if (count < 0 || (map ? 2L * count : count) > remaining)
            throw new ProtocolException("truncated msgpack packet");
        return count;
    }

    private static ReadOnlySequence<byte> ReadBody(ref MessagePackReader reader, long length)
    {
        if (length > reader.Sequence.Length - reader.Consumed)
            throw new ProtocolException("truncated msgpack packet");
        return reader.ReadRaw(length);
    }

    private static ReadOnlySpan<byte> ReadStringSpan(ref MessagePackReader reader)
    {
        if (reader.TryReadStringSpan(out var span))
            return span;
        return reader.ReadStringSequence() is { } sequence ? sequence.ToArray() : [];
    }

    /// <summary>True when the next value is notepack's <c>undefined</c>: fixext 1 of type 0.</summary>
    private static bool IsUndefined(ref MessagePackReader reader)
    {
        if (reader.NextCode != MessagePackCode.FixExt1)
            return false;
        var peek = reader;
        return peek.ReadExtensionFormatHeader().TypeCode == 0;
    }

    private static void SkipUndefined(ref MessagePackReader reader)
    {
        reader.ReadExtensionFormatHeader();
        ReadBody(ref reader, 1);
    }

    /// <summary>Skips one value of any shape without recursion.</summary>
    private static void Skip(ref MessagePackReader reader)
    {
        long pending = 1;
        while (pending-- > 0)
        {
            switch (reader.NextMessagePackType)
            {
                case MessagePackType.Array:
                    pending += ReadCount(ref reader, map: false);
                    break;
                case MessagePackType.Map:
                    pending += 2L * ReadCount(ref reader, map: true);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }
}
