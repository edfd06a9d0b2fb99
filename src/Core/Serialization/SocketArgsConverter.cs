using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocketIO.Serialization;

/// <summary>Writes received arguments as a JSON array, keeping their binary values.</summary>
internal sealed class SocketArgsConverter : JsonConverter<SocketArgs>
{
    public override SocketArgs Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("SocketArgs cannot be deserialized.");

    public override void Write(Utf8JsonWriter writer, SocketArgs value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        WriteItems(writer, value);
        writer.WriteEndArray();
    }

    /// <summary>Each argument as it was received, from its own bytes (no document is built).</summary>
    internal static void WriteItems(Utf8JsonWriter writer, SocketArgs args)
    {
        for (var i = 0; i < args.Count; i++)
            RawJson.Write(writer, args.Raw(i), args.Attachments);
    }
}
