using System.Text;

namespace Bench.LoadGen;

/// <summary>
/// echo C T: C clients, each in a closed loop of acknowledged echoes (one outstanding request per
/// client), warm-up first, then T measured seconds. Latency = ack receipt − request send.
/// </summary>
internal static class EchoScenario
{
    public static async Task<int> RunAsync(Options options)
    {
        var clients = options.IntArg(0, "C");
        var seconds = options.SecondsArg(1, "T");
        var wire = Wire.For(options.Target);
        var probe = new ServerProbe(options.ServerPid);
        var payload = MakePayload(options.PayloadBytes);

        var latency = new Histogram();
        long acks = 0;
        long measureStart = long.MaxValue;
        long measureEnd = long.MaxValue;

        int OnMessage(WsConn c, ReadOnlySpan<byte> message)
        {
            if (!wire.TryReadEchoReply(message, out var id) || (id >= 0 && id != c.PendingId))
            {
                return 0;
            }

            var now = Clock.Now;
            if (now >= measureStart && now < measureEnd)
            {
                latency.Record(Clock.ToNanoseconds(now - c.SentAt));
                Interlocked.Increment(ref acks);
            }

            if (now >= measureEnd)
            {
                c.Signal?.TrySetResult();
                return 0;
            }

            c.PendingId++;
            c.SentAt = Clock.Now;
            return wire.WriteEcho(c.Scratch, c.PendingId, c.SentAt, payload);
        }

        var (connections, failed, firstError) = await Connector.OpenAsync(options, wire, clients, OnMessage);
        var live = connections.Where(c => c is not null).Select(c => c!).ToArray();
        var closesBefore = WsConn.UnexpectedCloses;

        var start = Clock.Now;
        measureStart = start + Clock.FromSeconds(options.Warmup);
        measureEnd = measureStart + Clock.FromSeconds(seconds);
        foreach (var c in live)
        {
            c.Signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            c.PendingId = 1;
            c.SentAt = Clock.Now;
            var length = wire.WriteEcho(c.Outgoing, c.PendingId, c.SentAt, payload);
            await c.SendAsync(c.Outgoing.AsMemory(0, length));
        }

        await Clock.UntilAsync(measureStart);
        var cpuBefore = probe.CpuMicroseconds();
        var selfBefore = ServerProbe.SelfCpuMicroseconds();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var windowStart = Clock.Now;
        await Clock.UntilAsync(measureEnd);
        var cpuAfter = probe.CpuMicroseconds();
        var selfAfter = ServerProbe.SelfCpuMicroseconds();
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        var window = Clock.ToSeconds(Clock.Now - windowStart);

        var all = Task.WhenAll(live.Select(c => c.Signal!.Task));
        await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(5)));
        var stalled = live.Count(c => !c.Signal!.Task.IsCompleted);

        var result = new Result();
        result.Add("clients", clients);
        result.Add("failed", failed);
        result.Add("dropped", WsConn.UnexpectedCloses - closesBefore);
        result.Add("stalled", stalled);
        result.Add("acks", acks);
        result.Add("acks_per_sec", acks / seconds);
        var serverCpu = cpuAfter - cpuBefore;
        result.Add("server_cpu_pct", serverCpu is { } sc ? 100 * sc / 1e6 / window : null);
        result.Add("server_cpu_us_per_ack", serverCpu is { } s && acks > 0 ? (double)s / acks : null);
        result.Add("loadgen_cpu_pct", 100 * (selfAfter - selfBefore) / 1e6 / window);
        result.Add("loadgen_alloc_bytes_per_ack", acks > 0 ? (double)allocated / acks : null);
        if (firstError is not null)
        {
            result.Note("first_error", firstError);
        }

        result.Print(options, latency);
        await Connector.CloseAllAsync(connections);
        return failed == 0 && stalled == 0 ? 0 : 1;
    }

    public static byte[] MakePayload(int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append((char)('a' + (i % 26)));
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }
}
