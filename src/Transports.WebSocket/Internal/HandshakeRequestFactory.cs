using System.Collections.Frozen;
using System.Reflection;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Features.Authentication;
using Microsoft.Net.Http.Headers;
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
            headers[LowerCaseName(name)] = value.ToString();
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

    // Every header name ASP.NET Core knows, lower-cased once: a handshake keeps its headers for the connection's
    // life, and a name the client sent capitalised ("Host", "User-Agent") would otherwise be a new string each time.
    private static readonly FrozenDictionary<string, string> KnownNames = typeof(HeaderNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.FieldType == typeof(string))
        .Select(field => (string)field.GetValue(null)!)
        .Distinct(StringComparer.OrdinalIgnoreCase)
        .ToFrozenDictionary(name => name, name => name.ToLowerInvariant(), StringComparer.OrdinalIgnoreCase);

    private static string LowerCaseName(string name) => KnownNames.TryGetValue(name, out var lower) ? lower : name.ToLowerInvariant();

    /// <summary>
    /// Snapshots of the features connection middleware may need. The server reuses a request's own feature
    /// objects once the request ends, and a connection outlives its first request: only copies are kept.
    /// </summary>
    private static FeatureSnapshot CopyFeatures(HttpContext context)
    {
        var connection = context.Connection;
        var tls = context.Request.IsHttps;
        var authentication = context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult;
        var features = new KeyValuePair<Type, object>[1 + (tls ? 1 : 0) + (authentication is null ? 0 : 1)];
        features[0] = new(typeof(IHttpConnectionFeature), new HttpConnectionFeature
        {
            ConnectionId = connection.Id,
            LocalIpAddress = connection.LocalIpAddress,
            LocalPort = connection.LocalPort,
            RemoteIpAddress = connection.RemoteIpAddress,
            RemotePort = connection.RemotePort,
        });
        var next = 1;
        if (tls)
            features[next++] = new(typeof(ITlsConnectionFeature), new TlsConnectionFeature { ClientCertificate = connection.ClientCertificate });
        if (authentication is not null)
            features[next] = new(typeof(IAuthenticateResultFeature), new AuthenticateResultCopy(authentication));
        return new FeatureSnapshot(features);
    }

    private sealed class AuthenticateResultCopy(AuthenticateResult result) : IAuthenticateResultFeature
    {
        public AuthenticateResult? AuthenticateResult { get; set; } = result;
    }
}
