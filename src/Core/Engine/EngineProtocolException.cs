namespace SocketIO.Engine;

/// <summary>Raised when a peer sends bytes that are not a valid Engine.IO packet.</summary>
public sealed class EngineProtocolException(string message) : Exception(message);
