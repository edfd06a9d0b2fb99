using Microsoft.Extensions.DependencyInjection;

namespace SocketIO;

public sealed partial class Socket
{
    private CancellationTokenSource? _disconnect;
    private AsyncServiceScope? _services;
    private bool _servicesClosed;

    /// <summary>
    /// Services scoped to this connection: a DI scope created on first use and disposed when the socket
    /// disconnects (or is refused by middleware). Connection middleware and handlers that keep per-user
    /// state resolve from here; typed handler parameters get a scope of their own per event instead.
    /// </summary>
    /// <exception cref="InvalidOperationException">The server was not created by dependency injection.</exception>
    /// <exception cref="ObjectDisposedException">The socket has disconnected.</exception>
    public IServiceProvider Services
    {
        get
        {
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_servicesClosed, this);
                _services ??= (Server.ServiceProvider ?? throw new InvalidOperationException(
                    "This SocketIOServer has no service provider: resolve it from DI (services.AddSocketIO()) to use Socket.Services.")).CreateAsyncScope();
                return _services.Value.ServiceProvider;
            }
        }
    }

    /// <summary>Cancelled when the socket disconnects; what a handler's <see cref="CancellationToken"/> parameter receives.</summary>
    internal CancellationToken DisconnectToken
    {
        get
        {
            lock (_lock)
            {
                if (_disconnect is null)
                {
                    _disconnect = new CancellationTokenSource();
                    if (System.Threading.Volatile.Read(ref _closed) != 0)
                        _disconnect.Cancel();
                }
                return _disconnect.Token;
            }
        }
    }

    private void CancelDisconnectToken()
    {
        CancellationTokenSource? source;
        lock (_lock)
            source = _disconnect;
        if (source is null)
            return;
        try
        {
            source.Cancel();
        }
        catch (AggregateException ex)
        {
            Server.Log.HandlerFailed(Namespace.Name, "disconnect cancellation callback", ex);
        }
    }

    /// <summary>Connection middleware refused the socket: it never connected, and what it held is released.</summary>
    internal void OnRefused()
    {
        Interlocked.Exchange(ref _closed, 1);
        CancelDisconnectToken();
        DisposeServices();
    }

    /// <summary>Ends the connection's service scope; later use of <see cref="Services"/> throws.</summary>
    internal void DisposeServices()
    {
        AsyncServiceScope? scope;
        lock (_lock)
        {
            _servicesClosed = true;
            scope = _services;
            _services = null;
        }
        if (scope is { } s)
            _ = Namespace.ObserveAsync(s.DisposeAsync().AsTask(), "connection service scope");
    }
}
