using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocketIO;

/// <summary>The details of a socket's connection, as Node's <c>socket.handshake</c>.</summary>
public sealed record Handshake
{
    /// <summary>Request headers (lower-case names).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;

    /// <summary>Query parameters of the first request.</summary>
    public IReadOnlyDictionary<string, string> Query { get; init; } = System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;

    /// <summary>The CONNECT payload, <c>{}</c> when none was sent.</summary>
    public JsonElement Auth { get; init; }

    /// <summary>The remote address.</summary>
    public string Address { get; init; } = "";

    private string? _time;

    /// <summary>Creation time as JS <c>Date.prototype.toString()</c> writes it, in UTC (made from <see cref="Issued"/> when not given).</summary>
    public string Time
    {
        // Formatted on first read: most sockets never read it, and the string is 140 bytes per socket.
        get => _time ??= Issued == 0 ? "" : FormatTime(Issued);
        init => _time = value;
    }

    /// <summary>Creation time in milliseconds since the Unix epoch.</summary>
    public long Issued { get; init; }

    /// <summary>The request URL.</summary>
    public string Url { get; init; } = "";

    /// <summary>True over TLS.</summary>
    public bool Secure { get; init; }

    /// <summary>True when the request carried an Origin header.</summary>
    public bool XDomain { get; init; }

    /// <summary>
    /// The authenticated user of the request that opened the connection: ASP.NET Core's <c>HttpContext.User</c>
    /// after the app's authentication (cookie, JWT bearer, …) ran; null when the host has no authentication.
    /// Check <c>User.Identity?.IsAuthenticated</c>: an anonymous request carries an unauthenticated principal.
    /// </summary>
    [JsonIgnore]
    public ClaimsPrincipal? User { get; init; }

    /// <summary>
    /// Request features the host kept for middleware, by type (with ASP.NET Core: <c>IHttpConnectionFeature</c>,
    /// <c>ITlsConnectionFeature</c> for the client certificate, <c>IAuthenticateResultFeature</c>). Copies taken
    /// when the connection opened, safe to read later.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyDictionary<Type, object> Features { get; init; } = System.Collections.ObjectModel.ReadOnlyDictionary<Type, object>.Empty;

    /// <summary>The feature of type <typeparamref name="T"/> from <see cref="Features"/>, or null.</summary>
    public T? GetFeature<T>() where T : class => Features.TryGetValue(typeof(T), out var feature) ? feature as T : null;

    /// <summary>
    /// The validated TLS client certificate (device identity on the TCP transport); null when none was
    /// required or sent. Local only: it is not serialized, so a socket fetched from another node has none.
    /// </summary>
    [JsonIgnore]
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>
    /// Formats a Unix-millisecond time as Node's <c>new Date().toString()</c> on a UTC host, e.g.
    /// <c>Mon Nov 30 2026 02:21:52 GMT+0000 (Coordinated Universal Time)</c>.
    /// </summary>
    internal static string FormatTime(long unixMilliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds)
            .ToString("ddd MMM dd yyyy HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)
        + " GMT+0000 (Coordinated Universal Time)";
}
