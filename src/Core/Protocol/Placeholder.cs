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
            || !element.TryGetProperty("_placeholder"u8, out var flag) || flag.ValueKind != JsonValueKind.True
            || !element.TryGetProperty("num"u8, out var num) || num.ValueKind != JsonValueKind.Number)
            return false;
        if (!num.TryGetInt32(out index))
            index = -1;
        return true;
    }

    /// <summary>Writes a placeholder for attachment <paramref name="index"/>.</summary>
    public static void Write(Utf8JsonWriter writer, int index)
    {
        writer.WriteStartObject();
        writer.WriteBoolean("_placeholder"u8, true);
        writer.WriteNumber("num"u8, index);
        writer.WriteEndObject();
    }
}
