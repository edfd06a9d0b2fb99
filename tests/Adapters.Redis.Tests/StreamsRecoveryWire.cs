namespace SocketIO.Adapters.Redis.Tests;

/// <summary>Recovery in streams mode on raw wire frames: the Redis side of <see cref="SocketIO.TestSupport.RecoveryWire"/>.</summary>
internal static class StreamsRecoveryWire
{
    /// <summary>Drops the client and waits until <paramref name="io"/> has let go of the socket and Redis holds its session.</summary>
    public static async Task DropAndPersistAsync(SocketIOServer io, RedisServer redis, RecoveryWire.Connected connected)
    {
        RecoveryWire.Drop(connected.Client);
        await Poll.UntilAsync(() => !io.Sockets.Sockets.ContainsKey(connected.Sid), InProcessCluster.Wait, "the socket is gone");
        await Poll.UntilAsync(async () => await redis.ExecuteAsync("EXISTS", "sio:session:" + connected.Pid) is 1L, InProcessCluster.Wait, "the session is in Redis");
    }

    /// <summary>Compares two stream ids numerically.</summary>
    public static int CompareIds(string a, string b)
    {
        static (ulong, ulong) Parse(string id) => (ulong.Parse(id[..id.IndexOf('-')]), ulong.Parse(id[(id.IndexOf('-') + 1)..]));
        return Parse(a).CompareTo(Parse(b));
    }
}
