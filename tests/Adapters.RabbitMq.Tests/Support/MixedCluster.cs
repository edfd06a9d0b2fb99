using Xunit.Abstractions;

namespace SocketIO.Adapters.RabbitMq.Tests.Support;

/// <summary>
/// A .NET node in this process ("D", clients in memory) and a Node node in its own process ("N": socket.io 4.8 on
/// tests/TestSupport/js/amqp-adapter.js, the cluster-node contract, official clients), on a virtual host of their own.
/// </summary>
public sealed class MixedCluster : IAsyncDisposable
{
    private readonly ITestOutputHelper _output;

    private MixedCluster(ITestOutputHelper output, Uri vhost, RabbitMqAdapterFactory factory, LogCapture logs)
    {
        _output = output;
        VirtualHost = vhost;
        Factory = factory;
        Logs = logs;
    }

    /// <summary>The URL of the cluster's virtual host.</summary>
    public Uri VirtualHost { get; }

    /// <summary>The .NET node's adapter factory.</summary>
    public RabbitMqAdapterFactory Factory { get; }

    /// <summary>The .NET node's log.</summary>
    public LogCapture Logs { get; }

    /// <summary>The .NET node.</summary>
    public SocketIOServer DotNet { get; private set; } = null!;

    /// <summary>The Node node's process.</summary>
    public ProcessHost Node { get; private set; } = null!;

    /// <summary>Official clients (to the Node node).</summary>
    public JsClient Clients { get; private set; } = null!;

    /// <summary>
    /// Starts both nodes and waits until the .NET node counts two. The .NET node follows the same contract as the Node
    /// one where the tests need it: sockets carry <c>data.node = "D"</c>, <c>server-question</c> acks "D", and
    /// <c>announce</c> is emitted to this node's "listeners" room.
    /// </summary>
    public static async Task<MixedCluster> StartAsync(BrokerFixture broker, ITestOutputHelper output, Action<RabbitMqAdapterOptions>? configure = null)
    {
        Repo.RequireNodePackage("amqplib");
        Repo.RequireNodePackage("notepack.io");
        var vhost = await broker.NewVirtualHostAsync();
        var options = new RabbitMqAdapterOptions { ConnectionUri = vhost };
        configure?.Invoke(options);
        var logs = new LogCapture();
        var cluster = new MixedCluster(output, vhost, broker.Factory(options, logs), logs);
        try
        {
            cluster.DotNet = await Servers.StartAsync(cluster.Factory, logs, io =>
            {
                io.Use(s => s.Data["node"] = "D");
                io.OnServerSideEmit("server-question", e =>
                {
                    e.Ack?.Invoke("D");
                    return ValueTask.CompletedTask;
                });
                io.OnServerSideEmit("announce", e =>
                {
                    io.Local.To("listeners").Emit("announced", e.Args.Get<string>(0), "D");
                    return ValueTask.CompletedTask;
                });
            });
            cluster.Node = await ProcessHost.StartNodeAsync(Repo.SupportScript("cluster-node.js"),
                new Dictionary<string, string> { ["PORT"] = "0", ["AMQP_URL"] = vhost.ToString(), ["NODE_NAME"] = "N" }, "cluster-node.js N (amqp)");
            cluster.Clients = await JsClient.StartAsync();
            await Servers.WaitForServerCountAsync(cluster.DotNet, 2);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    /// <summary>Connects official client <paramref name="name"/> to the Node node; returns its socket id.</summary>
    public Task<string> ConnectToNodeAsync(string name, object? auth = null) =>
        Clients.ConnectOrFailAsync(name, Node.BaseUrl, new JsConnectOptions { Auth = auth, Reconnection = false });

    /// <summary>Connects an in-memory client to the .NET node, joined to <paramref name="rooms"/>.</summary>
    public async Task<(TestClient Client, string Id)> ConnectToDotNetAsync(params string[] rooms)
    {
        var client = await TestClient.OpenAsync(DotNet);
        var id = await client.ConnectAsync();
        DotNet.Sockets.Sockets[id].Join(rooms);
        return (client, id);
    }

    /// <summary>Emits from official client <paramref name="name"/> and returns the ack.</summary>
    public Task<System.Text.Json.JsonElement> AckAsync(string name, string eventName, params object?[] args) =>
        Clients.EmitWithAckAsync(name, eventName, args, Repo.Timeout);

    public async ValueTask DisposeAsync()
    {
        if (Clients is not null)
            await Clients.DisposeAsync();
        if (DotNet is not null)
            await DotNet.CloseAsync().WaitAsync(Repo.Timeout);
        if (Node is not null)
            await Node.DisposeAsync();
        try
        {
            _output.WriteLine($"---- .NET node log:\n{Logs}");
            if (Node is not null)
                _output.WriteLine($"---- Node node output:\n{Node.Output}");
            if (Clients is not null)
                _output.WriteLine($"---- client driver output:\n{Clients.Output}");
        }
        catch (InvalidOperationException)
        {
            // No test is running any more.
        }
    }
}
