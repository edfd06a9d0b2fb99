using StackExchange.Redis;

namespace SocketIO.Adapters.Redis.Tests;

/// <summary>Garbage on the adapter's channels is dropped with a logged reason; the node keeps serving.</summary>
public sealed class RedisBadInputTests
{
    private static readonly byte[][] Garbage =
    [
        [0xc1],                                   // reserved msgpack byte
        [0x93, 0xa1],                             // truncated array
        "{not json"u8.ToArray(),
        "{\"type\":99,\"uid\":\"x\"}"u8.ToArray(),  // unknown request type
        [0x92, 0x01, 0x02],                       // an array that is no broadcast
        [0xdd, 0xff, 0xff, 0xff, 0xff],           // an array claiming 4 billion items
        [0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91,
         0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91,
         0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91,
         0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0xc0],  // nesting past the depth limit
        new byte[4096],                           // over MaxMessageSize
    ];

    [Theory]
    [InlineData(RedisAdapterMode.Classic)]
    [InlineData(RedisAdapterMode.Sharded)]
    public async Task Garbage_on_every_channel_is_dropped_with_a_reason_and_the_node_keeps_serving(RedisAdapterMode mode)
    {
        await using var nodes = await RedisNodes.StartAsync();
        await using var cluster = await InProcessCluster.StartAsync(2, _ => nodes.Node(o =>
        {
            o.Mode = mode;
            o.MaxMessageSize = 2048;
        }));
        var (b, _) = await cluster.ConnectAsync(1);
        await using var raw = await ConnectionMultiplexer.ConnectAsync(nodes.Redis.Configuration);
        var publisher = raw.GetSubscriber();
        var channels = mode == RedisAdapterMode.Classic
            ? new[] { RedisChannel.Literal("socket.io#/#"), RedisChannel.Literal("socket.io-request#/#"), RedisChannel.Literal("socket.io-response#/#") }
            : [RedisChannel.Sharded("socket.io#/#")];
        foreach (var channel in channels)
            foreach (var body in Garbage)
                await publisher.PublishAsync(channel, body).WaitAsync(InProcessCluster.Wait);
        // A broadcast for another namespace, well formed: dropped, not delivered to "/".
        var foreign = mode == RedisAdapterMode.Classic
            ? Cluster.ClusterMessageCodec.EncodeMsgpack(new Cluster.ClusterMessage { Type = Cluster.ClusterMessageType.Broadcast, Uid = "x", Namespace = "/other", Data = Protocol.PacketData.FromJson("[\"no\"]") })
            : Cluster.ClusterMessageCodec.EncodeJson(new Cluster.ClusterMessage { Type = Cluster.ClusterMessageType.Broadcast, Uid = "x", Namespace = "/other", Data = Protocol.PacketData.FromJson("[\"no\"]") });
        await publisher.PublishAsync(channels[0], foreign).WaitAsync(InProcessCluster.Wait);

        // Every garbage message on every channel was dropped with a reason, by both nodes.
        var expected = 2 * channels.Length * Garbage.Length - (mode == RedisAdapterMode.Classic ? 2 * 2 : 2);
        await cluster.UntilAsync(() => nodes.Logs.Lines.Count(l => l.Contains("dropped a message", StringComparison.Ordinal)) >= expected,
            $"{expected} dropped messages are logged");
        cluster[0].Emit("still", "serving");
        Assert.Equal("42[\"still\",\"serving\"]", await b.NextAsync());
    }
}
