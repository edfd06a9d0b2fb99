using System.Text.Json;

namespace SocketIO;

/// <summary>The details of a socket's connection, as Node's <c>socket.handshake</c>.</summary>
public sealed record Handshake
{
    /// <summary>Request headers (lower-case names).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Query parameters of the first request.</summary>
    public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>();

    /// <summary>The CONNECT payload, <c>{}</c> when none was sent.</summary>
    public JsonElement Auth { get; init; }

    /// <summary>The remote address.</summary>
    public string Address { get; init; } = "";

    /// <summary>Creation time as a readable string.</summary>
    public string Time { get; init; } = "";

    /// <summary>Creation time in milliseconds since the Unix epoch.</summary>
    public long Issued { get; init; }

    /// <summary>The request URL.</summary>
    public string Url { get; init; } = "";

    /// <summary>True over TLS.</summary>
    public bool Secure { get; init; }

    /// <summary>True when the request carried an Origin header.</summary>
    public bool XDomain { get; init; }
}
