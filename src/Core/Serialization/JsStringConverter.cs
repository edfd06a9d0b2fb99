using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocketIO.Serialization;

/// <summary>Reads and writes strings as JavaScript has them, lone surrogates included (<see cref="JsString"/>).</summary>
internal sealed class JsStringConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => JsString.Read(ref reader);

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => JsString.Write(writer, value, options.Encoder);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => JsString.Read(ref reader);

    // A property name cannot be written raw: a lone surrogate in a dictionary key becomes U+FFFD.
    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);
}
