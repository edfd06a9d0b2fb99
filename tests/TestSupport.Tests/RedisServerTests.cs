namespace SocketIO.TestSupport.Tests;

public class RedisServerTests
{
    [Fact]
    public async Task Runs_with_extra_arguments_and_restarts_empty_on_the_same_port_after_a_kill()
    {
        await using var redis = await RedisServer.StartAsync("--client-output-buffer-limit", "pubsub 1mb 512kb 10");
        Assert.Equal($"redis://127.0.0.1:{redis.Port}", redis.Url);
        Assert.Equal($"127.0.0.1:{redis.Port}", redis.Configuration);
        var limit = (object?[])(await redis.ExecuteAsync("CONFIG", "GET", "client-output-buffer-limit"))!;
        Assert.Contains("pubsub 1048576 524288 10", (string)limit[1]!);
        Assert.Equal("OK", await redis.ExecuteAsync("SET", "k", "v"));

        await redis.KillAsync();
        Assert.False(redis.IsRunning);
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => redis.ExecuteAsync("PING"));

        var port = redis.Port;
        await redis.RestartAsync();
        Assert.Equal(port, redis.Port);
        Assert.Equal("PONG", await redis.ExecuteAsync("PING"));
        Assert.Null(await redis.ExecuteAsync("GET", "k"));
    }

    [Fact]
    public async Task Monitor_sees_a_publish_and_numsub_counts_subscribers()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var monitor = await redis.MonitorAsync();
        Assert.Equal(0, await redis.NumSubAsync("news"));

        Assert.Equal(0L, await redis.ExecuteAsync("PUBLISH", "news", "hello"));

        var line = await monitor.WaitForAsync(l => l.Contains("\"PUBLISH\" \"news\"", StringComparison.Ordinal), "PUBLISH news");
        Assert.Contains("\"hello\"", line);
        var error = await Assert.ThrowsAsync<RedisErrorException>(() => redis.ExecuteAsync("NO-SUCH-COMMAND"));
        Assert.Contains("unknown command", error.Message);
    }
}
