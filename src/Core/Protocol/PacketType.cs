namespace SocketIO.Protocol;

/// <summary>Socket.IO v5 packet types.</summary>
public enum PacketType : byte
{
    /// <summary>Namespace connection request or reply.</summary>
    Connect = 0,
    /// <summary>Namespace disconnection.</summary>
    Disconnect = 1,
    /// <summary>An event.</summary>
    Event = 2,
    /// <summary>An acknowledgement.</summary>
    Ack = 3,
    /// <summary>Namespace connection refused.</summary>
    ConnectError = 4,
    /// <summary>An event with binary attachments.</summary>
    BinaryEvent = 5,
    /// <summary>An acknowledgement with binary attachments.</summary>
    BinaryAck = 6,
}
