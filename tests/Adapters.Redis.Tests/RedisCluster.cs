using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocketIO.Adapters;

namespace SocketIO.Adapters.Redis.Tests;

/// <summary>A redis-server of the test's own and the adapter factories of the nodes that use it.</summary>
public sealed class RedisNodes : IAsyncDisposable
{
    private readonly List<RedisAdapterFactory> _factories = [];

    private RedisNodes(RedisServer redis) => Redis = redis;

    public RedisServer Redis { get; }

    public LogSink Logs { get; } = new();

    public static async Task<RedisNodes> StartAsync(params string[] redisArgs) => new(await RedisServer.StartAsync(redisArgs));

    /// <summary>A new node's adapter factory (its own Redis connection, as a separate server would have).</summary>
    public RedisAdapterFactory Node(Action<RedisAdapterOptions>? configure = null)
    {
        var options = new RedisAdapterOptions { Configuration = Redis.Configuration, RequestsTimeout = TimeSpan.FromSeconds(10) };
        configure?.Invoke(options);
        var loggers = LoggerFactory.Create(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        var factory = new RedisAdapterFactory(Options.Create(options), null, loggers);
        lock (_factories)
            _factories.Add(factory);
        return factory;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var factory in _factories)
            await factory.DisposeAsync();
        await Redis.DisposeAsync();
    }
}

/// <summary>The adapter conformance suite on Redis: a redis-server per test, three nodes.</summary>
public abstract class RedisConformanceTests : AdapterConformanceTests, IAsyncLifetime
{
    private RedisNodes? _nodes;

    protected abstract RedisAdapterMode Mode { get; }

    protected RedisServer Redis => _nodes!.Redis;

    protected override int Nodes => 3;

    public async Task InitializeAsync() => _nodes = await RedisNodes.StartAsync();

    public async Task DisposeAsync() => await _nodes!.DisposeAsync();

    protected override IAdapterFactory CreateNode(string cluster, int node) => _nodes!.Node(o => o.Mode = Mode);
}

public sealed class ClassicRedisConformanceTests : RedisConformanceTests
{
    protected override RedisAdapterMode Mode => RedisAdapterMode.Classic;
}

public sealed class ShardedRedisConformanceTests : RedisConformanceTests
{
    protected override RedisAdapterMode Mode => RedisAdapterMode.Sharded;

    // Dynamic subscription mode: the room's channel must have every node that has the room.
    protected override async Task RoomReachableAsync(string nsp, string room, int nodes)
    {
        var deadline = DateTime.UtcNow + InProcessCluster.Wait;
        while (await Redis.ShardNumSubAsync($"socket.io#{nsp}#{room}#") < nodes)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the channel of room {room} never had {nodes} subscribers");
            await Task.Delay(10);
        }
    }
}

public sealed class StreamsRedisConformanceTests : RedisConformanceTests
{
    protected override RedisAdapterMode Mode => RedisAdapterMode.Streams;
}
