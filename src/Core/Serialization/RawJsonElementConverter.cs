using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocketIO.Serialization;

/// <summary>Writes a <see cref="JsonElement"/> as its raw JSON (see <see cref="RawJson"/>) instead of re-encoding it.</summary>
internal sealed class RawJsonElementConverter : JsonConverter<JsonElement>
{
    public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => JsonElement.ParseValue(ref reader);

    public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options) => RawJson.Write(writer, value, []);
}
