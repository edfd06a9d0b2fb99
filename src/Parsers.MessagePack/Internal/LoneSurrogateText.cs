using System.Globalization;
using System.Text;

namespace SocketIO.Parsers.MessagePack.Internal;

/// <summary>
/// The UTF-8 of an escaped JSON string that holds a lone surrogate escape (<c>"\ud800"</c>, as JSON.stringify writes
/// one), which System.Text.Json refuses to unescape. msgpack strings are UTF-8, so the lone surrogate becomes U+FFFD,
/// as any UTF-8 encoder (and Core's own msgpack writer) writes it; pairs of escapes become their character.
/// </summary>
internal static class LoneSurrogateText
{
    /// <summary>Writes the UTF-8 of <paramref name="escaped"/> (a validated JSON string body) into <paramref name="destination"/>, no longer than the input.</summary>
    public static int Unescape(ReadOnlySpan<byte> escaped, Span<byte> destination)
    {
        var written = 0;
        while (!escaped.IsEmpty)
        {
            var slash = escaped.IndexOf((byte)'\\');
            var run = slash < 0 ? escaped : escaped[..slash];
            run.CopyTo(destination[written..]);
            written += run.Length;
            if (slash < 0)
                break;
            var code = escaped[slash + 1];
            if (code != (byte)'u')
            {
                destination[written++] = code switch
                {
                    (byte)'b' => (byte)'\b',
                    (byte)'f' => (byte)'\f',
                    (byte)'n' => (byte)'\n',
                    (byte)'r' => (byte)'\r',
                    (byte)'t' => (byte)'\t',
                    _ => code, // \" \\ \/
                };
                escaped = escaped[(slash + 2)..];
                continue;
            }
            var unit = Hex(escaped.Slice(slash + 2, 4));
            escaped = escaped[(slash + 6)..];
            var rune = Rune.ReplacementChar;
            if (!char.IsSurrogate(unit))
            {
                rune = new Rune(unit);
            }
            else if (char.IsHighSurrogate(unit) && escaped.Length >= 6 && escaped[0] == (byte)'\\' && escaped[1] == (byte)'u'
                && char.IsLowSurrogate(Hex(escaped.Slice(2, 4))))
            {
                rune = new Rune(unit, Hex(escaped.Slice(2, 4)));
                escaped = escaped[6..];
            }
            written += rune.EncodeToUtf8(destination[written..]);
        }
        return written;
    }

    private static char Hex(ReadOnlySpan<byte> digits) =>
        (char)int.Parse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}
