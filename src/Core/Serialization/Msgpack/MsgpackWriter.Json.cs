using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;
using SocketIO.Protocol;

namespace SocketIO.Serialization.Msgpack;

public readonly partial struct MsgpackWriter
{
    // Guards the recursion; JsonDocument's own default is 64.
    private const int MaxJsonDepth = 256;

    /// <summary>
    /// Writes a JSON value as notepack.io would encode the JavaScript value <c>JSON.parse</c> gives, except that
    /// every placeholder <c>{"_placeholder":true,"num":n}</c> becomes bin with the bytes of <paramref name="attachments"/>[n].
    /// </summary>
    /// <exception cref="ArgumentException">A placeholder's num is not an index of <paramref name="attachments"/>, or the value nests deeper than 256 levels.</exception>
    public void WriteJson(JsonElement value, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        WriteJsonValue(value, attachments, 0);
    }

    private void WriteJsonValue(JsonElement value, IReadOnlyList<ReadOnlyMemory<byte>> attachments, int depth)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                WriteJsonObject(value, attachments, depth);
                break;
            case JsonValueKind.Array:
                CheckJsonDepth(depth);
                WriteArrayHeader(value.GetArrayLength());
                foreach (var item in value.EnumerateArray())
                    WriteJsonValue(item, attachments, depth + 1);
                break;
            case JsonValueKind.String:
                var quoted = JsonMarshal.GetRawUtf8Value(value);
                WriteJsonString(quoted[1..^1]);
                break;
            case JsonValueKind.Number:
                // JSON.parse yields a double: exact integers take the short path, the rest go through the double.
                if (value.TryGetInt64(out long integer) && integer >= -MaxSafeInteger && integer <= MaxSafeInteger)
                    WriteInteger(integer);
                else
                    WriteNumber(value.GetDouble());
                break;
            case JsonValueKind.True:
                WriteBoolean(true);
                break;
            case JsonValueKind.False:
                WriteBoolean(false);
                break;
            default:
                // Null, and a default JsonElement (no value), which notepack.io 3 would write as nil too.
                WriteNil();
                break;
        }
    }

    private void WriteJsonObject(JsonElement value, IReadOnlyList<ReadOnlyMemory<byte>> attachments, int depth)
    {
        // One pass over the raw names decides whether the slower checks are needed at all.
        bool maybePlaceholder = false, indexKeys = false;
        foreach (var property in value.EnumerateObject())
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(property);
            maybePlaceholder |= name.SequenceEqual("_placeholder"u8) || name.IndexOf((byte)'\\') >= 0;
            indexKeys |= JsonStringText.IsArrayIndex(name, out _);
        }
        if (maybePlaceholder && Placeholder.TryGetIndex(value, out int index))
        {
            // socket.io-parser's reconstruction rejects a num that is not an attachment index ("illegal attachments").
            if ((uint)index >= (uint)attachments.Count)
                throw new ArgumentException(
                    $"A placeholder refers to attachment {index}, but there are {attachments.Count} attachments.", nameof(attachments));
            WriteBinary(attachments[index].Span);
            return;
        }
        CheckJsonDepth(depth);
        WriteMapHeader(value.GetPropertyCount());
        if (indexKeys)
        {
            WriteJsonObjectInJsOrder(value, attachments, depth);
            return;
        }
        foreach (var property in value.EnumerateObject())
        {
            WriteJsonString(JsonMarshal.GetRawUtf8PropertyName(property));
            WriteJsonValue(property.Value, attachments, depth + 1);
        }
    }

    // A JavaScript object lists integer-like keys first, ascending, then the others in insertion order;
    // Object.keys, and so notepack.io, follows that order.
    private void WriteJsonObjectInJsOrder(JsonElement value, IReadOnlyList<ReadOnlyMemory<byte>> attachments, int depth)
    {
        int count = value.GetPropertyCount();
        var order = ArrayPool<ulong>.Shared.Rent(count);
        var indexed = ArrayPool<JsonProperty>.Shared.Rent(count);
        try
        {
            int found = 0, ordinal = 0;
            foreach (var property in value.EnumerateObject())
            {
                if (JsonStringText.IsArrayIndex(JsonMarshal.GetRawUtf8PropertyName(property), out uint index))
                {
                    // The ordinal in the low half keeps duplicates of one index in document order.
                    order[found] = ((ulong)index << 32) | (uint)ordinal;
                    indexed[found++] = property;
                }
                ordinal++;
            }
            Array.Sort(order, indexed, 0, found);
            for (int i = 0; i < found; i++)
            {
                WriteJsonString(JsonMarshal.GetRawUtf8PropertyName(indexed[i]));
                WriteJsonValue(indexed[i].Value, attachments, depth + 1);
            }
            foreach (var property in value.EnumerateObject())
            {
                var name = JsonMarshal.GetRawUtf8PropertyName(property);
                if (JsonStringText.IsArrayIndex(name, out _))
                    continue;
                WriteJsonString(name);
                WriteJsonValue(property.Value, attachments, depth + 1);
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(order);
            ArrayPool<JsonProperty>.Shared.Return(indexed, clearArray: true);
        }
    }

    // The content of a JSON string token, still escaped. JsonDocument checks escapes but not UTF-8.
    private void WriteJsonString(ReadOnlySpan<byte> escaped)
    {
        if (escaped.IndexOf((byte)'\\') < 0 && Utf8.IsValid(escaped))
        {
            WriteString(escaped);
            return;
        }
        // Unescaping never lengthens the text; replacing an invalid byte with U+FFFD at most triples it.
        byte[] rented = ArrayPool<byte>.Shared.Rent(escaped.Length * 3);
        try
        {
            int length = JsonStringText.Unescape(escaped, rented);
            WriteString(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void CheckJsonDepth(int depth)
    {
        if (depth >= MaxJsonDepth)
            throw new ArgumentException($"The JSON value nests deeper than {MaxJsonDepth} levels.", "value");
    }
}
