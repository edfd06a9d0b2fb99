using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace SocketIO.Transports.WebSocket.Internal;

/// <summary>
/// One connection's offer to be handed over, made by the <c>UseSocketIO()</c> connection middleware and
/// found by requests through the connection's items. An HTTP/1.1 WebSocket request on that connection
/// answers the upgrade as usual, then claims the offer with its <see cref="WebSocketSession"/> instead
/// of reading the upgraded stream; the middleware runs that session on <see cref="Transport"/> once
/// the server's HTTP processing of the connection has ended.
/// </summary>
internal sealed class ConnectionHandoff(IDuplexPipe transport, IFeatureCollection connectionFeatures, string? unusable = null)
{
    /// <summary>The key of the offer in the connection's items.</summary>
    internal static readonly object ItemKey = typeof(ConnectionHandoff);

    private WebSocketSession? _session;
    private volatile bool _claimed;

    /// <summary>The connection's pipes as the middleware received them, below the HTTP layer.</summary>
    public IDuplexPipe Transport => transport;

    // TLS already in place below the middleware: its pipes carry plain bytes. Read from the connection's
    // features, which a TLS middleware further in adds to (a request's own features may hold an empty
    // stand-in: HttpContext.Connection.ClientCertificate creates one on a plain connection).
    private readonly bool _secure = HasTls(connectionFeatures);

    /// <summary>Why the server's settings rule the handover out on this connection, if they do.</summary>
    public string? Unusable => unusable;

    /// <summary>True once a request took the connection over.</summary>
    public bool IsClaimed => _claimed;

    /// <summary>
    /// The offer of the connection <paramref name="context"/> runs on, when it can take this request's
    /// WebSocket: an HTTP/1.1 upgrade, not yet claimed, with the middleware inside TLS if the connection
    /// has TLS. <paramref name="refusal"/> says why an offer that exists cannot be used.
    /// </summary>
    public static ConnectionHandoff? Find(HttpContext context, IHttpUpgradeFeature upgrade, out string? refusal)
    {
        refusal = null;
        if (context.Features.Get<IConnectionItemsFeature>()?.Items is not { } items ||
            !items.TryGetValue(ItemKey, out var value) || value is not ConnectionHandoff handoff)
            return null;
        if (handoff.Unusable is { } reason)
            refusal = reason;
        else if (handoff.IsClaimed)
            refusal = "the connection was already handed over";
        else if (!HttpProtocol.IsHttp11(context.Request.Protocol) || !upgrade.IsUpgradableRequest)
            refusal = "not an HTTP/1.1 upgrade";
        else if (!handoff._secure && HasTls(connectionFeatures: handoff._connectionFeatures))
            // The middleware sees the encrypted bytes: it must run after UseHttps() to take the connection over.
            refusal = "UseSocketIO() runs outside TLS on this endpoint";
        return refusal is null ? handoff : null;
    }

    private readonly IFeatureCollection _connectionFeatures = connectionFeatures;

    private static bool HasTls(IFeatureCollection connectionFeatures) =>
        connectionFeatures.Get<ITlsConnectionFeature>() is not null || connectionFeatures.Get<ITlsHandshakeFeature>() is not null;

    /// <summary>Takes the connection over for <paramref name="session"/>; the request must end without touching the upgraded stream.</summary>
    public void Claim(WebSocketSession session)
    {
        _session = session;
        _claimed = true;
    }

    /// <summary>The claimed session, once: the middleware runs it.</summary>
    public WebSocketSession? TakeSession() => Interlocked.Exchange(ref _session, null);
}
