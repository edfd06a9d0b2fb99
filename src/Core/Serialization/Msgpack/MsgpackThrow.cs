using System.Diagnostics.CodeAnalysis;

namespace SocketIO.Serialization.Msgpack;

/// <summary>Builds the <see cref="MsgpackException"/>s, out of line so the reading paths stay small.</summary>
internal static class MsgpackThrow
{
    [DoesNotReturn]
    public static void Truncated(int offset) =>
        throw new MsgpackException($"MessagePack input ends inside the value at offset {offset}.");

    [DoesNotReturn]
    public static void LengthBeyondInput(long claimed, int remaining, int offset) =>
        throw new MsgpackException(
            $"MessagePack value at offset {offset} needs {claimed} more bytes or items, but only {remaining} bytes remain.");

    [DoesNotReturn]
    public static void Reserved(int offset) =>
        throw new MsgpackException($"MessagePack input has the reserved byte 0xc1 at offset {offset}.");

    [DoesNotReturn]
    public static void Unexpected(string expected, byte prefix, int offset) =>
        throw new MsgpackException($"Expected {expected} at offset {offset}, found a value starting with 0x{prefix:x2}.");

    [DoesNotReturn]
    public static void InvalidUtf8(int offset) =>
        throw new MsgpackException($"MessagePack string at offset {offset} is not valid UTF-8.");

    [DoesNotReturn]
    public static void TooDeep(int maxDepth, int offset) =>
        throw new MsgpackException($"MessagePack value at offset {offset} nests deeper than {maxDepth} levels.");

    [DoesNotReturn]
    public static void Overflow(int offset) =>
        throw new MsgpackException($"MessagePack integer at offset {offset} does not fit a signed 64-bit integer.");

    [DoesNotReturn]
    public static void NotSafeInteger(int offset) =>
        throw new MsgpackException(
            $"MessagePack float at offset {offset} is not an integer within ±(2^53 − 1).");

    [DoesNotReturn]
    public static void BadTimestamp(int offset) =>
        throw new MsgpackException($"MessagePack timestamp at offset {offset} has a bad length or nanosecond field.");

    [DoesNotReturn]
    public static void TimestampOutOfRange(int offset) =>
        throw new MsgpackException($"MessagePack timestamp at offset {offset} is outside the range of DateTimeOffset.");

    [DoesNotReturn]
    public static void BadKey(byte prefix, int offset) =>
        throw new MsgpackException(
            $"MessagePack map key at offset {offset} (starting with 0x{prefix:x2}) cannot become a JSON property name; " +
            "only strings, numbers, booleans and nil can.");

    [DoesNotReturn]
    public static void TooLongForJson(int offset) =>
        throw new MsgpackException($"MessagePack string at offset {offset} is too long to be written as JSON.");
}
