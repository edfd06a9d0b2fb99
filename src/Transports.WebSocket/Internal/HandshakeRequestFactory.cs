using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Features.Authentication;
using SocketIO.Engine;

namespace SocketIO.Transports.WebSocket.Internal;

/// <summary>Copies what the engine keeps of the request that opens a session.</summary>
internal static class HandshakeRequestFactory
{
    public static HandshakeRequest Create(HttpContext context)
    {
        var request = context.Request;
        var headers = new Dictionary<string, string>(request.Headers.Count, StringComparer.Ordinal);
        foreach (var (name, value) in request.Headers)
            headers[name.ToLowerInvariant()] = value.ToString();
        var query = new Dictionary<string, string>(request.Query.Count, StringComparer.Ordinal);
        foreach (var (name, value) in request.Query)
            query[name] = value.ToString();
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        return new HandshakeRequest
        {
            Headers = headers,
            Query = query,
            Address = context.Connection.RemoteIpAddress?.ToString() ?? "",
            Url = string.IsNullOrEmpty(rawTarget) ? $"{request.PathBase}{request.Path}{request.QueryString}" : rawTarget,
            Secure = request.IsHttps,
            User = context.User,
            Features = CopyFeatures(context),
            ClientCertificate = context.Connection.ClientCertificate,
        };
    }

    /// <summary>
    /// Snapshots of the features connection middleware may need. The server reuses a request's own feature
    /// objects once the request ends, and a connection outlives its first request: only copies are kept.
    /// </summary>
    private static Dictionary<Type, object> CopyFeatures(HttpContext context)
    {
        var connection = context.Connection;
        var features = new Dictionary<Type, object>(3)
        {
            [typeof(IHttpConnectionFeature)] = new HttpConnectionFeature
            {
                ConnectionId = connection.Id,
                LocalIpAddress = connection.LocalIpAddress,
                LocalPort = connection.LocalPort,
                RemoteIpAddress = connection.RemoteIpAddress,
                RemotePort = connection.RemotePort,
            },
        };
        if (context.Request.IsHttps)
            features[typeof(ITlsConnectionFeature)] = new TlsConnectionFeature { ClientCertificate = connection.ClientCertificate };
        if (context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult is { } result)
            features[typeof(IAuthenticateResultFeature)] = new AuthenticateResultCopy(result);
        return features;
    }

    private sealed class AuthenticateResultCopy(AuthenticateResult result) : IAuthenticateResultFeature
    {
        public AuthenticateResult? AuthenticateResult { get; set; } = result;
    }
}
