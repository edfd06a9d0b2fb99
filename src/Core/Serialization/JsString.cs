using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SocketIO.Serialization;

/// <summary>
/// Strings as JavaScript has them: UTF-16 that may hold lone surrogates, which JSON.stringify writes as
/// escapes such as <c>\ud800</c>. System.Text.Json refuses to read those and writes U+FFFD instead;
/// here they are read into the .NET string (which can hold them too) and written back as the same escapes.
/// </summary>
internal static class JsString
{
    /// <summary>True when <paramref name="text"/> has a surrogate that is not half of a pair.</summary>
    public static bool HasLoneSurrogate(ReadOnlySpan<char> text)
    {
        var first = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        return first >= 0 && IndexOfLoneSurrogate(text[first..]) >= 0;
    }

    /// <summary>
    /// Writes <paramref name="text"/> as a JSON string value. Lone surrogates become <c>\udxxx</c> escapes
    /// (lower-case hex, as JSON.stringify writes them); everything else is escaped by <paramref name="encoder"/>.
    /// </summary>
    public static void Write(Utf8JsonWriter writer, string text, JavaScriptEncoder? encoder)
    {
        if (!HasLoneSurrogate(text))
        {
            writer.WriteStringValue(text);
            return;
        }
        var json = new ArrayBufferWriter<byte>(text.Length + 16);
        Span<byte> escape = stackalloc byte[6];
        "\\u"u8.CopyTo(escape);
        json.Write("\""u8);
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            var lone = IndexOfLoneSurrogate(rest);
            var run = lone < 0 ? rest : rest[..lone];
            if (!run.IsEmpty)
                json.Write(JsonEncodedText.Encode(run, encoder).EncodedUtf8Bytes);
            if (lone < 0)
                break;
            ((int)rest[lone]).TryFormat(escape[2..], out _, "x4");
            json.Write(escape);
            rest = rest[(lone + 1)..];
        }
        json.Write("\""u8);
        writer.WriteRawValue(json.WrittenSpan, skipInputValidation: true);
    }

    private static int IndexOfLoneSurrogate(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (char.IsSurrogate(c))
                return i;
        }
        return -1;
    }

    /// <summary>Reads the current string token, lone surrogates included.</summary>
    public static string Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
            throw new JsonException($"expected a string, got {reader.TokenType}");
        if (!reader.ValueIsEscaped)
            return reader.GetString()!;
        var escaped = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        // Only a \uD800-\uDFFF escape can be lone; everything else System.Text.Json reads itself.
        return HasSurrogateEscape(escaped) ? Unescape(escaped) : reader.GetString()!;
    }

    /// <summary>The text of a string element, lone surrogates included (<see cref="JsonElement.GetString"/> throws on them).</summary>
    public static string Get(JsonElement element)
    {
        var escaped = JsonMarshal.GetRawUtf8Value(element)[1..^1];
        return HasSurrogateEscape(escaped) ? Unescape(escaped) : element.GetString()!;
    }

    /// <summary>The text of a raw JSON string token, quotes included (already validated), lone surrogates included.</summary>
    public static string Get(ReadOnlySpan<byte> rawString)
    {
        var escaped = rawString[1..^1];
        return escaped.IndexOf((byte)'\\') < 0 ? Encoding.UTF8.GetString(escaped) : Unescape(escaped);
    }

    private static bool HasSurrogateEscape(ReadOnlySpan<byte> escaped) =>
        escaped.IndexOf("\\ud"u8) >= 0 || escaped.IndexOf("\\uD"u8) >= 0;

    /// <summary>The text of an escaped JSON string (already validated by the reader), keeping lone surrogates.</summary>
    internal static string Unescape(ReadOnlySpan<byte> escaped)
    {
        // Every byte yields at most one UTF-16 unit, and escapes yield fewer.
        char[]? rented = null;
        var chars = escaped.Length <= 256 ? stackalloc char[escaped.Length] : (rented = ArrayPool<char>.Shared.Rent(escaped.Length));
        var n = 0;
        while (!escaped.IsEmpty)
        {
            var slash = escaped.IndexOf((byte)'\\');
            var run = slash < 0 ? escaped : escaped[..slash];
            n += Encoding.UTF8.GetChars(run, chars[n..]);
            if (slash < 0)
                break;
            var code = escaped[slash + 1];
            if (code == (byte)'u')
            {
                chars[n++] = (char)int.Parse(escaped.Slice(slash + 2, 4), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture);
                escaped = escaped[(slash + 6)..];
                continue;
            }
            chars[n++] = code switch
            {
                (byte)'b' => '\b',
                (byte)'f' => '\f',
                (byte)'n' => '\n',
                (byte)'r' => '\r',
                (byte)'t' => '\t',
                _ => (char)code, // \" \\ \/
            };
            escaped = escaped[(slash + 2)..];
        }
        var text = new string(chars[..n]);
        if (rented is not null)
            ArrayPool<char>.Shared.Return(rented);
        return text;
    }
}
