using SocketIO.Engine;

namespace SocketIO.Transports.WebSocket.Internal;

/// <summary>
/// A WebSocket ready to run, with what the engine decided for it: a new session, an upgrade probe, or a
/// refusal (no channel). It holds nothing of the request that accepted it, so it can run after that
/// request has ended, on a connection handed over by <see cref="ConnectionHandoff"/>.
/// </summary>
internal sealed class WebSocketSession(WebSocketTransport transport, EngineChannel? channel, bool probing)
{
    /// <summary>The engine session id, or null for a refused WebSocket whose session is gone.</summary>
    public string? Sid => channel?.Session.Id;

    /// <summary>How long the end of a connection may take: the close handshake, then the last bytes draining.</summary>
    public TimeSpan CloseTimeout => transport.CloseTimeout;

    /// <summary>Runs the connection until it ends; true when the end of the output was written and the connection may close gracefully.</summary>
    public Task<bool> RunAsync() => channel is null ? transport.RefuseAsync() : transport.RunAsync(channel, probing);
}
