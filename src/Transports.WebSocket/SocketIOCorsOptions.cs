namespace SocketIO.Transports.WebSocket;

/// <summary>Cross-origin settings, after the npm <c>cors</c> package that Node's engine.io uses.</summary>
public sealed class SocketIOCorsOptions
{
    /// <summary>Allow every origin (<c>*</c>, or the request's origin when credentials are allowed).</summary>
    public bool AllowAnyOrigin { get; set; }

    /// <summary>Origins allowed when <see cref="AllowAnyOrigin"/> is false, e.g. <c>https://example.com</c>.</summary>
    public IList<string> AllowedOrigins { get; set; } = new List<string>();

    /// <summary>Send <c>Access-Control-Allow-Credentials: true</c> (the origin is then echoed, never <c>*</c>).</summary>
    public bool AllowCredentials { get; set; }

    /// <summary>Methods announced to preflights.</summary>
    public IList<string> AllowedMethods { get; set; } = new List<string> { "GET", "HEAD", "PUT", "PATCH", "POST", "DELETE" };

    /// <summary>Headers announced to preflights; empty echoes the preflight's requested headers.</summary>
    public IList<string> AllowedHeaders { get; set; } = new List<string>();

    /// <summary>Response headers exposed to scripts.</summary>
    public IList<string> ExposedHeaders { get; set; } = new List<string>();

    /// <summary>How long a browser may cache a preflight answer; null sends no Access-Control-Max-Age.</summary>
    public TimeSpan? MaxAge { get; set; }
}
