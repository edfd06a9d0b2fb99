using System.Runtime.InteropServices;
using System.Text.Json;

namespace SocketIO.Protocol;

/// <summary>The <c>{"_placeholder":true,"num":n}</c> object that stands for a binary attachment.</summary>
public static class Placeholder
{
    /// <summary>True when <paramref name="element"/> is a placeholder; <paramref name="index"/> is its attachment number.</summary>
    public static bool TryGetIndex(JsonElement element, out int index)
    {
        index = -1;
        if (element.ValueKind != JsonValueKind.Object
            || !TryGetMember(element, "_placeholder"u8, out var flag) || flag.ValueKind != JsonValueKind.True
            || !TryGetMember(element, "num"u8, out var num) || num.ValueKind != JsonValueKind.Number)
            return false;
        if (!num.TryGetInt32(out index))
            index = -1;
        return true;
    }

    /// <summary>As <see cref="TryGetIndex(JsonElement, out int)"/>, for one JSON value in UTF-8 (already validated).</summary>
    internal static bool TryGetIndex(ReadOnlySpan<byte> utf8Json, out int index)
    {
        index = -1;
        if (utf8Json.IsEmpty || utf8Json[0] != (byte)'{')
            return false;
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = int.MaxValue });
        reader.Read();
        return TryRead(ref reader, out index);
    }

    /// <summary>
    /// As <see cref="TryGetIndex(JsonElement, out int)"/>, for the object the reader is on: reads it to its end
    /// (the reader is left on its <see cref="JsonTokenType.EndObject"/>, as a converter must leave it).
    /// </summary>
    internal static bool TryRead(ref Utf8JsonReader reader, out int index)
    {
        var members = default(PlaceholderMembers);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            members.OnName(ref reader);
            reader.Read();
            members.OnValue(ref reader);
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                reader.Skip();
        }
        return members.IsPlaceholder(out index);
    }

    /// <summary>Writes a placeholder for attachment <paramref name="index"/>.</summary>
    public static void Write(Utf8JsonWriter writer, int index)
    {
        writer.WriteStartObject();
        writer.WriteBoolean("_placeholder"u8, true);
        writer.WriteNumber("num"u8, index);
        writer.WriteEndObject();
    }

    /// <summary>
    /// <see cref="JsonElement.TryGetProperty(ReadOnlySpan{byte}, out JsonElement)"/> for an object that may have a key
    /// System.Text.Json cannot unescape: an escaped lone surrogate ("\ud800"), which JSON.stringify writes for a
    /// JavaScript string holding one. Such a key is never an ASCII <paramref name="name"/>; the last duplicate wins, as in JSON.parse.
    /// </summary>
    internal static bool TryGetMember(JsonElement element, ReadOnlySpan<byte> name, out JsonElement value)
    {
        try
        {
            return element.TryGetProperty(name, out value);
        }
        catch (InvalidOperationException)
        {
            // a key with a lone surrogate was compared: look again, skipping such keys
        }
        value = default;
        var found = false;
        foreach (var property in element.EnumerateObject())
        {
            var raw = JsonMarshal.GetRawUtf8PropertyName(property);
            if (raw.IndexOf((byte)'\\') < 0 ? raw.SequenceEqual(name) : EscapedNameEquals(property, name))
            {
                value = property.Value;
                found = true;
            }
        }
        return found;
    }

    private static bool EscapedNameEquals(JsonProperty property, ReadOnlySpan<byte> name)
    {
        try
        {
            return property.NameEquals(name);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
