using static SocketIO.Adapters.Redis.Tests.StreamsRecoveryWire;
using static SocketIO.TestSupport.RecoveryWire;

namespace SocketIO.Adapters.Redis.Tests;

/// <summary>Redis going away under the streams mode: local delivery goes on, cluster requests fail at once, the stream is read again.</summary>
[Collection(nameof(UnobservedTasks))]
public sealed class StreamsFaultTests
{
    private static readonly TimeSpan Wait = InProcessCluster.Wait;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Redis_killed_during_broadcasts_then_restarted_local_delivery_never_stops_and_the_stream_is_read_again(bool recovery)
    {
        using var unobserved = new UnobservedTasks();
        await using var nodes = await RedisNodes.StartAsync();
        await using (var cluster = await InProcessCluster.StartAsync(2, _ => nodes.Node(o => o.Mode = RedisAdapterMode.Streams),
            options: o => o.ConnectionStateRecovery = recovery ? new ConnectionStateRecoveryOptions() : null))
        {
            var (a, _) = await cluster.ConnectAsync(0);
            var (b, _) = await cluster.ConnectAsync(1);
            for (var seq = 0; seq < 10; seq++)
                cluster[0].Emit("tick", seq);
            for (var seq = 0; seq < 10; seq++)
            {
                Assert.Equal($"42[\"tick\",{seq}]", Strip(await a.NextAsync()));
                Assert.Equal($"42[\"tick\",{seq}]", Strip(await b.NextAsync()));
            }

            await nodes.Redis.KillAsync();
            for (var seq = 10; seq < 60; seq++)
                Assert.True(cluster[0].Emit("tick", seq));
            // Delivered here at once, and without an offset: the stream that would give one is out of reach.
            for (var seq = 10; seq < 60; seq++)
                Assert.Equal($"42[\"tick\",{seq}]", await a.NextAsync());
            await Assert.ThrowsAsync<AdapterException>(() => cluster[0].FetchSocketsAsync().WaitAsync(Wait));
            await Assert.ThrowsAsync<AdapterException>(() => cluster[0].ServerSideEmitWithAckAsync("q", TimeSpan.FromSeconds(60)).WaitAsync(Wait));

            await nodes.Redis.RestartAsync();
            // The restarted Redis is empty: the readers go on from their last id, and new entries come after it.
            await ClusterProbe.UntilDeliveredAsync(cluster, b, TimeSpan.FromSeconds(15));
            Assert.Equal(2, (await cluster[0].FetchSocketsAsync().WaitAsync(Wait)).Count);
        }
        Assert.Contains(nodes.Logs.Lines, l => l.Contains("redis stream reader lost its connection", StringComparison.Ordinal));
        unobserved.AssertNone();

        string Strip(string frame) => recovery ? WithoutOffset(frame) : frame;
    }
}
