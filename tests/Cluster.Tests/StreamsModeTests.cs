using SocketIO.Cluster.Tests.Support;
using Xunit.Abstractions;

namespace SocketIO.Cluster.Tests;

/// <summary>samples/Cluster's switches: REDIS_MODE=streams runs @socket.io/redis-streams-adapter 0.3's format with its defaults, RECOVERY=1 recovery.</summary>
public sealed class StreamsModeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task REDIS_MODE_streams_uses_the_stream_and_the_channels_of_the_npm_package_with_its_defaults()
    {
        if (!ClusterNode.Exists(NodeKind.DotNet))
            return;
        await using var cluster = await TestCluster.StartAsync(output, "streams", NodeKind.DotNet, NodeKind.DotNet);
        await using var monitor = await cluster.Redis.MonitorAsync();
        await cluster.ConnectAsync("a", cluster["A"], new { room = "r" });

        await cluster.Clients.EmitAsync("a", "broadcast", "r", "hi");
        var msg = await cluster.Clients.WaitForEventAsync("a", "msg");
        Assert.Single(Acks.FetchIds(await cluster.AckAsync("a", "fetch", "r"), "fetch"));

        // Without RECOVERY no offset is appended.
        Assert.Equal(["\"hi\"", "\"A\""], msg.Args.Select(a => a.GetRawText()));
        await monitor.WaitForAsync(l => l.Contains("\"XADD\" \"socket.io\" \"MAXLEN\" \"~\" \"10000\" \"*\" \"uid\"", StringComparison.Ordinal)
            && l.Contains("\"nsp\" \"/\" \"type\" \"3\" \"data\" \"{\\\"packet\\\"", StringComparison.Ordinal), "the broadcast's XADD");
        // In the order the fetch sends them: the server count, then the request; the readers block again after that.
        await monitor.WaitForAsync(l => l.Contains("\"PUBSUB\" \"NUMSUB\" \"socket.io#/#\"", StringComparison.Ordinal), "the server count");
        await monitor.WaitForAsync(l => l.Contains("\"PUBLISH\" \"socket.io#/#\"", StringComparison.Ordinal) && l.Contains("requestId", StringComparison.Ordinal), "the fetch request");
        await monitor.WaitForAsync(l => l.Contains("\"XREAD\" \"BLOCK\" \"5000\" \"COUNT\" \"100\" \"STREAMS\" \"socket.io\"", StringComparison.Ordinal), "a reader's XREAD");
    }

    [Fact]
    public async Task RECOVERY_1_keeps_a_session_for_two_minutes_and_the_client_comes_back_with_its_id_rooms_and_data()
    {
        if (!ClusterNode.Exists(NodeKind.DotNet))
            return;
        await using var cluster = await TestCluster.StartAsync(output, "streams", new Dictionary<string, string> { ["RECOVERY"] = "1" }, NodeKind.DotNet);
        var id = await cluster.Clients.ConnectOrFailAsync("a", cluster["A"].Url, new JsConnectOptions
        {
            Auth = new { room = "r", user = "ann" },
            Transports = ["websocket"],
            Reconnection = true,
            ReconnectionDelay = 100,
            ReconnectionDelayMax = 200,
        });
        await cluster.Clients.EmitAsync("a", "broadcast", "r", "before");
        var before = await cluster.Clients.WaitForEventAsync("a", "msg");
        Assert.Equal(3, before.Args.Length); // the stream id as the offset
        await using var monitor = await cluster.Redis.MonitorAsync();

        await cluster.Clients.KillTransportAsync("a");
        var connect = await cluster.Clients.WaitForEventAsync("a", e => e.Reserved && e.Name == "connect", "'connect' again");

        Assert.True(connect[0].GetProperty("recovered").GetBoolean());
        Assert.Equal(id, connect[0].GetProperty("id").GetString());
        await monitor.WaitForAsync(l => l.Contains("\"SET\" \"sio:session:", StringComparison.Ordinal) && l.EndsWith("\"PX\" \"120000\"", StringComparison.Ordinal), "the session stored for 120 s");
        Assert.Equal(id, (await cluster.AckAsync("a", "whoami")).GetProperty("id").GetString());
        var self = Assert.Single((await cluster.AckAsync("a", "fetch", "r")).EnumerateArray());
        Assert.Equal("ann", self.GetProperty("user").GetString());
        Assert.Equal(Acks.Sorted(id, "r"), self.GetProperty("rooms").EnumerateArray().Select(r => r.GetString()!).ToArray());
    }
}
