// One node of a Socket.IO cluster: run two or more of them on one Redis and connect clients to any node.
//   REDIS_URL=redis://127.0.0.1:6379 NODE_NAME=A PORT=3001 dotnet run --project samples/Cluster
//   REDIS_URL=redis://127.0.0.1:6379 NODE_NAME=B PORT=3002 dotnet run --project samples/Cluster
// REDIS_MODE = classic (default) | sharded. The events it serves are in ClusterNode.cs; programs outside the
// tests drive it, so its behaviour is a fixed contract (docs/architecture.md#test-hosts).
using Cluster;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using SocketIO.Adapters.Redis;

var port = Environment.GetEnvironmentVariable("PORT") is { Length: > 0 } p ? int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) : 3000;
var nodeName = Environment.GetEnvironmentVariable("NODE_NAME") is { Length: > 0 } n ? n : "node";
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");

var socketIO = builder.Services.AddSocketIO();
var redisUrl = Environment.GetEnvironmentVariable("REDIS_URL");
if (string.IsNullOrEmpty(redisUrl))
{
    Console.Error.WriteLine("Set REDIS_URL (redis://127.0.0.1:6379).");
    return 2;
}
var mode = Environment.GetEnvironmentVariable("REDIS_MODE") switch
{
    null or "" or "classic" => RedisAdapterMode.Classic,
    "sharded" => RedisAdapterMode.Sharded,
    var other => throw new InvalidOperationException($"REDIS_MODE '{other}' is not classic or sharded."),
};
// The defaults of @socket.io/redis-adapter's createAdapter, with requestsTimeout 3000 as the contract says.
socketIO.AddRedisAdapter(o =>
{
    o.Configuration = redisUrl;
    o.Mode = mode;
    o.RequestsTimeout = ClusterNode.Timeout;
});
socketIO.Configure(io => new ClusterNode(io, nodeName, mode == RedisAdapterMode.Classic).Configure());

var app = builder.Build();
app.MapSocketIO("/socket.io");
await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
    ?? $"http://127.0.0.1:{port}";
Console.WriteLine($"cluster node {nodeName} listening on {address} ({mode.ToString().ToLowerInvariant()})");
await app.WaitForShutdownAsync();
return 0;
