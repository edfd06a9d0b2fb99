namespace SocketIO.Engine;

/// <summary>A request the engine refused (Node's <c>connection_error</c>): the request, the error code and the message sent.</summary>
public sealed record EngineConnectionError(HandshakeRequest Request, EngineError Code, string Message);
