using SocketIO.Adapters.Redis.Internal.Streams;

namespace SocketIO.Adapters.Redis.Tests;

/// <summary>Which stream a namespace uses, as @socket.io/redis-streams-adapter 0.3 computes it, and several streams in use.</summary>
public sealed class StreamsLayoutTests
{
    // Expected names computed with the npm package's own hashCode (dist/util.js) and JavaScript's %.
    [Theory]
    [InlineData("/", 1, "socket.io")]
    [InlineData("/chat", 1, "socket.io")]
    [InlineData("/", 4, "socket.io-3")]
    [InlineData("/chat", 4, "socket.io-3")]
    [InlineData("/admin", 3, "socket.io-1")]
    [InlineData("/é漢", 3, "socket.io-2")]
    [InlineData("/notifications", 3, "socket.io--2")]
    [InlineData("/chat-room-1", 4, "socket.io--3")]
    public void A_namespace_uses_the_stream_of_its_name_hash(string nsp, int streamCount, string stream) =>
        Assert.Equal(stream, StreamsRedisAdapter.StreamOf(nsp, new RedisAdapterOptions { StreamCount = streamCount }));

    [Fact]
    public async Task Namespaces_spread_over_several_streams_still_reach_every_node()
    {
        await using var nodes = await RedisNodes.StartAsync();
        await using var cluster = await InProcessCluster.StartAsync(2, _ => nodes.Node(o =>
        {
            o.Mode = RedisAdapterMode.Streams;
            o.StreamCount = 3;
            o.StreamName = "app";
        }), (_, io) => io.Of("/admin"));
        var (main, _) = await cluster.ConnectAsync(1);
        var (admin, _) = await cluster.ConnectAsync(1, "/admin");

        cluster[0].Emit("hello", 1);
        cluster[0].Of("/admin").Emit("hello", 2);

        Assert.Equal("42[\"hello\",1]", await main.NextAsync());
        Assert.Equal("42/admin,[\"hello\",2]", await admin.NextAsync());
        Assert.Equal(1L, await nodes.Redis.ExecuteAsync("XLEN", "app-2")); // "/" (hash 47)
        Assert.Equal(1L, await nodes.Redis.ExecuteAsync("XLEN", "app-1")); // "/admin"
        Assert.Equal(0L, await nodes.Redis.ExecuteAsync("XLEN", "app"));
    }
}
