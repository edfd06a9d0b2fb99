using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SocketIO.Transports.Tcp.Internal;

namespace SocketIO.Transports.Tcp;

/// <summary>
/// The raw TCP transport of a <see cref="SocketIOServer"/>, run by the generic host: it listens on
/// every configured endpoint and serves each connection as an Engine.IO session of the same server
/// that <c>MapSocketIO</c> serves over HTTP. Registered by <c>AddTcpTransport</c>.
/// </summary>
public sealed class TcpTransportService : IHostedService, IAsyncDisposable
{
    private readonly SocketIOServer _server;
    private readonly TcpTransportOptions _options;
    private readonly ILogger _logger;
    private readonly List<EndpointListener> _listeners = [];
    private TcpTransportContext? _context;
    private int _disposed;

    /// <summary>Attaches the TCP transport to <paramref name="server"/> (it registers "tcp" on its engine); listening starts with the host.</summary>
    public TcpTransportService(SocketIOServer server, IOptions<TcpTransportOptions> options, ILoggerFactory? loggerFactory = null)
    {
        _server = server;
        _options = options.Value;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("SocketIO.Transports.Tcp");
        // Registered when attached, before any hosted service starts: the server's start-up check sees it.
        server.Engine.RegisterTransport(TcpTransportContext.TransportName);
    }

    /// <summary>The endpoints being listened on, with the ports actually bound; empty until started.</summary>
    public IReadOnlyList<IPEndPoint> EndPoints => _listeners.Select(l => l.LocalEndPoint).ToList();

    /// <summary>The number of open TCP connections, including ones still in their handshake.</summary>
    public int ConnectionCount => _context?.Connections.Count ?? 0;

    /// <summary>Binds every endpoint and starts accepting.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid; the message names the setting.</exception>
    /// <exception cref="InvalidOperationException">An endpoint cannot be bound, or a certificate cannot be loaded.</exception>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Validate() is { } error)
            throw new OptionsValidationException(nameof(TcpTransportOptions), typeof(TcpTransportOptions), [$"TcpTransportOptions: {error}"]);
        var engine = _server.Engine;
        if (!engine.IsTransportEnabled(TcpTransportContext.TransportName))
        {
            TcpLog.Disabled(_logger);
            return Task.CompletedTask;
        }
        _context = new TcpTransportContext(engine, _options, _logger);
        try
        {
            foreach (var endpoint in _options.Endpoints)
            {
                var listener = new EndpointListener(endpoint, endpoint.Tls is { } tls ? TlsSetup.Create(tls) : null, _context);
                listener.Start();
                _listeners.Add(listener);
            }
        }
        catch
        {
            foreach (var listener in _listeners)
                _ = listener.StopAsync();
            _listeners.Clear();
            throw;
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops accepting and drops connections that never opened a session. Sessions are closed by the
    /// server's own stop ("server shutting down"), which ends their streams.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_listeners.Select(l => l.StopAsync())).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_context is { } context)
            foreach (var connection in context.Connections.All)
                connection.AbortIfNotOpen();
    }

    /// <summary>Stops listening and drops every connection still open.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await Task.WhenAll(_listeners.Select(l => l.StopAsync())).ConfigureAwait(false);
        if (_context is { } context)
        {
            foreach (var connection in context.Connections.All)
                connection.Abort();
            context.Connections.Dispose();
        }
    }
}
