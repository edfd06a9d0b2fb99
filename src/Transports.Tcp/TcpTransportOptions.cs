using System.Net;

namespace SocketIO.Transports.Tcp;

/// <summary>
/// Settings of the raw TCP transport: where it listens, with or without TLS, and its time limits.
/// Engine settings (heartbeat, maxHttpBufferSize as the largest frame, queue bounds) stay on the server's options.
/// </summary>
public sealed class TcpTransportOptions
{
    /// <summary>The endpoints to listen on; at least one is required.</summary>
    public IList<TcpEndpointOptions> Endpoints { get; } = new List<TcpEndpointOptions>();

    /// <summary>How long a new connection may take to finish TLS and send its open packet before it is dropped.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a closing connection waits for the peer to close its side before it is dropped.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Length of each listener's queue of connections not yet accepted.</summary>
    public int Backlog { get; set; } = 1024;

    /// <summary>Disables Nagle's algorithm, so small packets (acks, pings) leave at once.</summary>
    public bool NoDelay { get; set; } = true;

    /// <summary>Listens on <paramref name="endPoint"/>; <paramref name="tls"/>, when given, makes it a TLS endpoint.</summary>
    public TcpEndpointOptions Listen(IPEndPoint endPoint, Action<TcpTlsOptions>? tls = null)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var endpoint = new TcpEndpointOptions { EndPoint = endPoint };
        if (tls is not null)
        {
            endpoint.Tls = new TcpTlsOptions();
            tls(endpoint.Tls);
        }
        Endpoints.Add(endpoint);
        return endpoint;
    }

    /// <summary>Listens on <paramref name="address"/>:<paramref name="port"/> (port 0 picks a free one; see <see cref="TcpTransportService.EndPoints"/>).</summary>
    public TcpEndpointOptions Listen(IPAddress address, int port, Action<TcpTlsOptions>? tls = null) =>
        Listen(new IPEndPoint(address, port), tls);

    /// <summary>Returns the first invalid setting as a message, or null when all are valid.</summary>
    public string? Validate()
    {
        if (Endpoints.Count == 0) return $"{nameof(Endpoints)} is empty: call Listen(...) at least once.";
        if (HandshakeTimeout <= TimeSpan.Zero) return $"{nameof(HandshakeTimeout)} must be positive.";
        if (CloseTimeout <= TimeSpan.Zero) return $"{nameof(CloseTimeout)} must be positive.";
        if (Backlog <= 0) return $"{nameof(Backlog)} must be positive.";
        foreach (var endpoint in Endpoints)
        {
            if (endpoint.EndPoint is null) return $"An endpoint has no {nameof(TcpEndpointOptions.EndPoint)}.";
            if (endpoint.Tls?.Validate() is { } tlsError) return $"TLS on {endpoint.EndPoint}: {tlsError}";
        }
        return null;
    }
}

/// <summary>One listening endpoint of the TCP transport.</summary>
public sealed class TcpEndpointOptions
{
    /// <summary>The local address and port.</summary>
    public IPEndPoint EndPoint { get; set; } = null!;

    /// <summary>TLS settings; null (the default) serves plain TCP.</summary>
    public TcpTlsOptions? Tls { get; set; }
}
