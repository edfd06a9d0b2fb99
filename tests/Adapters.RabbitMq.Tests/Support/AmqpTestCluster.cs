using System.Text.Json;
using Xunit.Abstractions;

namespace SocketIO.Adapters.RabbitMq.Tests.Support;

/// <summary>Which implementation of the cluster-node contract a node runs.</summary>
public enum NodeKind
{
    /// <summary>tests/TestSupport/js/cluster-node.js with AMQP_URL: socket.io 4.8 on amqp-adapter.js.</summary>
    Node,

    /// <summary>samples/Cluster with AMQP_URL: this project's server on SocketIO.Adapters.RabbitMq.</summary>
    DotNet,
}

/// <summary>
/// Cluster-node contract processes (named A, B, … in order) on a virtual host of their own, and the official client
/// driving them. Disposing stops everything and writes every process's output to the test output.
/// </summary>
public sealed class AmqpTestCluster : IAsyncDisposable
{
    /// <summary>How long a cluster-wide effect may take to show (the contract says 3 s; the margin is for a loaded machine).</summary>
    public static readonly TimeSpan EffectTimeout = TimeSpan.FromSeconds(6);

    private readonly ITestOutputHelper _output;
    private readonly Dictionary<string, (NodeKind Kind, ProcessHost Host)> _nodes = [];

    private AmqpTestCluster(ITestOutputHelper output, Uri vhost, JsClient clients)
    {
        _output = output;
        VirtualHost = vhost;
        Clients = clients;
    }

    /// <summary>The URL every node was given as AMQP_URL.</summary>
    public Uri VirtualHost { get; }

    /// <summary>The official-client driver.</summary>
    public JsClient Clients { get; }

    /// <summary>The process of node <paramref name="name"/>.</summary>
    public ProcessHost this[string name] => _nodes[name].Host;

    /// <summary>Whether nodes of <paramref name="kind"/> can be started in this repository.</summary>
    public static bool Exists(NodeKind kind) => kind switch
    {
        NodeKind.Node => File.Exists(Repo.SupportScript("cluster-node.js")),
        _ => File.Exists(Repo.File("samples", "Cluster", "Cluster.csproj")),
    };

    /// <summary>Starts one node per kind on a new virtual host, and waits until the first counts them all.</summary>
    public static async Task<AmqpTestCluster> StartAsync(BrokerFixture broker, ITestOutputHelper output, params NodeKind[] kinds)
    {
        var vhost = await broker.NewVirtualHostAsync();
        var cluster = new AmqpTestCluster(output, vhost, await JsClient.StartAsync());
        try
        {
            var starts = kinds.Select((kind, i) => cluster.StartNodeAsync(kind, ((char)('A' + i)).ToString())).ToList();
            await Task.WhenAll(starts).WaitAsync(Repo.Wait);
            await cluster.WaitForServerCountAsync("A", kinds.Length, EffectTimeout);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    private async Task StartNodeAsync(NodeKind kind, string name)
    {
        var env = new Dictionary<string, string> { ["PORT"] = "0", ["AMQP_URL"] = VirtualHost.ToString(), ["NODE_NAME"] = name };
        ProcessHost host;
        if (kind == NodeKind.Node)
        {
            Repo.RequireNodePackage("amqplib");
            host = await ProcessHost.StartNodeAsync(Repo.SupportScript("cluster-node.js"), env, $"cluster-node.js {name} (amqp)");
        }
        else
        {
            host = await ProcessHost.StartDotNetAsync(Repo.SampleDll("Cluster"), env, $"samples/Cluster {name} (amqp)");
        }
        lock (_nodes)
            _nodes[name] = (kind, host);
    }

    /// <summary>Connects client <paramref name="client"/> to node <paramref name="node"/> with <paramref name="auth"/>; returns its socket id.</summary>
    public Task<string> ConnectAsync(string client, string node, object? auth = null) =>
        Clients.ConnectOrFailAsync(client, this[node].BaseUrl, new JsConnectOptions { Auth = auth, Reconnection = false });

    /// <summary>Emits from <paramref name="client"/> and returns the ack's value.</summary>
    public Task<JsonElement> AckAsync(string client, string eventName, params object?[] args) =>
        Clients.EmitWithAckAsync(client, eventName, args, Repo.Timeout);

    /// <summary>Polls <c>server-count</c> on node <paramref name="node"/> (through a client of its own) until it is <paramref name="count"/>.</summary>
    public async Task WaitForServerCountAsync(string node, int count, TimeSpan timeout)
    {
        var probe = $"count-probe-{Guid.NewGuid():N}";
        await ConnectAsync(probe, node);
        await Poll.UntilAsync(async () => (await AckAsync(probe, "server-count")).GetInt32() == count,
            timeout, $"server-count on {node} is {count}", TimeSpan.FromMilliseconds(100));
        await Clients.CloseAsync(probe);
    }

    /// <summary>The socket ids of a <c>fetch</c> ack, asserting that it is a list.</summary>
    public static string[] Ids(JsonElement fetch)
    {
        Assert.True(fetch.ValueKind == JsonValueKind.Array, $"expected a list of sockets, got {fetch.GetRawText()}");
        return [.. fetch.EnumerateArray().Select(s => s.GetProperty("id").GetString()!)];
    }

    /// <summary>Sorts like the contract does (ordinal).</summary>
    public static string[] Sorted(params string[] values) => [.. values.Order(StringComparer.Ordinal)];

    public async ValueTask DisposeAsync()
    {
        await Clients.DisposeAsync();
        foreach (var (_, host) in _nodes.Values)
            await host.DisposeAsync();
        try
        {
            foreach (var (name, (kind, host)) in _nodes)
                _output.WriteLine($"---- node {name} ({kind}) output:\n{host.Output}");
            _output.WriteLine($"---- client driver output:\n{Clients.Output}");
        }
        catch (InvalidOperationException)
        {
            // No test is running any more.
        }
    }
}
