namespace SocketIO.Parsers.MessagePack.Internal;

/// <summary>JS number semantics that the msgpack wire inherits from notepack.</summary>
internal static class JsNumber
{
    /// <summary>
    /// True when <paramref name="value"/> is integral (<c>Number.isInteger</c>) and fits a long.
    /// notepack writes every integral number as a msgpack int.
    /// </summary>
    public static bool TryGetInteger(double value, out long integer)
    {
        // 2^63 is exact as a double, so this bound admits exactly the integral doubles that fit a long.
        if (Math.Floor(value) == value && value >= -9223372036854775808.0 && value < 9223372036854775808.0)
        {
            integer = (long)value;
            return true;
        }
        integer = 0;
        return false;
    }
}
