using System.Globalization;

namespace SocketIO.Serialization.Msgpack;

/// <summary>The text JavaScript gives numbers (Number::toString) and dates (Date.prototype.toISOString), in UTF-8.</summary>
internal static class JsText
{
    /// <summary>Room for any number's text, e.g. <c>-1.2345678901234567e+308</c>.</summary>
    public const int MaxNumberLength = 32;

    /// <summary>Room for any date's text, e.g. <c>+275760-09-13T00:00:00.000Z</c>.</summary>
    public const int MaxDateLength = 32;

    /// <summary>The largest distance from the epoch a Date can hold (TimeClip).</summary>
    public const double MaxDateMilliseconds = 8.64e15;

    private const long MillisecondsPerDay = 86_400_000;

    /// <summary>Writes the text of the double JavaScript makes of this integer (exact up to ±2^53).</summary>
    public static int FormatNumber(long value, Span<byte> destination)
    {
        if (value is > 1L << 53 or < -(1L << 53))
            return FormatNumber((double)value, destination);
        value.TryFormat(destination, out int written, default, CultureInfo.InvariantCulture);
        return written;
    }

    /// <summary>Writes the double JavaScript makes of this integer, as JavaScript prints it.</summary>
    public static int FormatNumber(ulong value, Span<byte> destination) => FormatNumber((double)value, destination);

    /// <summary>Writes a double as Number::toString does: shortest round-trip digits, exponent only below 1e-6 or from 1e21.</summary>
    public static int FormatNumber(double value, Span<byte> destination)
    {
        if (double.IsNaN(value))
            return Copy("NaN"u8, destination);
        if (value == 0)
            return Copy("0"u8, destination);
        int written = 0;
        if (value < 0)
        {
            destination[written++] = (byte)'-';
            value = -value;
        }
        if (double.IsInfinity(value))
            return written + Copy("Infinity"u8, destination[written..]);

        // .NET's "R" gives the same shortest digits, in its own layout ("1.5E+21", "5E-07", "0.0001").
        Span<char> shortest = stackalloc char[MaxNumberLength];
        value.TryFormat(shortest, out int length, "R", CultureInfo.InvariantCulture);
        var text = shortest[..length];
        int exponentAt = text.IndexOf('E');
        int exponent = exponentAt < 0 ? 0 : int.Parse(text[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = exponentAt < 0 ? text : text[..exponentAt];

        Span<byte> digits = stackalloc byte[MaxNumberLength];
        int count = 0;
        int point = mantissa.IndexOf('.');
        // n: where the decimal point sits relative to the first digit (value = 0.d1d2... × 10^n).
        int n = (point < 0 ? mantissa.Length : point) + exponent;
        foreach (char c in mantissa)
        {
            if (c == '.')
                continue;
            if (count == 0 && c == '0')
            {
                n--;
                continue;
            }
            digits[count++] = (byte)c;
        }
        while (count > 1 && digits[count - 1] == '0')
            count--;
        var k = digits[..count];

        if (count <= n && n <= 21)
        {
            written += Copy(k, destination[written..]);
            destination.Slice(written, n - count).Fill((byte)'0');
            return written + n - count;
        }
        if (0 < n && n <= 21)
        {
            written += Copy(k[..n], destination[written..]);
            destination[written++] = (byte)'.';
            return written + Copy(k[n..], destination[written..]);
        }
        if (-6 < n && n <= 0)
        {
            written += Copy("0."u8, destination[written..]);
            destination.Slice(written, -n).Fill((byte)'0');
            written += -n;
            return written + Copy(k, destination[written..]);
        }
        destination[written++] = k[0];
        if (count > 1)
        {
            destination[written++] = (byte)'.';
            written += Copy(k[1..], destination[written..]);
        }
        destination[written++] = (byte)'e';
        destination[written++] = n - 1 < 0 ? (byte)'-' : (byte)'+';
        return written + FormatNumber(Math.Abs(n - 1), destination[written..]);
    }

    /// <summary>Writes a Date's toISOString text for milliseconds since the epoch within ±8.64e15.</summary>
    public static int FormatDate(long milliseconds, Span<byte> destination)
    {
        long days = Math.DivRem(milliseconds, MillisecondsPerDay, out long inDay);
        if (inDay < 0)
        {
            days--;
            inDay += MillisecondsPerDay;
        }
        var (year, month, day) = CivilFromDays(days);
        int written = 0;
        if (year is >= 0 and <= 9999)
        {
            written += Digits(year, 4, destination);
        }
        else
        {
            // ECMAScript expanded years: a sign and six digits.
            destination[written++] = year < 0 ? (byte)'-' : (byte)'+';
            written += Digits(Math.Abs(year), 6, destination[written..]);
        }
        destination[written++] = (byte)'-';
        written += Digits(month, 2, destination[written..]);
        destination[written++] = (byte)'-';
        written += Digits(day, 2, destination[written..]);
        destination[written++] = (byte)'T';
        written += Digits(inDay / 3_600_000, 2, destination[written..]);
        destination[written++] = (byte)':';
        written += Digits(inDay / 60_000 % 60, 2, destination[written..]);
        destination[written++] = (byte)':';
        written += Digits(inDay / 1000 % 60, 2, destination[written..]);
        destination[written++] = (byte)'.';
        written += Digits(inDay % 1000, 3, destination[written..]);
        destination[written++] = (byte)'Z';
        return written;
    }

    // Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil, inverted).
    private static (long Year, long Month, long Day) CivilFromDays(long days)
    {
        days += 719468;
        long era = (days >= 0 ? days : days - 146096) / 146097;
        long dayOfEra = days - era * 146097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long shiftedMonth = (5 * dayOfYear + 2) / 153;
        long day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
        long month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        return (year, month, day);
    }

    private static int Digits(long value, int width, Span<byte> destination)
    {
        for (int i = width - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + value % 10);
            value /= 10;
        }
        return width;
    }

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }
}
