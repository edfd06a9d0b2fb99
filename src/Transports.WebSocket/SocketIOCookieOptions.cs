using Microsoft.AspNetCore.Http;

namespace SocketIO.Transports.WebSocket;

/// <summary>The sticky-session cookie (Node's <c>cookie</c> option): its value is the engine sid.</summary>
public sealed class SocketIOCookieOptions
{
    /// <summary>Cookie name.</summary>
    public string Name { get; set; } = "io";

    /// <summary>Cookie path.</summary>
    public string Path { get; set; } = "/";

    /// <summary>Cookie domain; null leaves it to the browser.</summary>
    public string? Domain { get; set; }

    /// <summary>Hide the cookie from scripts.</summary>
    public bool HttpOnly { get; set; } = true;

    /// <summary>SameSite policy.</summary>
    public SameSiteMode SameSite { get; set; } = SameSiteMode.Lax;

    /// <summary>Send the cookie over HTTPS only.</summary>
    public bool Secure { get; set; }

    /// <summary>Lifetime; null makes it a session cookie.</summary>
    public TimeSpan? MaxAge { get; set; }
}
