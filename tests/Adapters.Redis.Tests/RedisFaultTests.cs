using SocketIO.Adapters;
using SocketIO.Adapters.Cluster;
using StackExchange.Redis;

namespace SocketIO.Adapters.Redis.Tests;

/// <summary>Redis going away, peers that never answer, and subscribers cut off by Redis: none of it reaches the host.</summary>
[Collection(nameof(UnobservedTasks))]
public sealed class RedisFaultTests
{
    private static readonly TimeSpan Wait = InProcessCluster.Wait;

    private static Task<InProcessCluster> StartAsync(RedisNodes nodes, int count = 2, Action<RedisAdapterOptions>? configure = null) =>
        InProcessCluster.StartAsync(count, _ => nodes.Node(configure));

    [Fact]
    public async Task Redis_killed_during_broadcasts_then_restarted_local_delivery_never_stops_and_the_cluster_heals()
    {
        using var unobserved = new UnobservedTasks();
        await using var nodes = await RedisNodes.StartAsync();
        await using (var cluster = await StartAsync(nodes))
        {
            var (a, _) = await cluster.ConnectAsync(0);
            var (b, _) = await cluster.ConnectAsync(1);
            for (var seq = 0; seq < 10; seq++)
                cluster[0].Emit("tick", seq);
            for (var seq = 0; seq < 10; seq++)
            {
                Assert.Equal($"42[\"tick\",{seq}]", await a.NextAsync());
                Assert.Equal($"42[\"tick\",{seq}]", await b.NextAsync());
            }

            await nodes.Redis.KillAsync();
            for (var seq = 10; seq < 60; seq++)
                Assert.True(cluster[0].Emit("tick", seq));
            for (var seq = 10; seq < 60; seq++)
                Assert.Equal($"42[\"tick\",{seq}]", await a.NextAsync());
            await Assert.ThrowsAsync<AdapterException>(() => cluster[0].FetchSocketsAsync().WaitAsync(Wait));

            await nodes.Redis.RestartAsync();
            await ClusterProbe.UntilDeliveredAsync(cluster, b, TimeSpan.FromSeconds(10));
            Assert.Equal(2, (await cluster[0].FetchSocketsAsync().WaitAsync(Wait)).Count);
        }

        var lines = nodes.Logs.Lines.ToList();
        // Each node's connection logs the outage and the recovery once.
        Assert.Equal(2, lines.Count(l => l.Contains("lost its connection", StringComparison.Ordinal)));
        Assert.Equal(4, lines.Count(l => l.Contains("connected to", StringComparison.Ordinal) && !l.Contains("disconnected", StringComparison.Ordinal)));
        unobserved.AssertNone();
    }

    [Fact]
    public async Task While_Redis_is_down_cluster_requests_fail_fast_with_a_clear_error()
    {
        await using var nodes = await RedisNodes.StartAsync();
        await using var cluster = await StartAsync(nodes, configure: o => o.RequestsTimeout = TimeSpan.FromSeconds(60));
        await cluster.ConnectAsync(1);
        await nodes.Redis.KillAsync();

        var fetch = await Assert.ThrowsAsync<AdapterException>(() => cluster[0].FetchSocketsAsync().WaitAsync(Wait));
        Assert.Contains("namespace /", fetch.Message, StringComparison.OrdinalIgnoreCase);
        await Assert.ThrowsAsync<AdapterException>(() => cluster[0].Timeout(TimeSpan.FromSeconds(60)).EmitWithAckAsync("q").WaitAsync(Wait));
        await Assert.ThrowsAsync<AdapterException>(() => cluster[0].ServerSideEmitWithAckAsync("q", TimeSpan.FromSeconds(60)).WaitAsync(Wait));
    }

    [Fact]
    public async Task Ten_thousand_requests_to_a_peer_that_never_answers_leave_no_entry_behind()
    {
        await using var nodes = await RedisNodes.StartAsync();
        await using var cluster = await StartAsync(nodes, count: 1);
        // A peer that NUMSUB counts (it listens on the request channel) but that never answers.
        await using var silent = await ConnectionMultiplexer.ConnectAsync(nodes.Redis.Configuration);
        await silent.GetSubscriber().SubscribeAsync(RedisChannel.Literal("socket.io-request#/#"), (_, _) => { });
        await cluster.UntilAsync(async () => await cluster[0].ServerCountAsync() == 2, "the silent peer is counted");

        var requests = Enumerable.Range(0, 10_000)
            .Select(_ => cluster[0].ServerSideEmitWithAckAsync("anyone", TimeSpan.FromMilliseconds(200)))
            .ToList();
        var results = await Task.WhenAll(requests).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.All(results, r => Assert.True(r.TimedOut));
        var adapter = (ClusterAdapter)cluster[0].Sockets.Adapter;
        await cluster.UntilAsync(() => adapter.PendingRequestCount == 0, "every request entry is removed");
    }

    [Fact]
    public async Task A_node_whose_subscription_closes_stops_being_waited_for()
    {
        await using var nodes = await RedisNodes.StartAsync();
        await using var cluster = await StartAsync(nodes, count: 1, configure: o => o.RequestsTimeout = TimeSpan.FromSeconds(60));
        var peer = await ConnectionMultiplexer.ConnectAsync(nodes.Redis.Configuration);
        await peer.GetSubscriber().SubscribeAsync(RedisChannel.Literal("socket.io-request#/#"), (_, _) => { });
        await cluster.UntilAsync(async () => await cluster[0].ServerCountAsync() == 2, "the peer is counted");

        // The request waits for the peer, which dies without answering (its connection closes, as a killed process's).
        var fetch = cluster[0].FetchSocketsAsync();
        var ask = cluster[0].ServerSideEmitWithAckAsync("anyone", TimeSpan.FromSeconds(60));
        await peer.DisposeAsync();

        // RequestsTimeout is 60 s: only the server count dropping ends these within the test's wait.
        Assert.Empty(await fetch.WaitAsync(Wait));
        Assert.False((await ask.WaitAsync(Wait)).TimedOut);
    }

    [Fact]
    public async Task A_subscriber_cut_off_by_the_pubsub_output_buffer_limit_resubscribes_and_says_so()
    {
        await using var nodes = await RedisNodes.StartAsync("--client-output-buffer-limit", "pubsub 32kb 32kb 0");
        await using var cluster = await StartAsync(nodes);
        var (b, _) = await cluster.ConnectAsync(1);

        // One message over the hard limit: Redis closes every subscriber that would have to buffer it.
        cluster[0].Emit("burst", new string('x', 100_000));
        await cluster.UntilAsync(() => nodes.Logs.Lines.Any(l => l.Contains("lost its connection", StringComparison.Ordinal)), "the cut is logged");

        await ClusterProbe.UntilDeliveredAsync(cluster, b, TimeSpan.FromSeconds(10));
        Assert.Contains(nodes.Logs.Lines, l => l.Contains("connected to", StringComparison.Ordinal) && !l.Contains("disconnected", StringComparison.Ordinal));
    }
}

/// <summary>Records unobserved task exceptions raised while a test runs (tests of this collection run one at a time).</summary>
[CollectionDefinition(nameof(UnobservedTasks), DisableParallelization = true)]
public sealed class UnobservedTasks : IDisposable
{
    private readonly List<Exception> _errors = [];

    public UnobservedTasks() => TaskScheduler.UnobservedTaskException += OnUnobserved;

    private void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
    {
        lock (_errors)
            _errors.Add(e.Exception);
    }

    /// <summary>Collects garbage so that finalized tasks report, then fails if any exception went unobserved.</summary>
    public void AssertNone()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        lock (_errors)
            Assert.True(_errors.Count == 0, "unobserved task exceptions:\n" + string.Join("\n", _errors));
    }

    public void Dispose() => TaskScheduler.UnobservedTaskException -= OnUnobserved;
}
