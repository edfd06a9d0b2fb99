using System.Globalization;
using System.Text;

namespace SocketIO.Fuzz.Tests.Properties;

/// <summary>
/// A JSON value as the generators build it: strings are UTF-16 code units (lone surrogates allowed, as in
/// JavaScript), and <see cref="JBinary"/> is a binary value that the payload carries as an attachment behind
/// a placeholder. <see cref="Write"/> gives the UTF-8 JSON text a JavaScript client would send.
/// </summary>
internal abstract record JsonValue
{
    /// <summary>
    /// Writes the value as JSON; binary values become placeholders numbered in document order (as
    /// socket.io-parser's deconstructPacket numbers them) and their bytes are added to <paramref name="attachments"/>.
    /// </summary>
    public static byte[] Write(JsonValue value, List<ReadOnlyMemory<byte>> attachments)
    {
        var text = new StringBuilder();
        value.WriteTo(text, attachments);
        // The text holds only ASCII escapes for lone surrogates, so this UTF-8 encoding is exact.
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public abstract void WriteTo(StringBuilder text, List<ReadOnlyMemory<byte>> attachments);

    /// <summary>
    /// The value as a JavaScript object holds it: integer-like keys (array indexes) first, ascending, then the
    /// others in insertion order. notepack.io, and Core's msgpack writer, write object keys in that order.
    /// </summary>
    public JsonValue JsOrdered() => this switch
    {
        JArray a => new JArray(a.Items.Select(i => i.JsOrdered()).ToList()),
        JObject o => new JObject(o.Members.Select(m => KeyValuePair.Create(m.Key, m.Value.JsOrdered()))
            .OrderBy(m => ArrayIndex(m.Key) ?? long.MaxValue).ToList()),
        _ => this,
    };

    private static long? ArrayIndex(string key) =>
        key.Length is > 0 and <= 10 && key.All(char.IsAsciiDigit) && (key == "0" || key[0] != '0')
            && long.Parse(key, CultureInfo.InvariantCulture) is var n && n < uint.MaxValue ? n : null;

    /// <summary>Whether any string (or property name) below holds a lone surrogate.</summary>
    public abstract bool HasLoneSurrogate { get; }

    /// <summary>Whether the value holds binary.</summary>
    public abstract bool HasBinary { get; }

    /// <summary>Writes a JSON string: quotes, backslashes, controls and lone surrogates escaped; the rest escaped when <paramref name="escapeAll"/>.</summary>
    public static void WriteString(StringBuilder text, string value, bool escapeAll)
    {
        text.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
            var lone = char.IsSurrogate(c) && !pair && !(char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(value[i - 1]));
            if (c == '"' || c == '\\')
                text.Append('\\').Append(c);
            else if (c < 0x20 || lone || (escapeAll && c >= 0x7F))
                text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else
                text.Append(c);
        }
        text.Append('"');
    }

    /// <summary>True when <paramref name="value"/> has a surrogate code unit that is not half of a pair.</summary>
    public static bool IsLone(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                i++;
            else if (char.IsSurrogate(value[i]))
                return true;
        }
        return false;
    }
}

internal sealed record JNull : JsonValue
{
    public override void WriteTo(StringBuilder text, List<ReadOnlyMemory<byte>> attachments) => text.Append("null");
    public override bool HasLoneSurrogate => false;
    public override bool HasBinary => false;
}

internal sealed record JBool(bool Value) : JsonValue
{
    public override void WriteTo(StringBuilder text, List<ReadOnlyMemory<byte>> attachments) => text.Append(Value ? "true" : "false");
    public override bool HasLoneSurrogate => false;
    public override bool HasBinary => false;
}

internal sealed record JNumber(double Value) : JsonValue
{
    public override void WriteTo(StringBuilder text, List<ReadOnlyMemory<byte>> attachments) => text.Append(Value.ToString("R", CultureInfo.InvariantCulture));
    public override bool HasLoneSurrogate => false;
    public override bool HasBinary => false;
}

internal sealed record JString(string Value, bool EscapeAll) : JsonValue
{
    public override void WriteTo(StringBuilder text, List<ReadOnlyMemory<byte>> attachments) => WriteString(text, Value, EscapeAll);
    public override bool HasLoneSurrogate => IsLone(Value);
    public override bool HasBinary => false;
}

internal sealed record JBinary(byte[] Bytes) : JsonValue
{
    public override void WriteTo(StringBuilder text, List<ReadOnlyMemory<byte>> attachments)
    {
        text.Append("{\"_placeholder\":true,\"num\":").Append(attachments.Count).Append('}');
        attachments.Add(Bytes);
    }

    public override bool HasLoneSurrogate => false;
    public override bool HasBinary => true;
}

internal sealed record JArray(IReadOnlyList<JsonValue> Items) : JsonValue
{
    public override void WriteTo(StringBuilder text, List<ReadOnlyMemory<byte>> attachments)
    {
        text.Append('[');
        for (var i = 0; i < Items.Count; i++)
        {
            if (i > 0)
                text.Append(',');
            Items[i].WriteTo(text, attachments);
        }
        text.Append(']');
    }

    public override bool HasLoneSurrogate => Items.Any(i => i.HasLoneSurrogate);
    public override bool HasBinary => Items.Any(i => i.HasBinary);
    public override string ToString() => $"[{string.Join(", ", Items)}]";
}

internal sealed record JObject(IReadOnlyList<KeyValuePair<string, JsonValue>> Members) : JsonValue
{
    public override void WriteTo(StringBuilder text, List<ReadOnlyMemory<byte>> attachments)
    {
        text.Append('{');
        for (var i = 0; i < Members.Count; i++)
        {
            if (i > 0)
                text.Append(',');
            WriteString(text, Members[i].Key, escapeAll: false);
            text.Append(':');
            Members[i].Value.WriteTo(text, attachments);
        }
        text.Append('}');
    }

    public override bool HasLoneSurrogate => Members.Any(m => IsLone(m.Key) || m.Value.HasLoneSurrogate);
    public override bool HasBinary => Members.Any(m => m.Value.HasBinary);
    public override string ToString() => $"{{{string.Join(", ", Members.Select(m => $"{m.Key}: {m.Value}"))}}}";
}
