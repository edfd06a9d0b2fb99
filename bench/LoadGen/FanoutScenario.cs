namespace Bench.LoadGen;

/// <summary>
/// fanout N R T: N receivers join one room, then one extra sender (also in the room) broadcasts
/// at R per second for T seconds after a warm-up. R = 0 means flat out with at most
/// <see cref="Options.Window"/> broadcasts in flight, a slot being freed when the sender receives
/// its own copy. Latency = receipt − the timestamp the sender put in the payload.
/// </summary>
internal static class FanoutScenario
{
    public static async Task<int> RunAsync(Options options)
    {
        var receivers = options.IntArg(0, "N");
        var rate = options.IntArg(1, "R");
        var seconds = options.SecondsArg(2, "T");
        var wire = Wire.For(options.Target);
        var probe = new ServerProbe(options.ServerPid);

        var latency = new Histogram();
        long delivered = 0;
        long ownDelivered = 0;
        long lastDelivery = 0;
        long measureFromSeq = long.MaxValue;
        using var window = new SemaphoreSlim(options.Window, options.Window);

        int OnJoinReply(WsConn c, ReadOnlySpan<byte> message)
        {
            if (wire.TryReadJoinReply(message, out var id) && (id < 0 || id == c.PendingId))
            {
                c.Signal?.TrySetResult();
            }

            return 0;
        }

        int OnReceiver(WsConn c, ReadOnlySpan<byte> message)
        {
            if (!wire.TryReadMessage(message, out var timestamp, out var seq))
            {
                return OnJoinReply(c, message);
            }

            if (seq >= Volatile.Read(ref measureFromSeq))
            {
                var now = Clock.Now;
                latency.Record(Clock.ToNanoseconds(now - timestamp));
                Interlocked.Increment(ref delivered);
                var last = Volatile.Read(ref lastDelivery);
                while (now > last)
                {
                    var seen = Interlocked.CompareExchange(ref lastDelivery, now, last);
                    if (seen == last)
                    {
                        break;
                    }

                    last = seen;
                }
            }

            return 0;
        }

        int OnSender(WsConn c, ReadOnlySpan<byte> message)
        {
            if (!wire.TryReadMessage(message, out _, out _))
            {
                return OnJoinReply(c, message);
            }

            Interlocked.Increment(ref ownDelivered);
            if (rate == 0)
            {
                window.Release();
            }

            return 0;
        }

        async Task JoinAsync(WsConn c)
        {
            c.Signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            c.PendingId = 1;
            var length = wire.WriteJoin(c.Outgoing, options.Room, c.PendingId);
            await c.SendAsync(c.Outgoing.AsMemory(0, length));
            await c.Signal.Task.WaitAsync(TimeSpan.FromSeconds(10));
            if (c.Completion.IsCompleted)
            {
                throw new IOException("connection closed before the join was acknowledged");
            }
        }

        var (connections, failed, firstError) = await Connector.OpenAsync(options, wire, receivers, OnReceiver, prepare: JoinAsync);
        var joined = receivers - failed;
        var (senders, senderFailed, senderError) = await Connector.OpenAsync(options, wire, 1, OnSender, prepare: JoinAsync);
        if (senders[0] is not { } sender)
        {
            Console.Error.WriteLine($"fanout: the sender could not connect: {senderError}");
            await Connector.CloseAllAsync(connections);
            return 1;
        }

        var closesBefore = WsConn.UnexpectedCloses;
        var start = Clock.Now;
        var warmEnd = start + Clock.FromSeconds(options.Warmup);
        var end = warmEnd + Clock.FromSeconds(seconds);
        var interval = rate > 0 ? Clock.FromSeconds(1.0 / rate) : 0;
        var next = start;
        long seq = 0;
        long measuredSent = 0;
        long measuredStart = 0;
        long? cpuBefore = null;
        var selfBefore = 0.0;
        var stalledWindow = false;

        while (true)
        {
            if (rate > 0)
            {
                await Clock.UntilAsync(next);
                next += interval;
            }
            else if (!await window.WaitAsync(TimeSpan.FromSeconds(5)))
            {
                stalledWindow = true;
                break;
            }

            var now = Clock.Now;
            if (now >= end || sender.Completion.IsCompleted)
            {
                break;
            }

            if (now >= warmEnd && measuredStart == 0)
            {
                measuredStart = now;
                cpuBefore = probe.CpuMicroseconds();
                selfBefore = ServerProbe.SelfCpuMicroseconds();
                Volatile.Write(ref measureFromSeq, seq);
            }

            var length = wire.WriteBroadcast(sender.Outgoing, options.Room, Clock.Now, seq);
            await sender.SendAsync(sender.Outgoing.AsMemory(0, length));
            if (seq >= measureFromSeq)
            {
                measuredSent++;
            }

            seq++;
        }

        var sendEnd = Clock.Now;

        // Drain: wait for every copy, or until no new delivery arrived for the grace period.
        var expected = measuredSent * joined;
        await Drain.UntilDeliveredAsync(() => Interlocked.Read(ref delivered), expected, options.Drain, seconds);

        var cpuAfter = probe.CpuMicroseconds();
        var selfAfter = ServerProbe.SelfCpuMicroseconds();
        var total = Interlocked.Read(ref delivered);
        var deliverySpan = Clock.ToSeconds(Math.Max(Interlocked.Read(ref lastDelivery), sendEnd) - measuredStart);
        var spanAll = Clock.ToSeconds(Clock.Now - measuredStart);

        var result = new Result();
        result.Add("receivers", receivers);
        result.Add("joined", joined);
        result.Add("failed", failed + senderFailed);
        result.Add("dropped", WsConn.UnexpectedCloses - closesBefore);
        result.Add("rate", rate);
        result.Add("broadcasts", measuredSent);
        result.Add("broadcasts_per_sec", measuredSent / seconds);
        result.Add("expected", expected);
        result.Add("delivered", total);
        result.Add("lost", expected - total);
        result.Add("delivered_per_sec", measuredStart > 0 && deliverySpan > 0 ? total / deliverySpan : 0);
        result.Add("server_cpu_pct", cpuAfter - cpuBefore is { } sc ? 100 * sc / 1e6 / spanAll : null);
        result.Add("server_cpu_us_per_delivery", cpuAfter - cpuBefore is { } s && total > 0 ? (double)s / (total + Interlocked.Read(ref ownDelivered)) : null);
        result.Add("loadgen_cpu_pct", measuredStart > 0 ? 100 * (selfAfter - selfBefore) / 1e6 / spanAll : null);
        result.Add("window_stalled", stalledWindow ? 1 : 0);
        if (firstError is not null)
        {
            result.Note("first_error", firstError);
        }

        result.Print(options, latency);
        sender.Abort();
        await Connector.CloseAllAsync(connections);
        return failed == 0 && senderFailed == 0 && !stalledWindow ? 0 : 1;
    }
}
