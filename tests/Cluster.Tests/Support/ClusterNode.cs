namespace SocketIO.Cluster.Tests.Support;

/// <summary>One running node of the cluster-node contract (either kind), on a given Redis.</summary>
public sealed class ClusterNode : IAsyncDisposable
{
    private ClusterNode(NodeKind kind, string name, ProcessHost host)
    {
        Kind = kind;
        Name = name;
        Host = host;
    }

    /// <summary>The implementation it runs.</summary>
    public NodeKind Kind { get; }

    /// <summary>Its NODE_NAME.</summary>
    public string Name { get; }

    /// <summary>The process.</summary>
    public ProcessHost Host { get; }

    /// <summary>The address clients connect to (namespace "/").</summary>
    public string Url => Host.BaseUrl;

    /// <summary>The project file of the .NET node; the DotNet kind exists once it does.</summary>
    public static string DotNetProject => Repo.File("samples", "Cluster", "Cluster.csproj");

    /// <summary>Whether nodes of <paramref name="kind"/> can be started in this repository.</summary>
    public static bool Exists(NodeKind kind) => kind switch
    {
        NodeKind.Node => File.Exists(Repo.SupportScript("cluster-node.js")),
        NodeKind.DotNet => File.Exists(DotNetProject),
        _ => false,
    };

    /// <summary>
    /// Starts a node with PORT=0, REDIS_URL=<paramref name="redisUrl"/>, NODE_NAME=<paramref name="nodeName"/> and
    /// <paramref name="environment"/> (REDIS_MODE, RECOVERY…), and waits until it listens.
    /// </summary>
    public static async Task<ClusterNode> StartAsync(NodeKind kind, string redisUrl, string nodeName, IReadOnlyDictionary<string, string>? environment = null)
    {
        var env = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["PORT"] = "0",
            ["REDIS_URL"] = redisUrl,
            ["NODE_NAME"] = nodeName,
        };
        var host = kind switch
        {
            NodeKind.Node => await StartNodeAsync(env, nodeName),
            NodeKind.DotNet => await ProcessHost.StartDotNetAsync(Repo.SampleDll("Cluster"), env, $"samples/Cluster {nodeName}"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        return new ClusterNode(kind, nodeName, host);
    }

    private static Task<ProcessHost> StartNodeAsync(Dictionary<string, string> env, string nodeName)
    {
        Repo.RequireNodePackage(env.GetValueOrDefault("REDIS_MODE") == "streams" ? "@socket.io/redis-streams-adapter" : "@socket.io/redis-adapter");
        Repo.RequireNodePackage("redis");
        return ProcessHost.StartNodeAsync(Repo.SupportScript("cluster-node.js"), env, $"cluster-node.js {nodeName}");
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Kind}) at {Url}";

    /// <summary>Kills the process if it still runs.</summary>
    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
