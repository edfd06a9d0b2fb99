using StackExchange.Redis;
using static SocketIO.Adapters.Redis.Tests.StreamsRecoveryWire;
using static SocketIO.TestSupport.RecoveryWire;

namespace SocketIO.Adapters.Redis.Tests;

/// <summary>Garbage in the stream, on the channels and in a stored session is dropped with a logged reason; the nodes keep serving.</summary>
public sealed class StreamsBadInputTests
{
    // Each entry's fields, and the reason its drop is logged with.
    private static readonly (string[] Fields, string Reason)[] BadEntries =
    [
        (["uid", "x", "type", "3", "data", "{}"], "no nsp field"),
        (["uid", "x", "nsp", "/", "type", "three", "data", "{}"], "is not a number"),
        (["uid", "x", "nsp", "/", "type", "3", "data", "{not json"], "not a valid JSON message"),
        (["uid", "x", "nsp", "/", "type", "3", "data", "!!not base64!!"], "neither JSON nor base64"),
        (["uid", "x", "nsp", "/", "type", "3", "data", Convert.ToBase64String([0xc1])], "not a valid msgpack message"),
        (["uid", "x", "nsp", "/", "type", "3", "data", "{\"opts\":{}}"], "no packet data array"),
        (["uid", "x", "nsp", "/", "type", "4", "data", "{\"opts\":{}}"], "has no rooms"),
        (["uid", "x", "nsp", "/", "type", "3", "data", "{" + new string(' ', 3000) + "}"], "over MaxMessageSize"),
    ];

    [Fact]
    public async Task Garbage_in_the_stream_on_the_channels_and_in_a_session_is_dropped_with_a_reason_and_the_nodes_keep_serving()
    {
        await using var nodes = await RedisNodes.StartAsync();
        await using var cluster = await InProcessCluster.StartAsync(2, _ => nodes.Node(o =>
        {
            o.Mode = RedisAdapterMode.Streams;
            o.MaxMessageSize = 2048;
        }), options: o => o.ConnectionStateRecovery = new ConnectionStateRecoveryOptions());
        var b = await ConnectAsync(cluster[1]);

        foreach (var (fields, _) in BadEntries)
            await nodes.Redis.ExecuteAsync(["XADD", "socket.io", "*", .. fields]);
        await nodes.Redis.ExecuteAsync("XADD", "socket.io", "*", "uid", "x", "nsp", "/", "type", "99", "data", "{}");
        await nodes.Redis.ExecuteAsync("XADD", "socket.io", "*", "uid", "x", "nsp", "/elsewhere", "type", "3", "data", "{\"packet\":{\"type\":2,\"data\":[\"no\"]},\"opts\":{\"rooms\":[],\"except\":[],\"flags\":{}}}");
        await using (var raw = await ConnectionMultiplexer.ConnectAsync(nodes.Redis.Configuration))
        {
            foreach (var body in new byte[][] { [0xc1], [0x93, 0xa1], "{not json"u8.ToArray(), new byte[4096] })
                await raw.GetSubscriber().PublishAsync(RedisChannel.Literal("socket.io#/#"), body).WaitAsync(InProcessCluster.Wait);
        }

        // Both nodes read every entry and hear every message.
        await Poll.UntilAsync(() => Count("dropped entry") >= 2 * BadEntries.Length && Count("dropped a message") >= 2 * 4
            && Count("unknown type 99") >= 2 && Count("does not serve namespace /elsewhere") >= 2,
            InProcessCluster.Wait, "every drop is logged");
        foreach (var (_, reason) in BadEntries)
            Assert.Equal(2, nodes.Logs.Lines.Count(l => l.Contains("dropped entry", StringComparison.Ordinal) && l.Contains(reason, StringComparison.Ordinal)));

        // A stored session that is not one: the client gets a new socket, and the reason is logged.
        await nodes.Redis.ExecuteAsync("SET", "sio:session:bad-pid", "not a session", "PX", "60000");
        var newest = (object?[])(await nodes.Redis.ExecuteAsync("XREVRANGE", "socket.io", "+", "-", "COUNT", "1"))!;
        var back = await ReconnectAsync(cluster[0], "bad-pid", (string)((object?[])newest[0]!)[0]!);
        Assert.NotEqual("bad-pid", back.Pid);
        Assert.Contains(nodes.Logs.Lines, l => l.Contains("the stored session is malformed", StringComparison.Ordinal));

        cluster[0].Emit("still", "serving");
        Assert.Equal("42[\"still\",\"serving\"]", WithoutOffset(await b.Client.NextAsync()));
        Assert.Equal("42[\"still\",\"serving\"]", WithoutOffset(await back.Client.NextAsync()));

        int Count(string text) => nodes.Logs.Lines.Count(l => l.Contains(text, StringComparison.Ordinal));
    }
}
