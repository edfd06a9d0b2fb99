// The ceiling for the benchmark: a bare Kestrel WebSocket endpoint with the same three
// operations as the Socket.IO bench contract, in a trivial text framing.
//
//   e<anything>          echo          -> the same frame back
//   j<room>              join          -> "J"
//   b<room>|<payload>    broadcast     -> "m<payload>" to every member of <room>, sender included
//
// One text message per operation. Nothing is logged per message or per connection.
// Listens on http://127.0.0.1:$PORT/ws (PORT defaults to 3000). SIGTERM stops it.

using System.Net;
using Bench.RawWebSocket;

var port = int.TryParse(Environment.GetEnvironmentVariable("PORT"), out var p) ? p : 3000;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
builder.WebHost.ConfigureKestrel(o =>
{
    o.Listen(IPAddress.Loopback, port);
    o.Limits.MaxConcurrentConnections = null;
    o.Limits.MaxConcurrentUpgradedConnections = null;
});

var app = builder.Build();
var rooms = new RoomRegistry();
var stopping = app.Lifetime.ApplicationStopping;

app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
app.Map("/ws", async context =>
{
    if (!context.WebSockets.IsWebSocketRequest)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return;
    }

    using var socket = await context.WebSockets.AcceptWebSocketAsync();
    var connection = new Connection(socket, rooms);
    await connection.RunAsync(stopping);
});

app.Lifetime.ApplicationStarted.Register(() =>
    Console.WriteLine($"raw websocket listening on ws://127.0.0.1:{port}/ws"));

await app.RunAsync();
