using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SocketIO.Adapters.Cluster;
using SocketIO.Adapters.RabbitMq.Internal;

namespace SocketIO.Adapters.RabbitMq;

/// <summary>
/// Creates the RabbitMQ adapter of every namespace of one server. All of them share this factory's node: one AMQP
/// connection, one queue and one node id. Use one factory per server; <c>AddRabbitMqAdapter</c> registers it.
/// </summary>
public sealed class RabbitMqAdapterFactory : IAdapterFactory, IAsyncDisposable, IDisposable
{
    private readonly RabbitMqNode _node;
    private readonly ClusterAdapterOptions _clusterOptions;
    private readonly ILogger _logger;

    /// <summary>Creates the factory; nothing connects until the first namespace's adapter starts.</summary>
    /// <param name="options">The settings; validated here.</param>
    /// <param name="loggerFactory">Where the adapter logs (category <c>SocketIO.Adapters.RabbitMq</c>).</param>
    /// <param name="services">Where an <c>IConnection</c> or a <c>ConnectionFactory</c> is looked up when the options name none.</param>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public RabbitMqAdapterFactory(RabbitMqAdapterOptions options, ILoggerFactory? loggerFactory = null, IServiceProvider? services = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { } error)
            throw new ArgumentException($"RabbitMqAdapterOptions: {error}", nameof(options));
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("SocketIO.Adapters.RabbitMq");
        _node = new RabbitMqNode(options, services, _logger);
        _clusterOptions = new ClusterAdapterOptions
        {
            UseHeartbeat = true,
            HeartbeatInterval = options.HeartbeatInterval,
            HeartbeatTimeout = options.HeartbeatTimeout,
            RequestsTimeout = options.RequestsTimeout,
        };
    }

    /// <summary>This server's node id in the cluster (16 hex characters), the same in every namespace.</summary>
    public string Uid => _node.Uid;

    /// <summary>True while the broker connection is up and this node's queue and bindings are in place.</summary>
    public bool IsConnected => _node.IsConnected;

    /// <inheritdoc />
    public Adapter Create(IAdapterHost host) => new RabbitMqAdapter(host, _node, _clusterOptions, _logger);

    /// <summary>Closes the connection if the adapter opened it (the server closes its namespaces first).</summary>
    public ValueTask DisposeAsync() => _node.DisposeAsync();

    /// <summary>Closes the connection; see <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => _node.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
