namespace SocketIO.Protocol;

/// <summary>Event names that a client may not send and the server may not emit.</summary>
public static class ReservedEvents
{
    private static readonly HashSet<string> Names = ["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"];

    private static readonly byte[][] Utf8Names = [.. Names.Select(System.Text.Encoding.UTF8.GetBytes)];

    /// <summary>True for a reserved name.</summary>
    public static bool Contains(string name) => Names.Contains(name);

    /// <summary>True for a reserved name given in UTF-8 (no string is made).</summary>
    internal static bool Contains(ReadOnlySpan<byte> utf8Name)
    {
        foreach (var reserved in Utf8Names)
            if (utf8Name.SequenceEqual(reserved))
                return true;
        return false;
    }
}
