using SocketIO.Adapters;
using SocketIO.Adapters.Cluster;

namespace SocketIO.Tests.Adapters.Cluster;

/// <summary>The adapter instruments of the <c>SocketIO</c> meter: requests, timeouts and errors (docs/monitoring.md).</summary>
public class ClusterMetricsTests
{
    [Fact]
    public async Task Requests_timeouts_and_errors_are_counted_by_request_type()
    {
        var broker = new MemoryBroker();
        var options = new ClusterAdapterOptions
        {
            HeartbeatInterval = TimeSpan.FromMilliseconds(200),
            HeartbeatTimeout = TimeSpan.FromSeconds(60),
            RequestsTimeout = TimeSpan.FromSeconds(30),
        };
        await using var cluster = await InProcessCluster.StartAsync(2, _ => broker.Node(options));
        using var m = new MeterRecorder(cluster[0].Metrics.Meter);
        await cluster.UntilAsync(async () => await cluster[0].ServerCountAsync() == 2, "both nodes know each other");

        await cluster[0].FetchSocketsAsync().WaitAsync(InProcessCluster.Wait);
        Assert.Equal(1, m["socketio.adapter.requests", "fetch_sockets"]);

        // Node 1 hears nothing any more but is still counted alive (60 s heartbeat timeout): the request times out.
        lock (broker.Cut)
            broker.Cut.Add(((ClusterAdapter)cluster[1].Sockets.Adapter).Uid);
        await cluster[0].Sockets.ServerSideEmitWithAckAsync("x", TimeSpan.FromMilliseconds(300)).WaitAsync(InProcessCluster.Wait);
        Assert.Equal(1, m["socketio.adapter.timeouts", "server_side_emit"]);

        broker.Down = true;
        await Assert.ThrowsAsync<AdapterException>(() => cluster[0].Sockets.ServerSideEmitAsync("y").WaitAsync(InProcessCluster.Wait));
        Assert.Equal(1, m["socketio.adapter.errors", "server_side_emit"]);
        broker.Down = false;
    }
}
