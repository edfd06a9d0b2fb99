using System.Text.Json;
using System.Text.Json.Serialization;
using SocketIO.Protocol;

namespace SocketIO.Serialization;

/// <summary>
/// Thread-local attachment lists used while one payload is serialized or deserialized. Serialization
/// is synchronous, so the converters below find the current payload's attachments here.
/// </summary>
internal static class BinaryScope
{
    [ThreadStatic] internal static List<ReadOnlyMemory<byte>>? Writing;
    [ThreadStatic] internal static IReadOnlyList<ReadOnlyMemory<byte>>? Reading;

    internal static void WriteBinary(Utf8JsonWriter writer, ReadOnlyMemory<byte> bytes)
    {
        var target = Writing;
        if (target is null)
        {
            writer.WriteBase64StringValue(bytes.Span);
            return;
        }
        Placeholder.Write(writer, target.Count);
        target.Add(bytes);
    }

    internal static ReadOnlyMemory<byte> ReadBinary(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
            return reader.GetBytesFromBase64();
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("expected binary data");
        if (!Placeholder.TryRead(ref reader, out var index))
            throw new JsonException("expected a binary placeholder");
        var source = Reading;
        if (source is null || index < 0 || index >= source.Count)
            throw new JsonException("binary placeholder has no attachment");
        return source[index];
    }
}

/// <summary>Writes byte arrays as attachments (placeholders) and reads placeholders back.</summary>
internal sealed class ByteArrayConverter : JsonConverter<byte[]>
{
    public override byte[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : BinaryScope.ReadBinary(ref reader).ToArray();

    public override void Write(Utf8JsonWriter writer, byte[] value, JsonSerializerOptions options) => BinaryScope.WriteBinary(writer, value);
}

/// <summary>Binary as <see cref="ReadOnlyMemory{T}"/>, without copying on read.</summary>
internal sealed class ReadOnlyMemoryConverter : JsonConverter<ReadOnlyMemory<byte>>
{
    public override ReadOnlyMemory<byte> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => BinaryScope.ReadBinary(ref reader);

    public override void Write(Utf8JsonWriter writer, ReadOnlyMemory<byte> value, JsonSerializerOptions options) => BinaryScope.WriteBinary(writer, value);
}

/// <summary>Binary as <see cref="Memory{T}"/>.</summary>
internal sealed class MemoryConverter : JsonConverter<Memory<byte>>
{
    public override Memory<byte> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => BinaryScope.ReadBinary(ref reader).ToArray();

    public override void Write(Utf8JsonWriter writer, Memory<byte> value, JsonSerializerOptions options) => BinaryScope.WriteBinary(writer, value);
}

/// <summary>Binary as <see cref="ArraySegment{T}"/>.</summary>
internal sealed class ArraySegmentConverter : JsonConverter<ArraySegment<byte>>
{
    public override ArraySegment<byte> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => BinaryScope.ReadBinary(ref reader).ToArray();

    public override void Write(Utf8JsonWriter writer, ArraySegment<byte> value, JsonSerializerOptions options) => BinaryScope.WriteBinary(writer, value);
}

/// <summary>Re-emits a received value unchanged, moving its attachments into the payload being written.</summary>
internal sealed class RawValueConverter : JsonConverter<RawValue>
{
    public override RawValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var doc = JsonDocument.ParseValue(ref reader);
        return new RawValue(doc.RootElement.Clone(), BinaryScope.Reading ?? []);
    }

    public override void Write(Utf8JsonWriter writer, RawValue value, JsonSerializerOptions options) => RawJson.Write(writer, value.Element, value.Attachments);
}
