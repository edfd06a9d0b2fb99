namespace SocketIO;

/// <summary>
/// Replies to a received event; calling it more than once sends nothing more. As with any C#
/// <c>params</c> method, an array of a reference type passed alone becomes the argument list:
/// write <c>ack((object)array)</c> or pass a list to send one array argument.
/// </summary>
public delegate void Ack(params object?[] args);

/// <summary>A received event as handlers and packet middleware see it.</summary>
public sealed class SocketEvent
{
    internal static readonly Ack NoAck = static _ => { };

    internal SocketEvent(Socket socket, string name, SocketArgs args, Ack? ack)
    {
        Socket = socket;
        Name = name;
        Args = args;
        HasAck = ack is not null;
        Ack = ack ?? NoAck;
    }

    /// <summary>The receiving socket.</summary>
    public Socket Socket { get; }

    /// <summary>The event name.</summary>
    public string Name { get; }

    /// <summary>The arguments after the name.</summary>
    public SocketArgs Args { get; }

    /// <summary>True when the client asked for an acknowledgement.</summary>
    public bool HasAck { get; }

    /// <summary>Sends the acknowledgement (a no-op when none was asked for).</summary>
    public Ack Ack { get; }
}
