using RabbitMQ.Client;
using SocketIO.Adapters.RabbitMq;

namespace SocketIO.Adapters.RabbitMq.Tests.Support;

/// <summary>
/// One rabbitmq-server for a test class (it takes seconds to start). Tests keep apart by exchange name or by a
/// virtual host of their own, and every adapter factory made here is disposed with the fixture.
/// </summary>
public sealed class BrokerFixture : IAsyncLifetime
{
    private readonly List<RabbitMqAdapterFactory> _factories = [];
    private RabbitMqServer? _server;

    /// <summary>The broker.</summary>
    public RabbitMqServer Server => _server ?? throw new InvalidOperationException("the broker has not started");

    /// <summary>The broker's URL on the default virtual host.</summary>
    public Uri Url => new(Server.Url);

    public async Task InitializeAsync() => _server = await RabbitMqServer.StartAsync();

    /// <summary>A name unique to one test (an exchange, a namespace suffix).</summary>
    public static string NewName(string prefix = "t") => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    /// <summary>Adapter options on this broker with a fresh exchange, and heartbeats fast enough for tests.</summary>
    public RabbitMqAdapterOptions Options(string exchange, Action<RabbitMqAdapterOptions>? configure = null)
    {
        var options = new RabbitMqAdapterOptions { ConnectionUri = Url, Exchange = exchange };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>A factory (one server's node) that is disposed with the fixture.</summary>
    public RabbitMqAdapterFactory Factory(RabbitMqAdapterOptions options, Microsoft.Extensions.Logging.ILoggerFactory? logs = null)
    {
        var factory = new RabbitMqAdapterFactory(options, logs);
        lock (_factories)
            _factories.Add(factory);
        return factory;
    }

    /// <summary>Creates a virtual host that guest may use, and returns the URL to it.</summary>
    public async Task<Uri> NewVirtualHostAsync()
    {
        var vhost = NewName("vh");
        await Server.CtlAsync("add_vhost", vhost);
        await Server.CtlAsync("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
        return new Uri($"{Server.Url}/{vhost}");
    }

    /// <summary>A connection of the test's own (to publish raw bytes, observe the exchange, or hand to the adapter).</summary>
    public Task<IConnection> ConnectAsync(Uri? url = null) =>
        new ConnectionFactory { Uri = url ?? Url }.CreateConnectionAsync("test").WaitAsync(Repo.Timeout);

    /// <summary>The virtual host of a URL made by <see cref="NewVirtualHostAsync"/> ("/" for <see cref="Url"/>).</summary>
    public static string VirtualHost(Uri url) => url.AbsolutePath.Trim('/') is { Length: > 0 } name ? Uri.UnescapeDataString(name) : "/";

    /// <summary>Runs <c>rabbitmqctl list_&lt;what&gt; -p vhost columns…</c> and returns the rows (tab-separated columns).</summary>
    public async Task<string[][]> ListAsync(string what, Uri vhost, params string[] columns)
    {
        var output = await Server.CtlAsync(["-q", $"list_{what}", "--no-table-headers", "-p", VirtualHost(vhost), .. columns]);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .Where(row => row.Length == columns.Length)
            .ToArray();
    }

    public async Task DisposeAsync()
    {
        RabbitMqAdapterFactory[] factories;
        lock (_factories)
            factories = [.. _factories];
        foreach (var factory in factories)
            await factory.DisposeAsync().AsTask().WaitAsync(Repo.Timeout);
        if (_server is not null)
            await _server.DisposeAsync();
    }
}
