using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace SocketIO.Adapters.RabbitMq.Internal;

internal sealed partial class RabbitMqNode
{
    private static readonly TimeSpan RestoreRetryDelay = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly HashSet<string> _staleKeys = new(StringComparer.Ordinal);
    private IConnection? _connection;
    private bool _ownsConnection;
    private IChannel? _publisher;
    private IChannel? _consumer;
    private volatile string? _queue;
    private volatile bool _queueRecoveredByClient;
    private volatile bool _closing;
    private int _outageLogged;

    private string ClientName => $"SocketIO node {Uid}";

    // Under the gate. Opens the connection and sets up the exchange, the queue, the consumer and every binding.
    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        Endpoint = DescribeConfiguredEndpoint();
        try
        {
            var (connection, owns) = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            _connection = connection;
            _ownsConnection = owns;
            if (Options is { Connection: null, ConnectionFactory: null, ConnectionUri: null })
                Endpoint = Describe(connection.Endpoint);
            connection.ConnectionShutdownAsync += OnConnectionShutdownAsync;
            connection.RecoverySucceededAsync += OnRecoverySucceededAsync;
            connection.QueueNameChangedAfterRecoveryAsync += OnQueueNameChangedAsync;
            await RestoreTopologyAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await CloseConnectionAsync().ConfigureAwait(false);
            throw new AdapterException($"The RabbitMQ adapter could not start on {Endpoint}: {ex.Message}", ex);
        }
        _connected = true;
        AdapterLog.Connected(_logger, AdapterName, Endpoint);
    }

    private async Task<(IConnection Connection, bool Owns)> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        if (Options.Connection is { } given)
            return (given, false);
        if (Options.ConnectionFactory is { } factory)
            return (await factory.CreateConnectionAsync(ClientName, cancellationToken).ConfigureAwait(false), true);
        if (Options.ConnectionUri is { } uri)
        {
            // The client reconnects; this node restores its own queue and bindings in the format's order
            // (a new server-named queue, every key bound, then INITIAL_HEARTBEAT).
            var own = new ConnectionFactory { Uri = uri, AutomaticRecoveryEnabled = true, TopologyRecoveryEnabled = false };
            return (await own.CreateConnectionAsync(ClientName, cancellationToken).ConfigureAwait(false), true);
        }
        if (_services?.GetService<IConnection>() is { } registered)
            return (registered, false);
        if (_services?.GetService<ConnectionFactory>() is { } registeredFactory)
        {
            if (!registeredFactory.AutomaticRecoveryEnabled)
                throw new InvalidOperationException("the ConnectionFactory registered in DI has AutomaticRecoveryEnabled off; the adapter relies on it to reconnect after an outage.");
            return (await registeredFactory.CreateConnectionAsync(ClientName, cancellationToken).ConfigureAwait(false), true);
        }
        throw new InvalidOperationException(
            "no broker is configured: set RabbitMqAdapterOptions.ConnectionUri, ConnectionFactory or Connection, or register an IConnection or a ConnectionFactory in DI.");
    }

    // Under the gate. Idempotent: creates what is missing (channels, the queue and its consumer) and binds every key.
    private async Task RestoreTopologyAsync(CancellationToken cancellationToken)
    {
        var connection = _connection!;
        if (_publisher is not { IsOpen: true })
        {
            await DisposeChannelAsync(_publisher).ConfigureAwait(false);
            _publisher = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        if (_consumer is not { IsOpen: true })
        {
            // Its consumer went with it, and the auto-delete queue with the consumer.
            await DisposeChannelAsync(_consumer).ConfigureAwait(false);
            _consumer = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            _queue = null;
        }
        var channel = _consumer;
        await channel.ExchangeDeclareAsync(Options.Exchange, ExchangeType.Direct, durable: true, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (_queue is null)
        {
            var arguments = Options.MaxQueueLength is { } max ? new Dictionary<string, object?> { ["x-max-length"] = max } : null;
            var declared = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true, arguments, cancellationToken: cancellationToken).ConfigureAwait(false);
            // Consuming before any key is bound receives nothing yet; replies to the INITIAL_HEARTBEAT that
            // follows the bindings wait in the queue either way.
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += OnDeliveryAsync;
            await channel.BasicConsumeAsync(declared.QueueName, autoAck: true, consumer, cancellationToken).ConfigureAwait(false);
            _queue = declared.QueueName;
        }
        foreach (var adapter in _adapters)
            await BindAsync(adapter, cancellationToken).ConfigureAwait(false);
        foreach (var key in _staleKeys.ToArray())
        {
            await channel.QueueUnbindAsync(_queue, Options.Exchange, key, cancellationToken: cancellationToken).ConfigureAwait(false);
            _staleKeys.Remove(key);
        }
    }

    private Task OnConnectionShutdownAsync(object? sender, ShutdownEventArgs e)
    {
        if (_closing || _disposed)
            return Task.CompletedTask;
        _connected = false;
        if (Interlocked.Exchange(ref _outageLogged, 1) == 0)
            AdapterLog.ConnectionLost(_logger, AdapterName, Endpoint, new IOException($"{e.Initiator}: {e.ReplyCode} {e.ReplyText}", e.Exception));
        return Task.CompletedTask;
    }

    private Task OnQueueNameChangedAsync(object? sender, QueueNameChangedAfterRecoveryEventArgs e)
    {
        // The client's own topology recovery (on a connection the application configured) re-declared this
        // node's queue under a new name and moved its bindings and consumer there.
        if (e.NameBefore == _queue)
        {
            _queue = e.NameAfter;
            _queueRecoveredByClient = true;
        }
        return Task.CompletedTask;
    }

    private Task OnRecoverySucceededAsync(object? sender, AsyncEventArgs e)
    {
        if (_closing || _disposed)
            return Task.CompletedTask;
        // Not inline: the client starts no new recovery while its recovery task (which awaits this handler) runs.
        _ = Task.Run(RestoreAfterRecoveryAsync);
        return Task.CompletedTask;
    }

    // After a reconnection: a new queue (unless the client recovered it), every key bound, then every namespace
    // announces the node again with INITIAL_HEARTBEAT, keeping the same uid.
    private async Task RestoreAfterRecoveryAsync()
    {
        var first = true;
        while (true)
        {
            RabbitMqAdapter[]? adapters = null;
            await _gate.WaitAsync().ConfigureAwait(false);
            try
            {
                if (_disposed || _connection is not { IsOpen: true })
                    return;
                if (first && !_queueRecoveredByClient)
                    _queue = null;
                first = false;
                _queueRecoveredByClient = false;
                await RestoreTopologyAsync(CancellationToken.None).ConfigureAwait(false);
                _connected = true;
                Interlocked.Exchange(ref _outageLogged, 0);
                AdapterLog.Connected(_logger, AdapterName, Endpoint);
                adapters = [.. _adapters];
            }
            catch (Exception ex)
            {
                // A connection that dropped again recovers again and calls this anew; anything else is retried here.
                if (_connection is not { IsOpen: true })
                    return;
                RabbitMqLog.RestoreFailed(_logger, Endpoint, RestoreRetryDelay, ex);
            }
            finally
            {
                _gate.Release();
            }
            if (adapters is null)
            {
                await Task.Delay(RestoreRetryDelay).ConfigureAwait(false);
                continue;
            }
            foreach (var adapter in adapters)
                await adapter.AnnounceAgainLoggedAsync().ConfigureAwait(false);
            return;
        }
    }

    // Under the gate. Leaves the broker: the application's connection stays open, this node's channels and queue go.
    private async Task CloseConnectionAsync()
    {
        var connection = _connection;
        var wasConnected = _connected;
        _connected = false;
        _closing = true;
        try
        {
            if (connection is not null)
            {
                connection.ConnectionShutdownAsync -= OnConnectionShutdownAsync;
                connection.RecoverySucceededAsync -= OnRecoverySucceededAsync;
                connection.QueueNameChangedAfterRecoveryAsync -= OnQueueNameChangedAsync;
            }
            if (!_ownsConnection && wasConnected && _consumer is { IsOpen: true } channel && _queue is { } queue)
                await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false).ConfigureAwait(false);
            await DisposeChannelAsync(_consumer).ConfigureAwait(false);
            await DisposeChannelAsync(_publisher).ConfigureAwait(false);
            if (_ownsConnection && connection is not null)
            {
                await connection.CloseAsync(Constants.ReplySuccess, "socket.io adapter closed", CloseTimeout, abort: !connection.IsOpen).ConfigureAwait(false);
                connection.Dispose();
            }
        }
        catch (Exception ex)
        {
            RabbitMqLog.CloseFailed(_logger, Endpoint, ex.Message);
        }
        finally
        {
            _connection = null;
            _publisher = null;
            _consumer = null;
            _queue = null;
            _staleKeys.Clear();
            _closing = false;
        }
        if (wasConnected)
            AdapterLog.Disconnected(_logger, AdapterName, Endpoint);
    }

    private async Task DisposeChannelAsync(IChannel? channel)
    {
        if (channel is null)
            return;
        try
        {
            if (channel.IsOpen)
                await channel.CloseAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            RabbitMqLog.CloseFailed(_logger, Endpoint, ex.Message);
        }
        finally
        {
            channel.Dispose();
        }
    }

    private string DescribeConfiguredEndpoint() =>
        Options.Connection is { } c ? Describe(c.Endpoint)
        : Options.ConnectionFactory is { } f ? $"{Describe(f.Endpoint)}{VirtualHost(f.VirtualHost)}"
        : Options.ConnectionUri is { } u ? $"{u.Scheme}://{u.Host}:{(u.Port > 0 ? u.Port : u.Scheme == "amqps" ? 5671 : 5672)}{u.AbsolutePath.TrimEnd('/')}"
        : "(the connection registered in DI)";

    // Host and port only: never the credentials.
    private static string Describe(AmqpTcpEndpoint endpoint) => $"{(endpoint.Ssl.Enabled ? "amqps" : "amqp")}://{endpoint.HostName}:{endpoint.Port}";

    private static string VirtualHost(string vhost) => vhost is "/" or "" ? "" : "/" + Uri.EscapeDataString(vhost);
}
