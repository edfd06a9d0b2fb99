namespace SocketIO.Fuzz.Support;

/// <summary>Splits a fuzz input into several messages on the record separator 0x1E, as an EIO4 polling payload is split.</summary>
internal static class Records
{
    public const byte Separator = 0x1E;

    public static List<byte[]> Split(ReadOnlySpan<byte> input)
    {
        var parts = new List<byte[]>();
        while (true)
        {
            var end = input.IndexOf(Separator);
            if (end < 0)
            {
                parts.Add(input.ToArray());
                return parts;
            }
            parts.Add(input[..end].ToArray());
            input = input[(end + 1)..];
        }
    }
}
