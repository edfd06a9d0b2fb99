using Microsoft.AspNetCore.Http;

namespace SocketIO.Transports.WebSocket;

/// <summary>
/// HTTP settings of an Engine.IO endpoint (CORS, request admission, sticky-session cookie). Engine
/// settings such as transports, timeouts and maxHttpBufferSize stay on <see cref="Engine.EngineOptions"/>.
/// </summary>
public sealed class SocketIOTransportOptions
{
    /// <summary>CORS policy for polling requests and preflights; null (the default) sends no CORS headers.</summary>
    public SocketIOCorsOptions? Cors { get; set; }

    /// <summary>
    /// Decides whether a session-creating request may proceed: return null to allow it, or a message
    /// to refuse it with 403 <c>{"code":4,"message":…}</c>.
    /// </summary>
    public Func<HttpContext, ValueTask<string?>>? AllowRequest { get; set; }

    /// <summary>Sticky-session cookie carrying the sid on the polling handshake response; null (the default) sets none.</summary>
    public SocketIOCookieOptions? Cookie { get; set; }

    /// <summary>How long a closing WebSocket waits for the peer's close frame before the connection is dropped.</summary>
    public TimeSpan WebSocketCloseTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
