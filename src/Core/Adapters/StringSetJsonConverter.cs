using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocketIO.Adapters;

/// <summary>
/// Reads and writes room sets as JSON arrays. System.Text.Json cannot create an
/// <see cref="IReadOnlySet{T}"/> by itself, and a cluster adapter ships socket descriptions between nodes.
/// </summary>
internal sealed class StringSetJsonConverter : JsonConverter<IReadOnlySet<string>>
{
    public override IReadOnlySet<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new JsonException("Expected an array of room names.");
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            set.Add(reader.GetString() ?? throw new JsonException("A room name cannot be null."));
        return set;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlySet<string> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var room in value)
            writer.WriteStringValue(room);
        writer.WriteEndArray();
    }
}
