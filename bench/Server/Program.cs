// The benchmark contract host (docs/architecture.md#test-hosts): main namespace only,
// echo / join / broadcast, no per-message or per-connection logging, exits on SIGTERM.
using System.Net;
using SocketIO;

var port = Environment.GetEnvironmentVariable("PORT") ?? "3000";
// Run socket completions and the whole receive → handler → write path on the epoll thread, as Node
// does on its event loop: no thread-pool hop per message. Handlers must then never block.
// SOCKETIO_BENCH_INLINE=0 measures the default thread-pool scheduling instead.
var inline = Environment.GetEnvironmentVariable("SOCKETIO_BENCH_INLINE") != "0";
if (inline)
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1"); // read when the first socket opens

var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
if (inline)
    builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = true);
builder.Logging.ClearProviders();
var socketIO = builder.Services.AddSocketIO(o => o.PingInterval = TimeSpan.FromMilliseconds(25000));
// TCP_PORT: the same server over the raw TCP transport too (device scenarios: LoadGen --tcp-port).
if (Environment.GetEnvironmentVariable("TCP_PORT") is { Length: > 0 } tcpPort)
    socketIO.AddTcpTransport(o => o.Listen(IPAddress.Loopback, int.Parse(tcpPort, System.Globalization.CultureInfo.InvariantCulture)));

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
