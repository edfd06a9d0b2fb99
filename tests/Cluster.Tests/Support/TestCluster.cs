using System.Text.Json;
using Xunit.Abstractions;

namespace SocketIO.Cluster.Tests.Support;

/// <summary>
/// One test's cluster: its own redis-server, nodes named A, B, C… of the given kinds on it, and one official-client
/// driver for every client socket. Disposing writes every process's output to the test output and stops everything.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    /// <summary>The contract's request timeout (ask, server-ask, requestsTimeout).</summary>
    public static readonly TimeSpan ContractTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long a cluster-wide effect may take to show (the contract says 3 s; the margin is for a loaded
    /// 2-core machine, and a passing test usually sees it in milliseconds).
    /// </summary>
    public static readonly TimeSpan EffectTimeout = TimeSpan.FromSeconds(6);

    private readonly ITestOutputHelper _output;
    private readonly List<ClusterNode> _nodes = [];

    private TestCluster(ITestOutputHelper output, string mode, RedisServer redis, JsClient clients)
    {
        _output = output;
        Mode = mode;
        Redis = redis;
        Clients = clients;
    }

    /// <summary>REDIS_MODE of every node.</summary>
    public string Mode { get; }

    /// <summary>The cluster's redis-server.</summary>
    public RedisServer Redis { get; }

    /// <summary>The official-client driver.</summary>
    public JsClient Clients { get; }

    /// <summary>The nodes, in start order (A, B, C…).</summary>
    public IReadOnlyList<ClusterNode> Nodes => _nodes;

    /// <summary>The node named <paramref name="name"/>.</summary>
    public ClusterNode this[string name] => _nodes.Single(n => n.Name == name);

    /// <summary>Starts Redis, one node per kind (named A, B, C… in order) in <paramref name="mode"/>, and the client driver.</summary>
    public static Task<TestCluster> StartAsync(ITestOutputHelper output, string mode, params NodeKind[] kinds) =>
        StartAsync(output, mode, new Dictionary<string, string>(), kinds);

    /// <summary>Like <see cref="StartAsync(ITestOutputHelper, string, NodeKind[])"/>, with more environment for every node (e.g. RECOVERY=1).</summary>
    public static async Task<TestCluster> StartAsync(ITestOutputHelper output, string mode, IReadOnlyDictionary<string, string> environment, params NodeKind[] kinds)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var redis = await RedisServer.StartAsync();
        var cluster = new TestCluster(output, mode, redis, await JsClient.StartAsync());
        cluster.Log($"redis {redis.Url} and client driver started after {clock.ElapsedMilliseconds} ms");
        try
        {
            var env = new Dictionary<string, string>(environment) { ["REDIS_MODE"] = mode };
            var starts = kinds.Select((kind, i) => ClusterNode.StartAsync(kind, redis.Url, ((char)('A' + i)).ToString(), env)).ToList();
            try
            {
                await Task.WhenAll(starts).WaitAsync(Repo.Wait);
            }
            finally
            {
                foreach (var start in starts.Where(s => s.IsCompletedSuccessfully))
                    cluster._nodes.Add(start.Result);
            }
            cluster._nodes.Sort((x, y) => string.CompareOrdinal(x.Name, y.Name));
            // Every node counts itself in; until then requests would not wait for the late ones.
            cluster.Log($"nodes {string.Join(", ", cluster._nodes)} listening after {clock.ElapsedMilliseconds} ms");
            await cluster.WaitForServerCountAsync(cluster._nodes[0], kinds.Length);
            cluster.Log($"server count {kinds.Length} after {clock.ElapsedMilliseconds} ms");
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    /// <summary>Connects client <paramref name="client"/> to <paramref name="node"/> (namespace "/") with <paramref name="auth"/>; returns its socket id.</summary>
    public Task<string> ConnectAsync(string client, ClusterNode node, object? auth = null, JsConnectOptions? options = null) =>
        Clients.ConnectOrFailAsync(client, node.Url, new JsConnectOptions
        {
            Auth = auth ?? options?.Auth,
            Transports = options?.Transports,
            Reconnection = options?.Reconnection ?? false,
            Parser = options?.Parser,
        });

    /// <summary>Emits <paramref name="eventName"/> from <paramref name="client"/> and returns the ack's value (waits up to 10 s).</summary>
    public Task<JsonElement> AckAsync(string client, string eventName, params object?[] args) =>
        Clients.EmitWithAckAsync(client, eventName, args, Repo.Timeout);

    /// <summary>Polls <c>server-count</c> through a throw-away client on <paramref name="node"/> until it is <paramref name="count"/>.</summary>
    public async Task WaitForServerCountAsync(ClusterNode node, int count)
    {
        var probe = $"count-probe-{Guid.NewGuid():N}";
        await ConnectAsync(probe, node);
        long last = -1;
        await Poll.UntilAsync(async () =>
        {
            last = (await AckAsync(probe, "server-count")).GetInt64();
            return last == count;
        }, EffectTimeout, $"server-count on {node.Name} is {count} (last {last})", TimeSpan.FromMilliseconds(100));
        await Clients.CloseAsync(probe);
    }

    /// <summary>Polls <c>fetch(room)</c> from <paramref name="client"/> until <paramref name="condition"/> holds for the socket ids it lists.</summary>
    public async Task<JsonElement> WaitForFetchAsync(string client, string room, Func<string[], bool> condition, string what)
    {
        JsonElement last = default;
        await Poll.UntilAsync(async () =>
        {
            last = await AckAsync(client, "fetch", room);
            return last.ValueKind == JsonValueKind.Array && condition([.. last.EnumerateArray().Select(s => s.GetProperty("id").GetString()!)]);
        }, EffectTimeout, $"{what} (last fetch: {last})", TimeSpan.FromMilliseconds(50));
        return last;
    }

    /// <summary>Writes a line to the test output.</summary>
    public void Log(string line)
    {
        try
        {
            _output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
        }
        catch (InvalidOperationException)
        {
            // No test is running any more (output helper closed).
        }
    }

    /// <summary>Stops the client driver and every node, and writes their output to the test output.</summary>
    public async ValueTask DisposeAsync()
    {
        Log("stopping the cluster");
        await Clients.DisposeAsync();
        foreach (var node in _nodes)
            await node.DisposeAsync();
        await Redis.DisposeAsync();
        Log("cluster stopped");
        try
        {
            foreach (var node in _nodes)
                _output.WriteLine($"---- {node} ({Mode}) output:\n{node.Host.Output}");
            _output.WriteLine($"---- client driver output:\n{Clients.Output}");
        }
        catch (InvalidOperationException)
        {
            // No test is running any more (output helper closed).
        }
    }
}
