using System.Globalization;

namespace Bench.LoadGen;

internal enum Target
{
    SocketIo,
    Raw,
}

internal sealed class Options
{
    public Target Target { get; private set; } = Target.SocketIo;

    public Uri Url { get; private set; } = new("http://127.0.0.1:3000");

    public int? ServerPid { get; private set; }

    /// <summary>cluster-fanout: the second node, which holds half of the receivers.</summary>
    public Uri? Url2 { get; private set; }

    public int? Server2Pid { get; private set; }

    /// <summary>cluster-fanout: an optional third node that holds none of the room's members.</summary>
    public Uri? Url3 { get; private set; }

    public int? Server3Pid { get; private set; }

    /// <summary>cluster-fanout: the broker of the cluster (<c>host:port</c>, Redis or RabbitMQ), for the nodes' traffic and Redis's subscriptions.</summary>
    public string? Broker { get; private set; }

    /// <summary>cluster-fanout: the broker's process (redis-server, or RabbitMQ's beam.smp), for its CPU time.</summary>
    public int? BrokerPid { get; private set; }

    /// <summary>Label for the server in results (ours, node, raw); defaults to the target name.</summary>
    public string ServerName { get; private set; } = "";

    /// <summary>Seconds of load before the measured window (echo, fanout, polling).</summary>
    public double Warmup { get; private set; } = 1;

    /// <summary>Seconds to wait after all connections are open before sampling memory (connect).</summary>
    public double Settle { get; private set; } = 2;

    /// <summary>Seconds without a new delivery after which a fanout run stops waiting for stragglers.</summary>
    public double Drain { get; private set; } = 2;

    /// <summary>Connections opened at a time.</summary>
    public int Concurrency { get; private set; } = 200;

    /// <summary>Length of the string payload in an echo request.</summary>
    public int PayloadBytes { get; private set; } = 32;

    /// <summary>Broadcasts in flight in a flat-out fanout (rate 0).</summary>
    public int Window { get; private set; } = 64;

    /// <summary>Connections opened and closed before a connect measurement, to warm the server up.</summary>
    public int WarmupConnections { get; private set; } = 100;

    public string Room { get; private set; } = "bench";

    /// <summary>Connect over the raw TCP transport on this port instead of WebSocket (Socket.IO targets).</summary>
    public int? TcpPort { get; private set; }

    /// <summary>TCP: spread connections over this many source addresses 127.0.0.1, 127.0.0.2, ... (past 64k ports per address).</summary>
    public int SourceAddresses { get; private set; } = 1;

    /// <summary>WebSocket client: false = LoadGen's own framing on a plain socket (default), true = .NET's <c>ClientWebSocket</c>.</summary>
    public bool DotnetWebSocket { get; private set; }

    public string Scenario { get; private set; } = "";

    public IReadOnlyList<string> Arguments { get; private set; } = [];

    public string Label => string.Join(' ', new[] { Scenario }.Concat(Arguments));

    public string TargetName => Target == Target.Raw ? "raw" : "sio";

    public static string Usage => """
        Usage: LoadGen --target sio|raw --url http://127.0.0.1:PORT [options] <scenario> args...

        Scenarios:
          connect N          open N WebSocket connections; time, server CPU per handshake, server RSS
          echo C T           C clients in a closed loop of acked echo for T seconds
          fanout N R T       N clients in one room; one sender broadcasts R/s (0 = flat out, windowed) for T s
          cluster-fanout MODE N R T
                             fanout across nodes on one broker: N receivers spread over --url and --url2,
                             the sender on --url; MODE (classic|sharded|rabbitmq) is the servers' adapter
                             (Redis modes are checked in Redis); --url3/--server3-pid is a node with no
                             member of the room
          polling N T        N HTTP long-polling clients (sio only) in an acked echo loop for T seconds
          summarize FILE...  read RESULT lines from files, print medians per scenario and server
                             (--out PATH writes the table as one JSON line, --mode and --rounds are recorded)

        Options:
          --server-pid PID   sample /proc/PID for CPU time and VmRSS
          --server-name NAME label used in results (ours, node, raw)
          --warmup S         seconds of unmeasured load first (default 1)
          --settle S         seconds between the last connect and the RSS sample (default 2)
          --drain S          fanout: stop waiting after S seconds without a delivery (default 2)
          --concurrency K    connections opened at a time (default 200)
          --payload BYTES    echo payload string length (default 32)
          --window W         fanout rate 0: broadcasts in flight (default 64)
          --warmup-conns W   connect: connections opened and closed before measuring (default 100)
          --tcp-port P       connect over the raw TCP transport on port P (the url's host) instead of WebSocket
          --ws-client C      raw (default): WebSocket framing on a plain socket; dotnet: ClientWebSocket
          --source-ips K     TCP: use K source addresses 127.0.0.1..127.0.0.K (default 1)
          --url2 URL, --server2-pid PID, --url3 URL, --server3-pid PID, --broker HOST:PORT, --broker-pid PID
                             cluster-fanout: the second and third nodes and the broker (Redis or RabbitMQ)
        """;

    public static Options Parse(string[] args, out Dictionary<string, string> extra)
    {
        var options = new Options();
        extra = new Dictionary<string, string>(StringComparer.Ordinal);
        var positional = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(arg);
                continue;
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{arg} needs a value");
            }

            var value = args[++i];
            switch (arg)
            {
                case "--target":
                    options.Target = value switch
                    {
                        "sio" => Target.SocketIo,
                        "raw" => Target.Raw,
                        _ => throw new ArgumentException($"unknown target '{value}' (sio|raw)"),
                    };
                    break;
                case "--url":
                    options.Url = new Uri(value.TrimEnd('/'));
                    break;
                case "--server-pid":
                    options.ServerPid = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--url2":
                    options.Url2 = new Uri(value.TrimEnd('/'));
                    break;
                case "--server2-pid":
                    options.Server2Pid = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--url3":
                    options.Url3 = new Uri(value.TrimEnd('/'));
                    break;
                case "--server3-pid":
                    options.Server3Pid = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--broker":
                    options.Broker = value.Contains("://", StringComparison.Ordinal) ? new Uri(value).Authority : value;
                    break;
                case "--broker-pid":
                    options.BrokerPid = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--server-name":
                    options.ServerName = value;
                    break;
                case "--warmup":
                    options.Warmup = double.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--settle":
                    options.Settle = double.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--drain":
                    options.Drain = double.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--concurrency":
                    options.Concurrency = Math.Max(1, int.Parse(value, CultureInfo.InvariantCulture));
                    break;
                case "--payload":
                    options.PayloadBytes = Math.Max(0, int.Parse(value, CultureInfo.InvariantCulture));
                    break;
                case "--window":
                    options.Window = Math.Max(1, int.Parse(value, CultureInfo.InvariantCulture));
                    break;
                case "--tcp-port":
                    options.TcpPort = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--source-ips":
                    options.SourceAddresses = Math.Clamp(int.Parse(value, CultureInfo.InvariantCulture), 1, 250);
                    break;
                case "--ws-client":
                    options.DotnetWebSocket = value switch
                    {
                        "raw" => false,
                        "dotnet" => true,
                        _ => throw new ArgumentException("--ws-client must be raw or dotnet"),
                    };
                    break;
                case "--warmup-conns":
                    options.WarmupConnections = Math.Max(0, int.Parse(value, CultureInfo.InvariantCulture));
                    break;
                case "--room":
                    options.Room = value;
                    break;
                default:
                    extra[arg] = value;
                    break;
            }
        }

        if (positional.Count == 0)
        {
            throw new ArgumentException("missing scenario");
        }

        options.Scenario = positional[0];
        options.Arguments = positional.Skip(1).ToArray();
        if (options.ServerName.Length == 0)
        {
            options.ServerName = options.TargetName;
        }

        return options;
    }

    public int IntArg(int index, string name)
    {
        if (index >= Arguments.Count || !int.TryParse(Arguments[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            throw new ArgumentException($"{Scenario}: argument {index + 1} ({name}) must be a non-negative integer");
        }

        return value;
    }

    public double SecondsArg(int index, string name)
    {
        if (index >= Arguments.Count || !double.TryParse(Arguments[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            throw new ArgumentException($"{Scenario}: argument {index + 1} ({name}) must be a positive number of seconds");
        }

        return value;
    }
}
