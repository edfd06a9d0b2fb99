namespace Bench.LoadGen;

/// <summary>
/// connect N: open N connections (bounded concurrency), keep them alive (pings answered), and
/// report the time to open them all, the server CPU spent meanwhile, and the server's RSS.
/// </summary>
internal static class ConnectScenario
{
    public static async Task<int> RunAsync(Options options)
    {
        var count = options.IntArg(0, "N");
        var wire = Wire.For(options.Target);
        var probe = new ServerProbe(options.ServerPid);

        if (options.WarmupConnections > 0)
        {
            // Let the server JIT its handshake path before we charge CPU to handshakes.
            var (warm, _, _) = await Connector.OpenAsync(options, wire, options.WarmupConnections, handler: null);
            await Task.WhenAll(warm.Where(c => c is not null).Select(c => c!.CloseAsync(TimeSpan.FromSeconds(1))));
            await Task.Delay(500);
        }

        var closesBefore = WsConn.UnexpectedCloses;
        var rssBefore = probe.RssKb();
        var cpuBefore = probe.CpuMicroseconds();
        var selfBefore = ServerProbe.SelfCpuMicroseconds();
        var handshakes = new Histogram();
        var started = Clock.Now;

        var (connections, failed, firstError) = await Connector.OpenAsync(options, wire, count, handler: null, handshakes);

        var elapsed = Clock.ToSeconds(Clock.Now - started);
        var cpuAfter = probe.CpuMicroseconds();
        var selfAfter = ServerProbe.SelfCpuMicroseconds();

        await Task.Delay(TimeSpan.FromSeconds(options.Settle));
        var rssAfter = probe.RssKb();
        var alive = connections.Count(c => c is not null && !c.Completion.IsCompleted);
        var opened = count - failed;

        var result = new Result();
        result.Add("connections", count);
        result.Add("connected", opened);
        result.Add("failed", failed);
        result.Add("alive_after_settle", alive);
        result.Add("dropped", WsConn.UnexpectedCloses - closesBefore);
        result.Add("connect_time_ms", elapsed * 1000);
        result.Add("conns_per_sec", opened / elapsed);
        result.Add("server_cpu_ms", cpuAfter - cpuBefore is { } cpu ? cpu / 1000.0 : null);
        result.Add("server_cpu_us_per_conn", cpuAfter - cpuBefore is { } c && opened > 0 ? (double)c / opened : null);
        result.Add("rss_baseline_kb", rssBefore);
        result.Add("rss_after_kb", rssAfter);
        result.Add("rss_per_conn_kb", rssAfter is { } after && opened > 0 ? (double)after / opened : null);
        result.Add("rss_delta_per_conn_kb", rssAfter - rssBefore is { } delta && opened > 0 ? (double)delta / opened : null);
        result.Add("loadgen_cpu_pct", 100 * (selfAfter - selfBefore) / 1e6 / elapsed);
        if (firstError is not null)
        {
            result.Note("first_error", firstError);
        }

        result.Print(options, handshakes);
        await Connector.CloseAllAsync(connections);
        return failed == 0 ? 0 : 1;
    }
}
