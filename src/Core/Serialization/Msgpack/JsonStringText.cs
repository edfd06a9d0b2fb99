using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace SocketIO.Serialization.Msgpack;

/// <summary>The text of a JSON string token (escaped, without quotes) as the JavaScript string JSON.parse makes of it.</summary>
internal static class JsonStringText
{
    // "4294967294" escaped as \u00XX throughout is 60 bytes.
    private const int MaxEscapedIndexLength = 60;

    /// <summary>
    /// True when the key is an array index (a canonical decimal integer below 2^32 − 1), which a JavaScript
    /// object lists before its other keys.
    /// </summary>
    public static bool IsArrayIndex(ReadOnlySpan<byte> escaped, out uint index)
    {
        index = 0;
        if (escaped.IsEmpty || (!char.IsAsciiDigit((char)escaped[0]) && escaped[0] != '\\'))
            return false;
        if (escaped[0] == '\\' || escaped.IndexOf((byte)'\\') >= 0)
        {
            if (escaped.Length > MaxEscapedIndexLength)
                return false;
            Span<byte> text = stackalloc byte[MaxEscapedIndexLength * 3];
            return IsCanonicalIndex(text[..Unescape(escaped, text)], out index);
        }
        return IsCanonicalIndex(escaped, out index);
    }

    /// <summary>
    /// Writes the UTF-8 of the string into <paramref name="destination"/> (at least three times the input length)
    /// and returns its length. Lone surrogate escapes and invalid UTF-8 become U+FFFD, as Node's Buffer writes them.
    /// </summary>
    public static int Unescape(ReadOnlySpan<byte> escaped, Span<byte> destination)
    {
        int written = 0;
        int i = 0;
        while (i < escaped.Length)
        {
            byte b = escaped[i];
            if (b == '\\')
            {
                i = UnescapeOne(escaped, i, destination, ref written);
            }
            else if (b < 0x80)
            {
                destination[written++] = b;
                i++;
            }
            else
            {
                var status = Rune.DecodeFromUtf8(escaped[i..], out var rune, out int consumed);
                if (status != OperationStatus.Done)
                    rune = Rune.ReplacementChar;
                written += rune.EncodeToUtf8(destination[written..]);
                i += consumed;
            }
        }
        return written;
    }

    private static int UnescapeOne(ReadOnlySpan<byte> escaped, int i, Span<byte> destination, ref int written)
    {
        if (i + 1 >= escaped.Length)
            throw InvalidEscape();
        byte simple = escaped[i + 1] switch
        {
            (byte)'"' => (byte)'"',
            (byte)'\\' => (byte)'\\',
            (byte)'/' => (byte)'/',
            (byte)'b' => (byte)'\b',
            (byte)'f' => (byte)'\f',
            (byte)'n' => (byte)'\n',
            (byte)'r' => (byte)'\r',
            (byte)'t' => (byte)'\t',
            (byte)'u' => 0,
            _ => throw InvalidEscape(),
        };
        if (simple != 0)
        {
            destination[written++] = simple;
            return i + 2;
        }
        int unit = ReadHex4(escaped, i + 2);
        i += 6;
        Rune rune;
        if (char.IsHighSurrogate((char)unit) && i + 5 < escaped.Length && escaped[i] == '\\' && escaped[i + 1] == 'u'
            && char.IsLowSurrogate((char)ReadHex4(escaped, i + 2)))
        {
            rune = new Rune((char)unit, (char)ReadHex4(escaped, i + 2));
            i += 6;
        }
        else if (char.IsSurrogate((char)unit))
        {
            rune = Rune.ReplacementChar;
        }
        else
        {
            rune = new Rune(unit);
        }
        written += rune.EncodeToUtf8(destination[written..]);
        return i;
    }

    private static int ReadHex4(ReadOnlySpan<byte> escaped, int at)
    {
        if (at + 4 > escaped.Length || !Utf8Parser.TryParse(escaped.Slice(at, 4), out ushort unit, out int used, 'X') || used != 4)
            throw InvalidEscape();
        return unit;
    }

    private static bool IsCanonicalIndex(ReadOnlySpan<byte> text, out uint index)
    {
        index = 0;
        if (text.IsEmpty || text.Length > 10 || (text[0] == '0' && text.Length > 1))
            return false;
        ulong value = 0;
        foreach (byte digit in text)
        {
            if (!char.IsAsciiDigit((char)digit))
                return false;
            value = value * 10 + (uint)(digit - '0');
        }
        if (value >= uint.MaxValue)
            return false;
        index = (uint)value;
        return true;
    }

    // JsonDocument has already checked every escape, so this is a caller passing a hand-made token.
    private static ArgumentException InvalidEscape() => new("The JSON string has an invalid escape sequence.", "value");
}
