using Microsoft.AspNetCore.Http;
using SocketIO.Engine;

namespace SocketIO.Transports.WebSocket.Internal;

/// <summary>The outcome of verifying an engine request: an error to answer with, or the session it belongs to (null for a handshake).</summary>
internal readonly record struct Verdict(EngineError? Error, string? Message, EngineSession? Session)
{
    public static Verdict Fail(EngineError error, string? message = null) => new(error, message, null);
}

/// <summary>Engine.IO request verification, with Node's checks in Node's order (docs/protocol.md#request-verification).</summary>
internal sealed class RequestVerifier(EngineServer engine, SocketIOTransportOptions options)
{
    public async ValueTask<Verdict> VerifyAsync(HttpContext context, bool upgrade)
    {
        var request = context.Request;
        var transport = request.Query["transport"].ToString();
        // Only the HTTP transports can be asked for here, even if the engine enables others (tcp).
        if (transport is not ("polling" or "websocket") || !engine.IsTransportEnabled(transport))
            return Verdict.Fail(EngineError.UnknownTransport);
        if (HasInvalidHeaderChars(request.Headers.Origin.ToString()))
            return Verdict.Fail(EngineError.BadRequest);
        // A WebSocket handshake must ask for the websocket transport, and a plain request must not.
        var transportMatchesRequest = upgrade == (transport == "websocket");
        var sid = request.Query["sid"].ToString();
        if (sid.Length > 0)
        {
            if (!engine.TryGetSession(sid, out var session))
                return Verdict.Fail(EngineError.UnknownSid);
            // An upgrade may name another transport; anything else must use the session's (e.g. polling after an upgrade).
            if (!upgrade && session.Transport.Name != transport)
                return Verdict.Fail(EngineError.BadRequest);
            if (!IsProtocol4(request) || !transportMatchesRequest)
                return Verdict.Fail(EngineError.BadRequest);
            return new Verdict(null, null, session);
        }
        // An HTTP/2 WebSocket arrives as an extended CONNECT (RFC 8441), which stands for the GET of HTTP/1.1.
        if (!HttpMethods.IsGet(request.Method) && !(upgrade && HttpMethods.IsConnect(request.Method)))
            return Verdict.Fail(EngineError.BadHandshakeMethod);
        if (!transportMatchesRequest)
            return Verdict.Fail(EngineError.BadRequest);
        if (options.AllowRequest is { } allowRequest && await allowRequest(context).ConfigureAwait(false) is { } refusal)
            return Verdict.Fail(EngineError.Forbidden, refusal.Length == 0 ? null : refusal);
        if (!IsProtocol4(request))
            return Verdict.Fail(EngineError.UnsupportedProtocolVersion);
        return default;
    }

    private static bool IsProtocol4(HttpRequest request) => request.Query["EIO"] == "4";

    /// <summary>Node's header-value check: tab, visible ASCII and obs-text only.</summary>
    private static bool HasInvalidHeaderChars(string value)
    {
        foreach (var c in value)
            if (c != '\t' && (c < 0x20 || c == 0x7F || c > 0xFF))
                return true;
        return false;
    }
}
