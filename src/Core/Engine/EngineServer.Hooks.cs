using Microsoft.Extensions.Logging;

namespace SocketIO.Engine;

/// <summary>Node engine.io's request hooks, which transports raise: refusals and response headers.</summary>
public sealed partial class EngineServer
{
    /// <summary>Raised for every refused request (Node's <c>connection_error</c>): unknown transport or sid, bad handshake, allowRequest refusal, …</summary>
    public event Action<EngineConnectionError>? ConnectionError;

    /// <summary>
    /// Lets the app add headers to the response that opens a session, polling handshake or WebSocket
    /// upgrade (Node's <c>initial_headers</c>): add to the dictionary; the request is the second argument.
    /// </summary>
    public event Action<IDictionary<string, string>, HandshakeRequest>? InitialHeaders;

    /// <summary>
    /// Lets the app add headers to every HTTP response of a session, the handshake included (Node's
    /// <c>headers</c>), after <see cref="InitialHeaders"/>.
    /// </summary>
    public event Action<IDictionary<string, string>, HandshakeRequest>? Headers;

    /// <summary>True when someone listens for headers, so transports describe the request only then.</summary>
    public bool HasHeaderListeners => InitialHeaders is not null || Headers is not null;

    /// <summary>For transports: asks the listeners for headers for a response; <paramref name="initial"/> for the response that opens a session.</summary>
    public void RaiseHeaders(IDictionary<string, string> headers, HandshakeRequest request, bool initial)
    {
        try
        {
            if (initial)
                InitialHeaders?.Invoke(headers, request);
            Headers?.Invoke(headers, request);
        }
        catch (Exception ex)
        {
            HookLog.HookFailed(Logger, "headers", ex);
        }
    }

    /// <summary>For transports: reports a refused request to <see cref="ConnectionError"/> listeners.</summary>
    public void RaiseConnectionError(EngineConnectionError error)
    {
        try
        {
            ConnectionError?.Invoke(error);
        }
        catch (Exception ex)
        {
            HookLog.HookFailed(Logger, "connection_error", ex);
        }
    }

    private static partial class HookLog
    {
        [LoggerMessage(20, LogLevel.Error, "Engine: a {Hook} listener threw")]
        public static partial void HookFailed(ILogger logger, string hook, Exception ex);
    }
}
