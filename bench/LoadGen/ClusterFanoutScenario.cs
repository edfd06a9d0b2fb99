namespace Bench.LoadGen;

/// <summary>
/// cluster-fanout MODE N R T: the fanout scenario across nodes that share one broker. N receivers join
/// one room, half on the first node (--url) and half on the second (--url2). A sender on the first node
/// broadcasts at R per second (0 = flat out) for T seconds after a warm-up. Flat out, at most
/// <see cref="Options.Window"/> broadcasts are in flight: a slot frees once both the sender (first node)
/// and a tracker client in the room on the second node have received their copy. Latency = receipt −
/// the sender's timestamp, also split into receivers on the sender's node (local) and on the other
/// (remote). Server CPU is the sum of both nodes. MODE names the adapter the servers run on: classic or
/// sharded Redis (checked against Redis's subscriptions), or rabbitmq. A third node (--url3, --server3-pid)
/// holds none of the room's members: the bytes it received from the broker and the CPU it spent per
/// broadcast show whether a node without the room still gets the room's broadcasts.
/// </summary>
internal static class ClusterFanoutScenario
{
    public static async Task<int> RunAsync(Options options)
    {
        var mode = options.Arguments.Count > 0 ? options.Arguments[0] : "";
        if (mode is not ("classic" or "sharded" or "rabbitmq"))
        {
            throw new ArgumentException("cluster-fanout: argument 1 (MODE) must be classic, sharded or rabbitmq");
        }

        var receivers = options.IntArg(1, "N");
        var rate = options.IntArg(2, "R");
        var seconds = options.SecondsArg(3, "T");
        var url2 = options.Url2 ?? throw new ArgumentException("cluster-fanout needs --url2 (the second node)");
        var wire = Wire.For(options.Target);
        var probeA = new ServerProbe(options.ServerPid);
        var probeB = new ServerProbe(options.Server2Pid);
        var probeC = new ServerProbe(options.Server3Pid);
        var probeBroker = new ServerProbe(options.BrokerPid);
        var brokerPort = options.Broker is { } endpoint ? int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture) : 0;
        using var redis = mode != "rabbitmq" && options.Broker is { } redisEndpoint ? RedisProbe.Connect(redisEndpoint) : null;

        var latency = new Histogram();
        var local = new Histogram();
        var remote = new Histogram();
        long delivered = 0;
        long ownA = 0;
        long ownB = 0;
        long released = 0;
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

        int OnReceiver(WsConn c, ReadOnlySpan<byte> message, Histogram side)
        {
            if (!wire.TryReadMessage(message, out var timestamp, out var seq))
            {
                return OnJoinReply(c, message);
            }

            if (seq >= Volatile.Read(ref measureFromSeq))
            {
                var now = Clock.Now;
                var nanoseconds = Clock.ToNanoseconds(now - timestamp);
                latency.Record(nanoseconds);
                side.Record(nanoseconds);
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

        // Frees window slots up to the number of broadcasts both nodes have delivered to their own client.
        void Release()
        {
            while (rate == 0)
            {
                var both = Math.Min(Volatile.Read(ref ownA), Volatile.Read(ref ownB));
                var done = Volatile.Read(ref released);
                if (both <= done)
                {
                    return;
                }

                if (Interlocked.CompareExchange(ref released, both, done) == done)
                {
                    window.Release((int)(both - done));
                    return;
                }
            }
        }

        int OnOwn(WsConn c, ReadOnlySpan<byte> message, bool first)
        {
            if (!wire.TryReadMessage(message, out _, out _))
            {
                return OnJoinReply(c, message);
            }

            Interlocked.Increment(ref first ? ref ownA : ref ownB);
            Release();
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

        var onA = (receivers + 1) / 2;
        var (connectionsA, failedA, errorA) = await Connector.OpenAsync(options, wire, onA, (c, m) => OnReceiver(c, m, local), prepare: JoinAsync);
        var (connectionsB, failedB, errorB) = await Connector.OpenAsync(options, wire, receivers - onA, (c, m) => OnReceiver(c, m, remote), prepare: JoinAsync, url: url2);
        var (senders, senderFailed, senderError) = await Connector.OpenAsync(options, wire, 1, (c, m) => OnOwn(c, m, first: true), prepare: JoinAsync);
        var (trackers, trackerFailed, trackerError) = await Connector.OpenAsync(options, wire, 1, (c, m) => OnOwn(c, m, first: false), prepare: JoinAsync, url: url2);
        var connections = connectionsA.Concat(connectionsB).Concat(trackers).ToArray();
        var failed = failedA + failedB;
        var joined = receivers - failed;
        if (senders[0] is not { } sender || trackers[0] is null)
        {
            Console.Error.WriteLine($"cluster-fanout: the sender or the tracker could not connect: {senderError ?? trackerError}");
            await Connector.CloseAllAsync(connections.Concat(senders));
            return 1;
        }

        // The nodes' connections to the broker, by local port (they stay open for the whole run).
        var portsB = brokerPort == 0 ? [] : BrokerSockets.LocalPortsOf(options.Server2Pid, brokerPort);
        var portsC = brokerPort == 0 ? [] : BrokerSockets.LocalPortsOf(options.Server3Pid, brokerPort);
        var closesBefore = WsConn.UnexpectedCloses;
        var start = Clock.Now;
        var warmEnd = start + Clock.FromSeconds(options.Warmup);
        var end = warmEnd + Clock.FromSeconds(seconds);
        var interval = rate > 0 ? Clock.FromSeconds(1.0 / rate) : 0;
        var next = start;
        long seq = 0;
        long measuredSent = 0;
        long measuredStart = 0;
        var before = default(Sample);
        var stalledWindow = false;
        long sampleTicks = 0;

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
                // Sampling runs ss and asks Redis (milliseconds): the window starts after it, so that
                // neither a shorter window nor a burst of late broadcasts follows.
                before = Sample.Take(probeA, probeB, probeC, probeBroker, redis, brokerPort, portsB, portsC);
                measuredStart = Clock.Now;
                sampleTicks = measuredStart - now;
                end = measuredStart + Clock.FromSeconds(seconds);
                next = measuredStart + interval;
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

        var spanAll = Clock.ToSeconds(Clock.Now - measuredStart);
        var after = Sample.Take(probeA, probeB, probeC, probeBroker, redis, brokerPort, portsB, portsC);
        var total = Interlocked.Read(ref delivered);
        var deliverySpan = Clock.ToSeconds(Math.Max(Interlocked.Read(ref lastDelivery), sendEnd) - measuredStart);
        var own = Interlocked.Read(ref ownA) + Interlocked.Read(ref ownB);
        var broadcasts = measuredSent > 0 ? (double)measuredSent : double.NaN;

        // The subscriptions say which mode the servers are really in: classic nodes hold a pattern
        // subscription each; sharded nodes none, and in the dynamic mode one room channel each.
        long? nodes = null;
        long? roomNodes = null;
        long? patterns = null;
        if (redis is not null)
        {
            var sharded = mode == "sharded";
            patterns = redis.PatternCount();
            nodes = redis.Subscribers(sharded ? "socket.io#/#" : "socket.io-request#/#", sharded);
            roomNodes = sharded ? redis.Subscribers($"socket.io#/#{options.Room}#", sharded: true) : null;
        }

        // Every node holds a connection to the broker (a node that never joined would not show up in lost copies
        // when it is the room-less one).
        var modeOk = (patterns is not { } p || (mode == "classic" ? p > 0 : p == 0))
            && (brokerPort == 0 || (portsB.Count > 0 && (options.Server3Pid is null || portsC.Count > 0)));

        var result = new Result();
        result.Add("receivers", receivers);
        result.Add("joined", joined);
        result.Add("failed", failed + senderFailed + trackerFailed);
        result.Add("dropped", WsConn.UnexpectedCloses - closesBefore);
        result.Add("rate", rate);
        result.Add("broadcasts", measuredSent);
        result.Add("broadcasts_per_sec", measuredSent / seconds);
        result.Add("expected", expected);
        result.Add("delivered", total);
        result.Add("lost", expected - total);
        result.Add("delivered_per_sec", measuredStart > 0 && deliverySpan > 0 ? total / deliverySpan : 0);
        result.Add("p50_local_us", local.Count > 0 ? Result.Micros(local.ValueAt(0.50)) : null);
        result.Add("p99_local_us", local.Count > 0 ? Result.Micros(local.ValueAt(0.99)) : null);
        result.Add("p50_remote_us", remote.Count > 0 ? Result.Micros(remote.ValueAt(0.50)) : null);
        result.Add("p99_remote_us", remote.Count > 0 ? Result.Micros(remote.ValueAt(0.99)) : null);
        var cpuA = after.CpuA - before.CpuA;
        var cpuB = after.CpuB - before.CpuB;
        result.Add("server_cpu_pct", cpuA + cpuB is { } ab ? 100 * ab / 1e6 / spanAll : null);
        result.Add("server_a_cpu_pct", cpuA is { } a ? 100 * a / 1e6 / spanAll : null);
        result.Add("server_b_cpu_pct", cpuB is { } b ? 100 * b / 1e6 / spanAll : null);
        result.Add("server_cpu_us_per_delivery", cpuA + cpuB is { } s && total > 0 ? (double)s / (total + own) : null);
        result.Add("broker_cpu_pct", after.CpuBroker - before.CpuBroker is { } r ? 100 * r / 1e6 / spanAll : null);
        result.Add("broker_cpu_us_per_broadcast", (after.CpuBroker - before.CpuBroker) / broadcasts);
        var bytesB = (after.BytesB - before.BytesB) / broadcasts;
        var bytesC = (after.BytesC - before.BytesC) / broadcasts;
        result.Add("node2_broker_bytes_per_broadcast", bytesB);
        result.Add("node3_broker_bytes_per_broadcast", bytesC);
        // What the room-less node receives of what a node with the room receives: 1 = every broadcast.
        result.Add("node3_bytes_share", bytesB > 0 ? bytesC / bytesB : null);
        result.Add("node3_cpu_us_per_broadcast", (after.CpuC - before.CpuC) / broadcasts);
        result.Add("node3_cpu_pct", after.CpuC - before.CpuC is { } c ? 100 * c / 1e6 / spanAll : null);
        result.Add("node2_broker_conns", brokerPort == 0 ? null : portsB.Count);
        result.Add("node3_broker_conns", brokerPort == 0 ? null : portsC.Count);
        result.Add("nodes", nodes);
        result.Add("room_nodes", roomNodes);
        result.Add("patterns", patterns);
        result.Add("mode_ok", modeOk ? 1 : 0);
        result.Add("loadgen_cpu_pct", measuredStart > 0 ? 100 * (after.Self - before.Self) / 1e6 / spanAll : null);
        result.Add("window_stalled", stalledWindow ? 1 : 0);
        result.Add("sample_ms", Clock.ToNanoseconds(sampleTicks) / 1e6);
        if ((errorA ?? errorB) is { } firstError)
        {
            result.Note("first_error", firstError);
        }

        result.Note("mode", mode);
        result.Print(options, latency);
        sender.Abort();
        await Connector.CloseAllAsync(connections);
        return failed == 0 && senderFailed == 0 && trackerFailed == 0 && !stalledWindow && modeOk ? 0 : 1;
    }

    /// <summary>Counters read at the start and the end of the measured window.</summary>
    private readonly record struct Sample(long? CpuA, long? CpuB, long? CpuC, double? CpuBroker, long? BytesB, long? BytesC, double Self)
    {
        public static Sample Take(
            ServerProbe a, ServerProbe b, ServerProbe c, ServerProbe broker, RedisProbe? redis, int brokerPort, HashSet<int> portsB, HashSet<int> portsC)
        {
            var bytes = brokerPort == 0 ? null : BrokerSockets.BytesReceivedFrom(brokerPort);
            return new(
                a.CpuMicroseconds(),
                b.CpuMicroseconds(),
                c.CpuMicroseconds(),
                // The broker's own process when its pid is known, else what Redis says of itself.
                broker.CpuMicroseconds() ?? redis?.CpuMicroseconds(),
                Of(bytes, portsB),
                Of(bytes, portsC),
                ServerProbe.SelfCpuMicroseconds());
        }

        private static long? Of(Dictionary<int, long>? bytes, HashSet<int> ports) =>
            bytes is null || ports.Count == 0 ? null : ports.Sum(bytes.GetValueOrDefault);
    }
}
