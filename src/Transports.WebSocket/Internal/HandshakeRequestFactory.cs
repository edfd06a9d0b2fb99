using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
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
            ClientCertificate = context.Connection.ClientCertificate,
        };
    }
}
