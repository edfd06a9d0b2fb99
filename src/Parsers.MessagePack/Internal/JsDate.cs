namespace SocketIO.Parsers.MessagePack.Internal;

/// <summary>
/// JS dates as JSON sees them: notepack sends a Date as milliseconds since the epoch, and
/// <c>JSON.stringify</c> (the default parser) sends <c>Date.prototype.toISOString()</c>. Writing the
/// same string keeps a handler's view of a Date identical under both parsers.
/// </summary>
internal static class JsDate
{
    /// <summary>ECMAScript time values lie within ±8.64e15 ms; outside is an invalid Date.</summary>
    private const long MaxTime = 8_640_000_000_000_000;
    private const long MsPerDay = 86_400_000;

    /// <summary>Longest output: <c>+275760-09-13T00:00:00.000Z</c>.</summary>
    public const int MaxLength = 27;

    /// <summary>
    /// Writes <c>toISOString()</c> of the date <paramref name="ms"/> (years outside 0–9999 as a sign and
    /// six digits). Returns false for an invalid Date, whose JSON form is null.
    /// </summary>
    public static bool TryFormatIso(long ms, Span<byte> destination, out int written)
    {
        written = 0;
        if (ms is > MaxTime or < -MaxTime || destination.Length < MaxLength)
            return false;
        var days = Math.DivRem(ms, MsPerDay, out var time);
        if (time < 0)
        {
            time += MsPerDay;
            days--;
        }
        CivilFromDays(days, out var year, out var month, out var day);

        var pos = 0;
        if (year is >= 0 and <= 9999)
        {
            Digits(destination, ref pos, year, 4);
        }
        else
        {
            destination[pos++] = year < 0 ? (byte)'-' : (byte)'+';
            Digits(destination, ref pos, Math.Abs(year), 6);
        }
        destination[pos++] = (byte)'-';
        Digits(destination, ref pos, month, 2);
        destination[pos++] = (byte)'-';
        Digits(destination, ref pos, day, 2);
        destination[pos++] = (byte)'T';
        Digits(destination, ref pos, time / 3_600_000, 2);
        destination[pos++] = (byte)':';
        Digits(destination, ref pos, time / 60_000 % 60, 2);
        destination[pos++] = (byte)':';
        Digits(destination, ref pos, time / 1000 % 60, 2);
        destination[pos++] = (byte)'.';
        Digits(destination, ref pos, time % 1000, 3);
        destination[pos++] = (byte)'Z';
        written = pos;
        return true;
    }

    // Proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's civil_from_days).
    private static void CivilFromDays(long days, out long year, out int month, out int day)
    {
        days += 719_468;
        var era = (days >= 0 ? days : days - 146_096) / 146_097;
        var dayOfEra = days - era * 146_097;
        var yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        var dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        var mp = (5 * dayOfYear + 2) / 153;
        day = (int)(dayOfYear - (153 * mp + 2) / 5 + 1);
        month = (int)(mp < 10 ? mp + 3 : mp - 9);
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    }

    private static void Digits(Span<byte> destination, ref int pos, long value, int width)
    {
        for (var i = width - 1; i >= 0; i--)
        {
            destination[pos + i] = (byte)('0' + value % 10);
            value /= 10;
        }
        pos += width;
    }
}
