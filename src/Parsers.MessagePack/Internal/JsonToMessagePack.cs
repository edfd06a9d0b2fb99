using System.Buffers;
using System.Text.Json;
using MessagePack;
using SocketIO.Protocol;

namespace SocketIO.Parsers.MessagePack.Internal;

/// <summary>
/// Translates a <see cref="PacketData"/> (JSON with binary placeholders) into msgpack, streaming
/// the JSON with <see cref="Utf8JsonReader"/>. msgpack puts element counts before the elements, so
/// a first pass counts every container and measures the exact output size; the second pass writes.
/// Placeholders whose index has an attachment become inline msgpack bin.
/// </summary>
internal static class JsonToMessagePack
{
    // Runtime-produced JSON; the limit only guards the reader, inbound depth is checked by decoders.
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 4096 };

    /// <summary>Counts containers and returns the exact msgpack size of <paramref name="data"/>.</summary>
    public static long Measure(PacketData data, ref IntList counts)
    {
        var reader = new Utf8JsonReader(data.Utf8Json.Span, ReaderOptions);
        var attachments = data.Attachments;
        // Open containers: index into counts, negative (~index) for objects.
        var open = new IntList(stackalloc int[32]);
        long size = 0;
        try
        {
            while (reader.Read())
            {
                var token = reader.TokenType;
                if (token is JsonTokenType.EndArray or JsonTokenType.EndObject)
                {
                    var index = open.Pop();
                    var isMap = index < 0;
                    size += ContainerHeaderSize(counts[isMap ? ~index : index]);
                    continue;
                }
                if (token == JsonTokenType.PropertyName)
                {
                    counts[~open.Peek()]++;
                    size += StringSize(ref reader);
                    continue;
                }
                // A value: it counts as an element of an enclosing array.
                if (open.Count > 0 && open.Peek() >= 0)
                    counts[open.Peek()]++;
                switch (token)
                {
                    case JsonTokenType.StartArray:
                        open.Push(counts.Count);
                        counts.Push(0);
                        break;
                    case JsonTokenType.StartObject:
                        if (TryReadPlaceholder(ref reader, attachments.Count, out var n))
                        {
                            size += BinarySize(attachments[n].Length);
                            break;
                        }
                        open.Push(~counts.Count);
                        counts.Push(0);
                        break;
                    case JsonTokenType.String:
                        size += StringSize(ref reader);
                        break;
                    case JsonTokenType.Number:
                        size += NumberSize(ref reader);
                        break;
                    default: // true, false, null
                        size += 1;
                        break;
                }
            }
        }
        finally
        {
            open.Dispose();
        }
        return size;
    }

    /// <summary>Writes <paramref name="data"/> using the container counts from <see cref="Measure"/>.</summary>
    public static void Write(ref MessagePackWriter writer, PacketData data, scoped ReadOnlySpan<int> counts)
    {
        var reader = new Utf8JsonReader(data.Utf8Json.Span, ReaderOptions);
        var attachments = data.Attachments;
        var next = 0;
        byte[]? scratch = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartArray:
                        writer.WriteArrayHeader(counts[next++]);
                        break;
                    case JsonTokenType.StartObject:
                        if (TryReadPlaceholder(ref reader, attachments.Count, out var n))
                            writer.Write(attachments[n].Span);
                        else
                            writer.WriteMapHeader(counts[next++]);
                        break;
                    case JsonTokenType.PropertyName:
                    case JsonTokenType.String:
                        WriteString(ref writer, ref reader, ref scratch);
                        break;
                    case JsonTokenType.Number:
                        WriteNumber(ref writer, ref reader);
                        break;
                    case JsonTokenType.True:
                        writer.Write(true);
                        break;
                    case JsonTokenType.False:
                        writer.Write(false);
                        break;
                    case JsonTokenType.Null:
                        writer.WriteNil();
                        break;
                }
            }
        }
        finally
        {
            if (scratch is not null)
                ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>True when the property name at the reader is <paramref name="name"/>; a name with a lone surrogate escape is none of ours.</summary>
    private static bool NameIs(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        try
        {
            return reader.ValueTextEquals(name);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// True when the object starting at the reader is <c>{"_placeholder":true,"num":n}</c> with an
    /// attachment for n; the reader is then left on its end. Anything else leaves the reader alone.
    /// </summary>
    internal static bool TryReadPlaceholder(ref Utf8JsonReader reader, int attachmentCount, out int index)
    {
        index = -1;
        if (attachmentCount == 0)
            return false;
        var probe = reader;
        bool flag = false, num = false;
        for (var i = 0; i < 2; i++)
        {
            if (!probe.Read() || probe.TokenType != JsonTokenType.PropertyName)
                return false;
            if (NameIs(ref probe, "_placeholder"u8) && !flag)
            {
                if (!probe.Read() || probe.TokenType != JsonTokenType.True)
                    return false;
                flag = true;
            }
            else if (NameIs(ref probe, "num"u8) && !num)
            {
                if (!probe.Read() || probe.TokenType != JsonTokenType.Number || !probe.TryGetInt32(out index))
                    return false;
                num = true;
            }
            else
            {
                return false;
            }
        }
        if (!probe.Read() || probe.TokenType != JsonTokenType.EndObject || index < 0 || index >= attachmentCount)
            return false;
        reader = probe;
        return true;
    }

    private static void WriteString(ref MessagePackWriter writer, ref Utf8JsonReader reader, ref byte[]? scratch)
    {
        if (!reader.ValueIsEscaped)
        {
            writer.WriteString(reader.ValueSpan);
            return;
        }
        var length = Unescape(ref reader, ref scratch);
        writer.WriteString(scratch.AsSpan(0, length));
    }

    private static int Unescape(ref Utf8JsonReader reader, ref byte[]? scratch)
    {
        // Unescaped text is never longer than its escaped form.
        var needed = reader.ValueSpan.Length;
        if (scratch is null || scratch.Length < needed)
        {
            if (scratch is not null)
                ArrayPool<byte>.Shared.Return(scratch);
            scratch = ArrayPool<byte>.Shared.Rent(Math.Max(needed, 256));
        }
        try
        {
            return reader.CopyString(scratch);
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escape, which JavaScript strings may hold: U+FFFD in UTF-8.
            var escaped = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
            return LoneSurrogateText.Unescape(escaped, scratch);
        }
    }

    private static long StringSize(ref Utf8JsonReader reader)
    {
        int length;
        if (!reader.ValueIsEscaped)
        {
            length = reader.ValueSpan.Length;
        }
        else
        {
            byte[]? scratch = null;
            try
            {
                length = Unescape(ref reader, ref scratch);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(scratch!);
            }
        }
        return StringSize(length);
    }

    // JSON numbers follow JS: a number with an integral value is a msgpack int (notepack writes
    // integers that way), anything else a float64.
    private static void WriteNumber(ref MessagePackWriter writer, ref Utf8JsonReader reader)
    {
        if (reader.TryGetInt64(out var l))
            writer.Write(l);
        else if (reader.TryGetUInt64(out var u))
            writer.Write(u);
        else if (JsNumber.TryGetInteger(reader.GetDouble(), out l))
            writer.Write(l);
        else
            writer.Write(reader.GetDouble());
    }

    private static long NumberSize(ref Utf8JsonReader reader)
    {
        if (reader.TryGetInt64(out var l))
            return IntegerSize(l);
        if (reader.TryGetUInt64(out _))
            return 9;
        return JsNumber.TryGetInteger(reader.GetDouble(), out l) ? IntegerSize(l) : 9;
    }

    /// <summary>Size of <see cref="MessagePackWriter.Write(long)"/>: the smallest int or uint format.</summary>
    internal static int IntegerSize(long value) => value switch
    {
        >= 0 and <= 0x7f => 1,
        >= -32 and < 0 => 1,
        >= 0 and <= 0xff or >= sbyte.MinValue and < 0 => 2,
        >= 0 and <= 0xffff or >= short.MinValue and < 0 => 3,
        >= 0 and <= 0xffffffff or >= int.MinValue and < 0 => 5,
        _ => 9,
    };

    internal static int ContainerHeaderSize(int count) => count < 16 ? 1 : count < 0x10000 ? 3 : 5;

    internal static long BinarySize(int length) => length + (length < 0x100 ? 2 : length < 0x10000 ? 3 : 5);

    internal static int StringSize(int length) => length + (length < 32 ? 1 : length < 0x100 ? 2 : length < 0x10000 ? 3 : 5);
}
