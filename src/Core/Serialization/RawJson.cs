using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using SocketIO.Protocol;

namespace SocketIO.Serialization;

/// <summary>
/// Writes received JSON back byte for byte, so what a client sent is what it gets back, escapes included
/// (a lone surrogate such as <c>\ud800</c> stays as it was). Only binary placeholders are rewritten, to
/// number the attachments of the payload being written.
/// </summary>
internal static class RawJson
{
    public static void Write(Utf8JsonWriter writer, JsonElement element, IReadOnlyList<ReadOnlyMemory<byte>> attachments) =>
        Write(writer, element, attachments, BinaryScope.WriteBinary);

    /// <summary>As <see cref="Write(Utf8JsonWriter, JsonElement, IReadOnlyList{ReadOnlyMemory{byte}})"/>, with each placeholder written by <paramref name="writeBinary"/>.</summary>
    public static void Write(Utf8JsonWriter writer, JsonElement element, IReadOnlyList<ReadOnlyMemory<byte>> attachments, Action<Utf8JsonWriter, ReadOnlyMemory<byte>> writeBinary)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        if (attachments.Count == 0 || !HasPlaceholder(element, attachments.Count))
        {
            writer.WriteRawValue(raw, skipInputValidation: true);
            return;
        }
        using var output = new PooledBufferWriter();
        var copied = 0;
        Splice(element, raw, ref copied, output, attachments, writeBinary);
        output.Write(raw[copied..]);
        writer.WriteRawValue(output.WrittenSpan, skipInputValidation: true);
    }

    private static bool HasPlaceholder(JsonElement element, int count)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object when Placeholder.TryGetIndex(element, out var index) && index >= 0 && index < count:
                return true;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    if (HasPlaceholder(property.Value, count))
                        return true;
                return false;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    if (HasPlaceholder(item, count))
                        return true;
                return false;
            default:
                return false;
        }
    }

    /// <summary>Copies <paramref name="root"/> up to each placeholder, then the placeholder renumbered for the payload being written.</summary>
    private static void Splice(JsonElement element, ReadOnlySpan<byte> root, ref int copied, PooledBufferWriter output, IReadOnlyList<ReadOnlyMemory<byte>> attachments, Action<Utf8JsonWriter, ReadOnlyMemory<byte>> writeBinary)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object when Placeholder.TryGetIndex(element, out var index) && index >= 0 && index < attachments.Count:
                var raw = JsonMarshal.GetRawUtf8Value(element);
                root.Overlaps(raw, out var offset);
                output.Write(root[copied..offset]);
                using (var placeholder = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true }))
                    writeBinary(placeholder, attachments[index]);
                copied = offset + raw.Length;
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    Splice(property.Value, root, ref copied, output, attachments, writeBinary);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    Splice(item, root, ref copied, output, attachments, writeBinary);
                break;
        }
    }
}
