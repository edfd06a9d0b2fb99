// One node of a Socket.IO cluster: run two or more of them on one Redis and connect clients to any node.
//   REDIS_URL=redis://127.0.0.1:6379 NODE_NAME=A PORT=3001 dotnet run --project samples/Cluster
//   REDIS_URL=redis://127.0.0.1:6379 NODE_NAME=B PORT=3002 dotnet run --project samples/Cluster
// REDIS_MODE = classic (default) | sharded | streams. With AMQP_URL (amqp://127.0.0.1:5672) instead of REDIS_URL the
// nodes share RabbitMQ (docs/rabbitmq.md). RECOVERY=1 turns on connection state recovery (2 minutes, middleware
// skipped), which the streams mode carries across nodes. The events it serves are in ClusterNode.cs; programs
// outside the tests drive it, so its behaviour is a fixed contract (docs/architecture.md#test-hosts).
using Cluster;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using SocketIO;
using SocketIO.Adapters.Redis;

var port = Environment.GetEnvironmentVariable("PORT") is { Length: > 0 } p ? int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) : 3000;
var nodeName = Environment.GetEnvironmentVariable("NODE_NAME") is { Length: > 0 } n ? n : "node";
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");

var socketIO = builder.Services.AddSocketIO(o =>
{
    // Node's connectionStateRecovery defaults: a client may come back within 2 minutes, and skips the middleware.
    if (Environment.GetEnvironmentVariable("RECOVERY") == "1")
        o.ConnectionStateRecovery = new ConnectionStateRecoveryOptions { MaxDisconnectionDuration = TimeSpan.FromMinutes(2), SkipMiddlewares = true };
});
var redisUrl = Environment.GetEnvironmentVariable("REDIS_URL");
var amqpUrl = Environment.GetEnvironmentVariable("AMQP_URL");
string adapter;
if (string.IsNullOrEmpty(redisUrl) && !string.IsNullOrEmpty(amqpUrl))
{
    // The RabbitMQ format's defaults (a heartbeat every 5 s, a node dropped after 10 s), with the contract's timeout.
    socketIO.AddRabbitMqAdapter(o =>
    {
        o.ConnectionUri = new Uri(amqpUrl);
        o.RequestsTimeout = ClusterNode.Timeout;
    });
    // RabbitMQ has no all-rooms request: the adapter answers with this node's rooms, as the contract says.
    socketIO.Configure(io => new ClusterNode(io, nodeName, askAdapterForRooms: true).Configure());
    adapter = "amqp";
}
else if (!string.IsNullOrEmpty(redisUrl))
{
    var mode = Environment.GetEnvironmentVariable("REDIS_MODE") switch
    {
        null or "" or "classic" => RedisAdapterMode.Classic,
        "sharded" => RedisAdapterMode.Sharded,
        "streams" => RedisAdapterMode.Streams,
        var other => throw new InvalidOperationException($"REDIS_MODE '{other}' is not classic, sharded or streams."),
    };
    // The defaults of @socket.io/redis-adapter's createAdapter and createShardedAdapter, and of
    // @socket.io/redis-streams-adapter 0.3's createAdapter, with requestsTimeout 3000 as the contract says.
    socketIO.AddRedisAdapter(o =>
    {
        o.Configuration = redisUrl;
        o.Mode = mode;
        o.RequestsTimeout = ClusterNode.Timeout;
    });
    socketIO.Configure(io => new ClusterNode(io, nodeName, askAdapterForRooms: mode == RedisAdapterMode.Classic).Configure());
    adapter = mode.ToString().ToLowerInvariant();
}
else
{
    Console.Error.WriteLine("Set REDIS_URL (redis://127.0.0.1:6379) or AMQP_URL (amqp://127.0.0.1:5672).");
    return 2;
}

var app = builder.Build();
app.MapSocketIO("/socket.io");
await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
    ?? $"http://127.0.0.1:{port}";
Console.WriteLine($"cluster node {nodeName} listening on {address} ({adapter})");
await app.WaitForShutdownAsync();
return 0;
