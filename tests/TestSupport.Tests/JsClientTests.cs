using System.Text.Json;

namespace SocketIO.TestSupport.Tests;

/// <summary>JsClient against real servers: one Node cluster node (js/cluster-node.js) and samples/Namespaces with msgpack.</summary>
public class JsClientTests
{
    private static async Task<(RedisServer Redis, ProcessHost Node)> StartNodeAsync()
    {
        var redis = await RedisServer.StartAsync();
        var node = await ProcessHost.StartNodeAsync(Repo.SupportScript("cluster-node.js"),
            new Dictionary<string, string> { ["REDIS_URL"] = redis.Url, ["NODE_NAME"] = "solo" });
        return (redis, node);
    }

    [Fact]
    public async Task Emits_acks_answers_and_records_events_with_binary_in_order()
    {
        var (redis, node) = await StartNodeAsync();
        await using var _ = redis;
        await using var __ = node;
        await using var client = await JsClient.StartAsync();

        var id = await client.ConnectOrFailAsync("a", node.BaseUrl, new JsConnectOptions { Auth = new { room = "r", user = "ann" } });
        var who = await client.EmitWithAckAsync("a", "whoami", []);
        Assert.Equal(id, who.GetProperty("id").GetString());

        await client.EmitAsync("a", "broadcast", "r", new { bytes = new byte[] { 1, 2, 3 } });
        await client.EmitAsync("a", "broadcast", "r", "second");
        var first = await client.WaitForEventAsync("a", "msg");
        Assert.Equal([1, 2, 3], JsJson.Bytes(first[0].GetProperty("bytes")));
        Assert.Equal("solo", first[1].GetString());
        Assert.Equal("second", (await client.WaitForEventAsync("a", "msg"))[0].GetString());
        Assert.Equal(["connect", "msg", "msg"], client.Events("a").Select(e => e.Name));

        await client.AnswerAsync("a", "question", JsAnswer.Echo);
        Assert.Equal(["q?"], Strings(await client.EmitWithAckAsync("a", "ask", ["r", "q?"])));
        await client.AnswerAsync("a", "question", JsAnswer.With("fixed"));
        Assert.Equal(["fixed"], Strings(await client.EmitWithAckAsync("a", "ask", ["r", "q?"])));
        Assert.All(client.Events("a", "question"), e => Assert.True(e.WantsAck));
    }

    [Fact]
    public async Task Reports_connect_errors_server_disconnects_and_a_killed_transport()
    {
        var (redis, node) = await StartNodeAsync();
        await using var _ = redis;
        await using var __ = node;
        await using var client = await JsClient.StartAsync();

        var refused = await client.ConnectAsync("nowhere", node.BaseUrl + "/no-such-namespace", new JsConnectOptions { Reconnection = false });
        Assert.False(refused.Connected);
        Assert.Equal("Invalid namespace", refused.Message);

        await client.ConnectOrFailAsync("doomed", node.BaseUrl, new JsConnectOptions { Auth = new { room = "doomed" } });
        await client.EmitWithAckAsync("doomed", "disconnect-room", ["doomed"]);
        Assert.Equal("io server disconnect", await client.WaitForDisconnectAsync("doomed"));

        var before = await client.ConnectOrFailAsync("blip", node.BaseUrl, new JsConnectOptions
        {
            Transports = ["websocket"],
            ReconnectionDelay = 100,
            ReconnectionDelayMax = 200,
        });
        await client.KillTransportAsync("blip");
        Assert.Equal("transport close", await client.WaitForDisconnectAsync("blip"));
        var again = await client.WaitForEventAsync("blip", e => e.Reserved && e.Name == "connect" && e[0].GetProperty("id").GetString() != before, "a reconnect");
        Assert.False(again[0].GetProperty("recovered").GetBoolean());
    }

    [Fact]
    public async Task Speaks_msgpack_with_binary_and_connect_error_data()
    {
        await using var sample = await ProcessHost.StartDotNetAsync(Repo.SampleDll("Namespaces"), new Dictionary<string, string> { ["PARSER"] = "msgpack" });
        await using var client = await JsClient.StartAsync();
        var msgpack = new JsConnectOptions { Parser = "msgpack", Reconnection = false };

        await client.ConnectOrFailAsync("orders", sample.BaseUrl + "/orders", msgpack);
        var created = await client.EmitWithAckAsync("orders", "order:create", [new { item = "scanner", photo = new byte[] { 7, 8 } }]);
        Assert.Equal("scanner", created.GetProperty("item").GetString());
        Assert.Equal([7, 8], JsJson.Bytes(created.GetProperty("photo")));
        var broadcast = await client.WaitForEventAsync("orders", "order:created");
        Assert.Equal([7, 8], JsJson.Bytes(broadcast[0].GetProperty("photo")));

        var refused = await client.ConnectAsync("admin", sample.BaseUrl + "/admin", new JsConnectOptions { Parser = "msgpack", Reconnection = false, Auth = new { token = "wrong" } });
        Assert.False(refused.Connected);
        Assert.Equal("not authorized", refused.Message);
        Assert.Equal("bad token", refused.Data!.Value.GetProperty("reason").GetString());
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
