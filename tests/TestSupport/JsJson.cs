using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SocketIO.TestSupport;

/// <summary>
/// The JSON of the node drivers: any .NET value as JSON, with binary (<c>byte[]</c>, <c>ReadOnlyMemory&lt;byte&gt;</c>)
/// written <c>{"$bin":"&lt;base64&gt;"}</c>, which the scripts turn into Buffers and back.
/// </summary>
public static class JsJson
{
    /// <summary>The serializer options used for arguments: property names as written, binary as <c>$bin</c>.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        Converters = { new BinaryConverter(), new MemoryConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The JSON node of <paramref name="value"/> (null stays null).</summary>
    public static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        JsonElement element => JsonNode.Parse(element.GetRawText()),
        _ => JsonSerializer.SerializeToNode(value, value.GetType(), Options),
    };

    /// <summary>A JSON array of <paramref name="values"/>.</summary>
    public static JsonArray ToArray(IEnumerable<object?> values) => new([.. values.Select(ToNode)]);

    /// <summary>Whether <paramref name="element"/> is a binary value (<c>{"$bin":…}</c>).</summary>
    public static bool IsBinary(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("$bin", out var bin) && bin.ValueKind == JsonValueKind.String;

    /// <summary>The bytes of a binary value; fails the test when <paramref name="element"/> is not one.</summary>
    public static byte[] Bytes(JsonElement element)
    {
        Assert.True(IsBinary(element), $"expected a binary value, got {element.GetRawText()}");
        return Convert.FromBase64String(element.GetProperty("$bin").GetString()!);
    }

    /// <summary>The binary value <paramref name="bytes"/> as a JSON node.</summary>
    public static JsonObject Binary(ReadOnlySpan<byte> bytes) => new() { ["$bin"] = Convert.ToBase64String(bytes) };

    private sealed class BinaryConverter : JsonConverter<byte[]>
    {
        public override byte[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Bytes(JsonElement.ParseValue(ref reader));

        public override void Write(Utf8JsonWriter writer, byte[] value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteBase64String("$bin", value);
            writer.WriteEndObject();
        }
    }

    private sealed class MemoryConverter : JsonConverter<ReadOnlyMemory<byte>>
    {
        public override ReadOnlyMemory<byte> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Bytes(JsonElement.ParseValue(ref reader));

        public override void Write(Utf8JsonWriter writer, ReadOnlyMemory<byte> value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteBase64String("$bin", value.Span);
            writer.WriteEndObject();
        }
    }
}
