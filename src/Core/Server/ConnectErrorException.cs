namespace SocketIO;

/// <summary>
/// Thrown by connection middleware to refuse a connection. The client receives CONNECT_ERROR
/// <c>{"message": Message, "data": Data}</c>. Any other exception refuses with its message.
/// </summary>
public class ConnectErrorException(string message, object? data = null) : Exception(message)
{
    /// <summary>Extra details sent to the client (omitted when null).</summary>
    public object? ErrorData { get; } = data;
}
