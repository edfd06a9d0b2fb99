namespace SocketIO.Adapters.Redis.Tests;

/// <summary>Waits for a cluster to carry broadcasts again after a fault, by what a client receives.</summary>
internal static class ClusterProbe
{
    /// <summary>Emits probes from node 0 until one reaches <paramref name="client"/>; fails after <paramref name="within"/>.</summary>
    public static async Task UntilDeliveredAsync(InProcessCluster cluster, TestClient client, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        for (var i = 0; ; i++)
        {
            cluster[0].Emit("probe", i);
            var frame = await client.Transport.NextTextOrNullAsync(TimeSpan.FromMilliseconds(250));
            while (frame is not null && !frame.StartsWith("42[\"probe\"", StringComparison.Ordinal))
                frame = await client.Transport.NextTextOrNullAsync(TimeSpan.FromMilliseconds(50));
            if (frame is not null)
                return;
            Assert.True(DateTime.UtcNow < deadline, $"no broadcast crossed the cluster within {within.TotalSeconds} s");
        }
    }
}
