using System.Collections.Concurrent;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace SocketIO.Transports.WebSocket.Internal;

/// <summary>
/// One connection's offer to be handed over, made by the <c>UseSocketIO()</c> connection middleware and
/// found by requests through the connection's id. An HTTP/1.1 WebSocket request on that connection
/// answers the upgrade as usual, then claims the offer with its <see cref="WebSocketSession"/> instead
/// of reading the upgraded stream; the middleware runs that session on <see cref="Transport"/> once
/// the server's HTTP processing of the connection has ended.
/// </summary>
internal sealed class ConnectionHandoff(IDuplexPipe transport, IFeatureCollection connectionFeatures, string? unusable = null)
{
    // The offers of connections whose HTTP phase runs, by connection id, where a request finds its connection's
    // offer. Not the connection's item dictionary: Kestrel makes that on first use and keeps it for the
    // connection's whole life, about 200 bytes per idle WebSocket.
    private static readonly ConcurrentDictionary<string, ConnectionHandoff> Offers = new(StringComparer.Ordinal);

    /// <summary>Makes <paramref name="handoff"/> the offer of a connection; returns the offer it covers (an outer <c>UseSocketIO()</c>), if any.</summary>
    public static ConnectionHandoff? Offer(string connectionId, ConnectionHandoff handoff)
    {
        Offers.TryGetValue(connectionId, out var outer);
        Offers[connectionId] = handoff;
        return outer;
    }

    /// <summary>Withdraws a connection's offer; the one it covered, if any, is the connection's offer again.</summary>
    public static void Withdraw(string connectionId, ConnectionHandoff? outer)
    {
        if (outer is null)
            Offers.TryRemove(connectionId, out _);
        else
            Offers[connectionId] = outer;
    }

    /// <summary>The offer of the connection <paramref name="context"/> runs on, if it has one (usable or not).</summary>
    public static ConnectionHandoff? Of(HttpContext context) =>
        context.Connection.Id is { } id && Offers.TryGetValue(id, out var handoff) ? handoff : null;

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
        if (Of(context) is not { } handoff)
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
