namespace SocketIO.Protocol;

/// <summary>Event names that a client may not send and the server may not emit.</summary>
public static class ReservedEvents
{
    private static readonly HashSet<string> Names = ["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"];

    /// <summary>True for a reserved name.</summary>
    public static bool Contains(string name) => Names.Contains(name);
}
