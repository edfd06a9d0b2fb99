namespace SocketIO.Serialization.Msgpack;

/// <summary>Thrown when bytes are not MessagePack this codec accepts; the message says what was wrong and at which offset.</summary>
public sealed class MsgpackException : FormatException
{
    /// <summary>Creates the exception with a message that names the problem and its byte offset.</summary>
    public MsgpackException(string message)
        : base(message)
    {
    }
}
