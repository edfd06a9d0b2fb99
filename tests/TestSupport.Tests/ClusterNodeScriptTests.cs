namespace SocketIO.TestSupport.Tests;

/// <summary>
/// The parts of js/cluster-node.js that the cluster contract suite does not run: the streams adapter and
/// RECOVERY=1 (connection state recovery), through JsClient's transport kill.
/// </summary>
public class ClusterNodeScriptTests
{
    [Fact]
    public async Task Streams_mode_with_recovery_restores_a_client_cut_off_by_a_network_blip()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var node = await ProcessHost.StartNodeAsync(Repo.SupportScript("cluster-node.js"), new Dictionary<string, string>
        {
            ["REDIS_URL"] = redis.Url,
            ["NODE_NAME"] = "solo",
            ["REDIS_MODE"] = "streams",
            ["RECOVERY"] = "1",
        });
        Repo.RequireNodePackage("@socket.io/redis-streams-adapter");
        await using var client = await JsClient.StartAsync();
        var options = new JsConnectOptions { Auth = new { room = "r" }, Transports = ["websocket"], ReconnectionDelay = 500, ReconnectionDelayMax = 500 };
        var id = await client.ConnectOrFailAsync("a", node.BaseUrl, options);
        await client.ConnectOrFailAsync("b", node.BaseUrl, options);

        // The client sends its last offset when it reconnects: it needs one broadcast first.
        await client.EmitAsync("b", "broadcast", "r", "before");
        Assert.Equal("before", (await client.WaitForEventAsync("a", "msg"))[0].GetString());

        await client.KillTransportAsync("a");
        Assert.Equal("transport close", await client.WaitForDisconnectAsync("a"));
        await client.EmitAsync("b", "broadcast", "r", "while away");

        var back = await client.WaitForEventAsync("a", e => e.Reserved && e.Name == "connect", "the reconnect");
        Assert.True(back[0].GetProperty("recovered").GetBoolean(), $"not recovered: {back}");
        Assert.Equal(id, back[0].GetProperty("id").GetString());
        Assert.Equal("while away", (await client.WaitForEventAsync("a", "msg"))[0].GetString());
    }
}
