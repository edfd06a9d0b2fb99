// The host for the official Engine.IO and Socket.IO protocol test suites. Its behaviour is a fixed
// contract (docs/architecture.md#test-hosts): keep it exactly as written.
using SocketIO;
using SocketIO.ConformanceServer;

var port = int.TryParse(Environment.GetEnvironmentVariable("PORT"), out var p) ? p : 3000;
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
// SOCKETIO_CONNECTION_HANDOFF=1: WebSockets own their connection once the upgrade is answered; the wire
// behaviour is the same (ConformanceServer.Tests runs its suite once more this way).
if (Environment.GetEnvironmentVariable("SOCKETIO_CONNECTION_HANDOFF") == "1")
    builder.WebHost.UseSocketIOConnections();
builder.Logging.SetMinimumLevel(LogLevel.Warning);

var socketIO = builder.Services
    .AddSocketIO(ConformanceSettings.ApplySocketIO)
    .ConfigureHttpTransport(ConformanceSettings.ApplyHttp);

// ---- Parser switch: PARSER=msgpack selects the MessagePack parser here --------------------------
switch (Environment.GetEnvironmentVariable("PARSER"))
{
    case null or "" or "json":
        break;
    case "msgpack":
        socketIO.AddMessagePackParser();
        break;
    case var other:
        throw new NotSupportedException($"PARSER={other} is not supported by this server.");
}
// ------------------------------------------------------------------------------------------------

var app = builder.Build();

// A bare Engine.IO endpoint with no Socket.IO layer: every message is echoed unchanged.
app.MapEngineIO(
    "/engine.io",
    session => session.MessageReceived += (s, message) => s.Send(message),
    ConformanceSettings.ApplyEngine,
    ConformanceSettings.ApplyHttp);

app.MapSocketIO("/socket.io", ConformanceNamespaces.Configure);

app.Run();
