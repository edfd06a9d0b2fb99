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
        Write(writer, JsonMarshal.GetRawUtf8Value(element), attachments, BinaryScope.WriteBinary);

    /// <summary>As <see cref="Write(Utf8JsonWriter, JsonElement, IReadOnlyList{ReadOnlyMemory{byte}})"/>, with each placeholder written by <paramref name="writeBinary"/>.</summary>
    public static void Write(Utf8JsonWriter writer, JsonElement element, IReadOnlyList<ReadOnlyMemory<byte>> attachments, Action<Utf8JsonWriter, ReadOnlyMemory<byte>> writeBinary) =>
        Write(writer, JsonMarshal.GetRawUtf8Value(element), attachments, writeBinary);

    /// <summary>Writes one raw UTF-8 JSON value (as received, so valid) whose placeholders refer to <paramref name="attachments"/>.</summary>
    public static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> raw, IReadOnlyList<ReadOnlyMemory<byte>> attachments) =>
        Write(writer, raw, attachments, BinaryScope.WriteBinary);

    /// <summary>As <see cref="Write(Utf8JsonWriter, ReadOnlySpan{byte}, IReadOnlyList{ReadOnlyMemory{byte}})"/>, with each placeholder written by <paramref name="writeBinary"/>.</summary>
    public static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> raw, IReadOnlyList<ReadOnlyMemory<byte>> attachments, Action<Utf8JsonWriter, ReadOnlyMemory<byte>> writeBinary)
    {
        if (attachments.Count == 0)
        {
            writer.WriteRawValue(raw, skipInputValidation: true);
            return;
        }
        var found = new Placeholders(attachments.Count);
        PlaceholderScanner.Scan(raw, ref found);
        if (found.List is not { Count: > 0 } placeholders)
        {
            writer.WriteRawValue(raw, skipInputValidation: true);
            return;
        }
        // Copies the value up to each placeholder, then the placeholder renumbered for the payload being written.
        using var output = new PooledBufferWriter();
        var copied = 0;
        foreach (var (start, end, index) in placeholders)
        {
            output.Write(raw[copied..start]);
            using (var placeholder = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true }))
                writeBinary(placeholder, attachments[index]);
            copied = end;
        }
        output.Write(raw[copied..]);
        writer.WriteRawValue(output.WrittenSpan, skipInputValidation: true);
    }

    /// <summary>The placeholders that number one of the attachments, in order; such a placeholder is not looked into.</summary>
    private struct Placeholders(int count) : IPlaceholderSink
    {
        public List<(int Start, int End, int Index)>? List { get; private set; }

        public readonly int Mark => List?.Count ?? 0;

        public readonly void Reset(int mark) => List?.RemoveRange(mark, List.Count - mark);

        public readonly bool StopsAt(int index) => index >= 0 && index < count;

        public void OnPlaceholder(int start, int end, int index) => (List ??= []).Add((start, end, index));

        public readonly void OnStray()
        {
        }
    }
}
