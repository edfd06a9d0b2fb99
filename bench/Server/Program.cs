// The benchmark contract host (DESIGN.md, "Test hosts with fixed contracts"): main namespace only,
// echo / join / broadcast, no per-message or per-connection logging, exits on SIGTERM.
using SocketIO;

var port = Environment.GetEnvironmentVariable("PORT") ?? "3000";
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
builder.Logging.ClearProviders();
builder.Services.AddSocketIO(o => o.PingInterval = TimeSpan.FromMilliseconds(25000));

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
