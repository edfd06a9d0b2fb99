using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SocketIO.Engine;

namespace SocketIO.Transports.WebSocket.Internal;

/// <summary>
/// The endpoint behind <c>MapSocketIO</c> and <c>MapEngineIO</c>: CORS, request verification, then
/// the polling handshake, a polling request, a WebSocket session or a WebSocket upgrade.
/// </summary>
internal sealed class EngineRequestHandler
{
    private readonly EngineServer _engine;
    private readonly SocketIOTransportOptions _options;
    private readonly RequestVerifier _verifier;
    private readonly ILogger _logger;

    public EngineRequestHandler(EngineServer engine, SocketIOTransportOptions options, ILogger logger)
    {
        _engine = engine;
        _options = options;
        _verifier = new RequestVerifier(engine, options);
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            await DispatchAsync(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or WebSocketException)
        {
            // The client went away mid-request: nothing to answer, and nothing for the host to log as a failure.
            TransportLog.RequestAborted(_logger, context.Request.Method, context.Request.Path, ex);
        }
    }

    private async Task DispatchAsync(HttpContext context)
    {
        if (_options.Cors is { } cors && CorsResponder.Apply(context, cors))
            return;
        if (_engine.IsClosed)
        {
            // After io.close() Node's HTTP server refuses connections; the endpoint outlives it here.
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }
        var upgrade = context.WebSockets.IsWebSocketRequest;
        var verdict = await _verifier.VerifyAsync(context, upgrade).ConfigureAwait(false);
        if (verdict.Error is { } error)
        {
            await RefuseAsync(context, upgrade, error, verdict.Message).ConfigureAwait(false);
            return;
        }
        if (_engine.HasHeaderListeners)
            AddHeaders(context, initial: verdict.Session is null);
        if (upgrade)
            await WebSocketAsync(context, verdict.Session).ConfigureAwait(false);
        else if (verdict.Session is { } session)
            await PollAsync(context, session).ConfigureAwait(false);
        else
            await PollingHandshakeAsync(context).ConfigureAwait(false);
    }

    private async Task PollingHandshakeAsync(HttpContext context)
    {
        var transport = new PollingTransport(_logger, _engine.Options.MaxHttpBufferSize);
        var channel = _engine.Open(transport, HandshakeRequestFactory.Create(context));
        transport.Attach(channel);
        if (_options.Cookie is { } cookie)
            context.Response.Cookies.Append(cookie.Name, channel.Session.Id, ToCookieOptions(cookie));
        await transport.HandleAsync(context).ConfigureAwait(false);
    }

    private Task PollAsync(HttpContext context, EngineSession session)
    {
        // The session may have moved on between verification and now.
        if (session.Transport is not PollingTransport polling)
            return RefuseAsync(context, upgrade: false, EngineError.BadRequest, null);
        return polling.HandleAsync(context);
    }

    private async Task WebSocketAsync(HttpContext context, EngineSession? session)
    {
        var connection = await WebSocketAccept.AcceptAsync(context, _logger).ConfigureAwait(false);
        await using var stream = connection.Output;
        var transport = new WebSocketTransport(connection, !context.Request.Query.ContainsKey("b64"), _engine.Options.MaxHttpBufferSize, _options.WebSocketCloseTimeout, _logger);
        var webSocket = Prepare(context, session, transport);
        if (connection.Handoff is { } handoff)
        {
            // The session copied what it needs from the request: the connection middleware runs it once this request has ended.
            TransportLog.ConnectionHandedOver(_logger, webSocket.Sid ?? session?.Id ?? "");
            handoff.Claim(webSocket);
            return;
        }
        await webSocket.RunAsync().ConfigureAwait(false);
    }

    /// <summary>What the engine makes of a new WebSocket: a new session, an upgrade probe, or a refusal.</summary>
    private WebSocketSession Prepare(HttpContext context, EngineSession? session, WebSocketTransport transport)
    {
        // A session opened over WebSocket: the open packet is its first text frame.
        if (session is null)
            return new WebSocketSession(transport, _engine.Open(transport, HandshakeRequestFactory.Create(context)), probing: false);
        if (_engine.TryBeginUpgrade(session, transport) is { } probe)
            return new WebSocketSession(transport, probe, probing: true);
        // docs/protocol.md#websocket: a WebSocket for a session that is already upgraded or upgrading is accepted, then closed.
        TransportLog.WebSocketRefused(_logger, session.Id, session.IsUpgraded ? "already upgraded" : session.IsUpgrading ? "already upgrading" : "upgrade not possible");
        return new WebSocketSession(transport, null, probing: false);
    }

    /// <summary>Node's <c>initial_headers</c> and <c>headers</c>: the app adds headers to this response (a handshake when <paramref name="initial"/>).</summary>
    private void AddHeaders(HttpContext context, bool initial)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        _engine.RaiseHeaders(headers, HandshakeRequestFactory.Create(context), initial);
        foreach (var (name, value) in headers)
            context.Response.Headers[name] = value;
    }

    /// <summary>
    /// Answers a failed verification: JSON <c>{"code","message"}</c> for HTTP requests, and for a
    /// WebSocket handshake a 400 text/html body with the message, as engine.io does (docs/protocol.md#request-verification).
    /// </summary>
    private Task RefuseAsync(HttpContext context, bool upgrade, EngineError error, string? message)
    {
        var text = message ?? EngineErrorMessages.For(error);
        TransportLog.RequestRefused(_logger, context.Request.Method, context.Request.Path, (int)error, text);
        _engine.RaiseConnectionError(new EngineConnectionError(HandshakeRequestFactory.Create(context), error, text));
        var response = context.Response;
        if (upgrade)
        {
            response.StatusCode = StatusCodes.Status400BadRequest;
            response.ContentType = "text/html";
            if (HttpProtocol.IsHttp11(context.Request.Protocol))
                response.Headers.Connection = "close";
            var bytes = Encoding.UTF8.GetBytes(text);
            response.ContentLength = bytes.Length;
            return response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
        }
        response.StatusCode = error == EngineError.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest;
        response.ContentType = "application/json";
        var body = Encoding.UTF8.GetBytes(EngineErrorMessages.Body(error, message));
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private static CookieOptions ToCookieOptions(SocketIOCookieOptions cookie) => new()
    {
        Path = cookie.Path,
        Domain = cookie.Domain,
        HttpOnly = cookie.HttpOnly,
        SameSite = cookie.SameSite,
        Secure = cookie.Secure,
        MaxAge = cookie.MaxAge,
    };
}
