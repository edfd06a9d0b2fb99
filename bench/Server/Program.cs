// The benchmark contract host (docs/architecture.md#test-hosts): main namespace only,
// echo / join / broadcast, no per-message or per-connection logging, exits on SIGTERM.
// With REDIS_URL (redis://127.0.0.1:P) it runs as one node of a cluster on the Redis adapter,
// REDIS_MODE = classic (the default) | sharded; with AMQP_URL (amqp://guest:guest@127.0.0.1:P) instead,
// on the RabbitMQ adapter (docs/rabbitmq.md). The broadcast then reaches the room on every node.
using System.Net;
using SocketIO;
using SocketIO.Adapters.Redis;

var port = Environment.GetEnvironmentVariable("PORT") ?? "3000";
// Run socket completions and the whole receive → handler → write path on the epoll thread, as Node
// does on its event loop: no thread-pool hop per message. Handlers must then never block.
// SOCKETIO_BENCH_INLINE=0 measures the default thread-pool scheduling instead.
var inline = Environment.GetEnvironmentVariable("SOCKETIO_BENCH_INLINE") != "0";
if (inline)
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1"); // read when the first socket opens

var redisUrl = Environment.GetEnvironmentVariable("REDIS_URL");
var amqpUrl = Environment.GetEnvironmentVariable("AMQP_URL");
var redisMode = Environment.GetEnvironmentVariable("REDIS_MODE") switch
{
    null or "" or "classic" => RedisAdapterMode.Classic,
    "sharded" => RedisAdapterMode.Sharded,
    var other => throw new InvalidOperationException($"REDIS_MODE '{other}' is not classic or sharded."),
};

var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
if (inline)
    builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = true);
// WebSockets own their connection once the upgrade is answered; SOCKETIO_BENCH_KESTREL_STREAMS=1 leaves
// them on Kestrel's upgraded stream instead (run.sh's "ours-kestrel"), to compare the two.
if (Environment.GetEnvironmentVariable("SOCKETIO_BENCH_KESTREL_STREAMS") != "1")
    builder.WebHost.UseSocketIOConnections();
builder.Logging.ClearProviders();
var socketIO = builder.Services.AddSocketIO(o =>
{
    o.PingInterval = TimeSpan.FromMilliseconds(25000);
    // SOCKETIO_BENCH_RECOVERY=1: connection state recovery on (run.sh's "ours-csr"), to measure what it costs.
    if (Environment.GetEnvironmentVariable("SOCKETIO_BENCH_RECOVERY") == "1")
        o.ConnectionStateRecovery = new ConnectionStateRecoveryOptions();
});
// TCP_PORT: the same server over the raw TCP transport too (device scenarios: LoadGen --tcp-port).
if (Environment.GetEnvironmentVariable("TCP_PORT") is { Length: > 0 } tcpPort)
    socketIO.AddTcpTransport(o => o.Listen(IPAddress.Loopback, int.Parse(tcpPort, System.Globalization.CultureInfo.InvariantCulture)));
if (!string.IsNullOrEmpty(redisUrl))
{
    // Node's defaults otherwise (createAdapter / createShardedAdapter with subscriptionMode "dynamic").
    socketIO.AddRedisAdapter(o =>
    {
        o.Configuration = redisUrl;
        o.Mode = redisMode;
    });
}
else if (!string.IsNullOrEmpty(amqpUrl))
{
    // The format's defaults otherwise (a heartbeat every 5 s, requests time out after 5 s).
    socketIO.AddRabbitMqAdapter(o => o.ConnectionUri = new Uri(amqpUrl));
}

if (!string.IsNullOrEmpty(redisUrl) || !string.IsNullOrEmpty(amqpUrl))
{
    // The adapters log only outages and dropped messages: keep those visible in the server log.
    builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
}

var app = builder.Build();
app.UseWebSockets();
app.MapSocketIO("/socket.io", io => io.OnConnection(socket =>
{
    socket.On("echo", (SocketEvent e) => e.Ack(e.Args));
    socket.On("join", (SocketEvent e) =>
    {
        socket.Join(e.Args.Get<string>(0)!);
        e.Ack();
    });
    socket.On("broadcast", (SocketEvent e) => io.To(e.Args.Get<string>(0)!).Emit("msg", e.Args.GetRaw(1)));
}));
app.Run();
