using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;

namespace SocketIO.Engine;

/// <summary>What a transport knows about the request that opened a session.</summary>
public sealed class HandshakeRequest
{
    /// <summary>Request headers, lower-case names.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;

    /// <summary>Query string parameters.</summary>
    public IReadOnlyDictionary<string, string> Query { get; init; } = System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;

    /// <summary>The remote address.</summary>
    public string Address { get; init; } = "";

    /// <summary>The request path and query.</summary>
    public string Url { get; init; } = "";

    /// <summary>True when the connection is encrypted.</summary>
    public bool Secure { get; init; }

    /// <summary>The user the host authenticated for this request (ASP.NET Core's <c>HttpContext.User</c>); null when the host has none.</summary>
    public ClaimsPrincipal? User { get; init; }

    /// <summary>
    /// Features of the request kept for connection middleware, by type: what the host copies (the ASP.NET Core
    /// transport copies the connection, TLS and authentication-result features). Empty when the host copies none.
    /// </summary>
    public IReadOnlyDictionary<Type, object> Features { get; init; } = System.Collections.ObjectModel.ReadOnlyDictionary<Type, object>.Empty;
    /// <summary>The certificate the client presented over TLS and the transport validated; null when none was asked for or sent.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>True when the client asked for base64 instead of binary frames (b64 query parameter).</summary>
    public bool Base64 => Query.ContainsKey("b64");
}
