using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using SocketIO.Adapters.Cluster;

namespace SocketIO.Adapters.RabbitMq.Internal;

/// <summary>
/// One server on the broker (docs/rabbitmq.md): one AMQP connection, one exclusive server-named queue, and the
/// two bindings of every namespace whose adapter runs. Every namespace of the server shares it; the connection
/// opens with the first namespace and closes with the last.
/// </summary>
internal sealed partial class RabbitMqNode : IAsyncDisposable
{
    private const string AdapterName = "RabbitMQ";

    private readonly IServiceProvider? _services;
    private readonly ILogger _logger;
    // Serializes everything that changes the topology: connecting, binding, unbinding, restoring, closing.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, Route> _routes = new(StringComparer.Ordinal);
    private readonly List<RabbitMqAdapter> _adapters = [];
    private readonly CachedString _exchange;
    private volatile bool _connected;
    private volatile bool _disposed;

    public RabbitMqNode(RabbitMqAdapterOptions options, IServiceProvider? services, ILogger logger)
    {
        Options = options;
        _services = services;
        _logger = logger;
        _exchange = new CachedString(options.Exchange);
        Uid = ClusterAdapter.NewId();
    }

    /// <summary>This server's node id, one for all its namespaces (the format allows one per server).</summary>
    public string Uid { get; }

    /// <summary>The settings.</summary>
    public RabbitMqAdapterOptions Options { get; }

    /// <summary>The broker's address without credentials, for messages and logs.</summary>
    public string Endpoint { get; private set; } = "(not connected)";

    /// <summary>True while the connection is up and the queue and bindings are in place.</summary>
    public bool IsConnected => _connected;

    /// <summary>
    /// Routes the adapter's keys to it and binds them (connecting first if this is the first namespace). Returns
    /// false when a key is already taken on this node; the namespace then stays local.
    /// </summary>
    /// <exception cref="AdapterException">The broker could not be reached or refused the topology.</exception>
    public async Task<bool> AttachAsync(RabbitMqAdapter adapter, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!AddRoutes(adapter))
                return false;
            _adapters.Add(adapter);
            try
            {
                if (_connection is null)
                    await ConnectAsync(cancellationToken).ConfigureAwait(false);
                else if (_connected)
                    await BindAsync(adapter, cancellationToken).ConfigureAwait(false);
                // Otherwise the broker is away: the restore after recovery binds this namespace too.
            }
            catch (Exception ex) when (ex is AdapterException or OperationCanceledException || _connection is { IsOpen: true })
            {
                // A refusal on a live connection (or no connection at all) fails the start; a connection that just
                // dropped does not, since its recovery binds every namespace again.
                _adapters.Remove(adapter);
                RemoveRoutes(adapter);
                if (ex is AdapterException or OperationCanceledException)
                    throw;
                throw new AdapterException($"Namespace {adapter.Host.Name}: binding its routing keys on {Endpoint} failed: {ex.Message}", ex);
            }
            catch (Exception)
            {
                // The connection dropped while binding: the restore after its recovery binds every namespace.
            }
            _staleKeys.Remove(adapter.NamespaceKey);
            _staleKeys.Remove(adapter.ResponseKey);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Unbinds the adapter's keys; the last namespace to leave closes the connection.</summary>
    public async Task DetachAsync(RabbitMqAdapter adapter)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_adapters.Remove(adapter))
                return;
            RemoveRoutes(adapter);
            await UnbindAsync(adapter).ConfigureAwait(false);
            if (_adapters.Count == 0)
                await CloseConnectionAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Publishes a body to the exchange; fails at once when the broker is away.</summary>
    public ValueTask PublishAsync(CachedString routingKey, ReadOnlyMemory<byte> body)
    {
        var channel = _publisher;
        if (!_connected || channel is null)
            return ValueTask.FromException(NotConnected());
        return channel.BasicPublishAsync(_exchange, routingKey, mandatory: false, Properties(), body);
    }

    /// <summary>Publishes a body to the exchange with a key used once (a response); fails at once when the broker is away.</summary>
    public ValueTask PublishAsync(string routingKey, ReadOnlyMemory<byte> body)
    {
        var channel = _publisher;
        if (!_connected || channel is null)
            return ValueTask.FromException(NotConnected());
        return channel.BasicPublishAsync(Options.Exchange, routingKey, mandatory: false, Properties(), body);
    }

    // A new instance each time: the client may add tracing headers to the properties it is given.
    private static BasicProperties Properties() => new() { ContentType = "application/msgpack", DeliveryMode = DeliveryModes.Transient };

    private AdapterException NotConnected() => new($"RabbitMQ at {Endpoint} is unreachable; the adapter reconnects by itself.");

    private bool AddRoutes(RabbitMqAdapter adapter)
    {
        foreach (var (key, other) in new[] { (adapter.NamespaceKey, adapter.ResponseKey), (adapter.ResponseKey, adapter.NamespaceKey) })
        {
            if (_routes.TryGetValue(key, out var taken))
            {
                RabbitMqLog.KeyConflict(_logger, adapter.Host.Name, key, taken.Adapter.Host.Name);
                return false;
            }
        }
        _routes[adapter.NamespaceKey] = new Route(adapter, IsResponse: false);
        _routes[adapter.ResponseKey] = new Route(adapter, IsResponse: true);
        return true;
    }

    private void RemoveRoutes(RabbitMqAdapter adapter)
    {
        _routes.TryRemove(new KeyValuePair<string, Route>(adapter.NamespaceKey, new Route(adapter, false)));
        _routes.TryRemove(new KeyValuePair<string, Route>(adapter.ResponseKey, new Route(adapter, true)));
    }

    private async Task BindAsync(RabbitMqAdapter adapter, CancellationToken cancellationToken)
    {
        var queue = _queue!;
        await _consumer!.QueueBindAsync(queue, Options.Exchange, adapter.NamespaceKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        await _consumer.QueueBindAsync(queue, Options.Exchange, adapter.ResponseKey, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private async Task UnbindAsync(RabbitMqAdapter adapter)
    {
        if (_queue is not { } queue || _consumer is not { } channel)
            return;
        try
        {
            if (!_connected)
                throw new AdapterException("the broker is unreachable");
            await channel.QueueUnbindAsync(queue, Options.Exchange, adapter.NamespaceKey).ConfigureAwait(false);
            await channel.QueueUnbindAsync(queue, Options.Exchange, adapter.ResponseKey).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // If the client's topology recovery brings the queue back, it brings these bindings too: drop them then.
            _staleKeys.Add(adapter.NamespaceKey);
            _staleKeys.Add(adapter.ResponseKey);
            if (_connected)
                RabbitMqLog.UnbindFailed(_logger, adapter.Host.Name, ex.Message);
        }
    }

    /// <summary>Closes the connection (or, when the application owns it, this node's channels and queue).</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
                return;
            _disposed = true;
            _adapters.Clear();
            _routes.Clear();
            await CloseConnectionAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private readonly record struct Route(RabbitMqAdapter Adapter, bool IsResponse);
}
