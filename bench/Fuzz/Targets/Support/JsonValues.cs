using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace SocketIO.Fuzz.Support;

/// <summary>
/// Compares JSON values as JavaScript sees them after JSON.parse: strings and property names as UTF-16 code
/// units, so an escaped lone surrogate ("\ud800"), which System.Text.Json refuses to read as a string,
/// compares by its code unit; numbers by value; objects member by member in order.
/// </summary>
internal static class JsonValues
{
    public static bool Equal(JsonElement a, JsonElement b)
    {
        if (a.ValueKind != b.ValueKind)
            return false;
        switch (a.ValueKind)
        {
            case JsonValueKind.String:
                return CodeUnits(a) == CodeUnits(b);
            case JsonValueKind.Number:
                return SameNumber(a, b);
            case JsonValueKind.Array:
                if (a.GetArrayLength() != b.GetArrayLength())
                    return false;
                return a.EnumerateArray().Zip(b.EnumerateArray()).All(p => Equal(p.First, p.Second));
            case JsonValueKind.Object:
                var x = a.EnumerateObject().ToList();
                var y = b.EnumerateObject().ToList();
                return x.Count == y.Count && x.Zip(y).All(p => NameCodeUnits(p.First) == NameCodeUnits(p.Second) && Equal(p.First.Value, p.Second.Value));
            default:
                return true;
        }
    }

    /// <summary>The string's UTF-16 code units, lone surrogates included.</summary>
    public static string CodeUnits(JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        return Unescape(raw[1..^1]);
    }

    private static string NameCodeUnits(JsonProperty property) => Unescape(JsonMarshal.GetRawUtf8PropertyName(property));

    private static bool SameNumber(JsonElement a, JsonElement b)
    {
        if (JsonMarshal.GetRawUtf8Value(a).SequenceEqual(JsonMarshal.GetRawUtf8Value(b)))
            return true;
        if (a.TryGetDecimal(out var m) && b.TryGetDecimal(out var n) && m == n)
            return true;
        return a.TryGetDouble(out var d) && b.TryGetDouble(out var e) && d.Equals(e);
    }

    /// <summary>Decodes a JSON string body (without quotes) to UTF-16 code units, keeping escaped lone surrogates.</summary>
    public static string Unescape(ReadOnlySpan<byte> body)
    {
        var text = new StringBuilder(body.Length);
        var i = 0;
        while (i < body.Length)
        {
            if (body[i] != (byte)'\\')
            {
                var start = i;
                while (i < body.Length && body[i] != (byte)'\\')
                    i++;
                text.Append(Encoding.UTF8.GetString(body[start..i]));
                continue;
            }
            var c = (char)body[i + 1];
            i += 2;
            switch (c)
            {
                case 'b': text.Append('\b'); break;
                case 'f': text.Append('\f'); break;
                case 'n': text.Append('\n'); break;
                case 'r': text.Append('\r'); break;
                case 't': text.Append('\t'); break;
                case 'u':
                    text.Append((char)Convert.ToUInt16(Encoding.ASCII.GetString(body.Slice(i, 4)), 16));
                    i += 4;
                    break;
                default: text.Append(c); break;
            }
        }
        return text.ToString();
    }
}
