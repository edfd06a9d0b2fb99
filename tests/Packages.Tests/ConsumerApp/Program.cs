// A user's app, built by ConsumerAppTests in a temporary folder against the packed packages: it
// references them with PackageReference from the local feed (artifacts/packages), never with
// ProjectReference. PARSER=msgpack selects the MessagePack parser.
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using SocketIO;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls("http://127.0.0.1:0");
var socketIO = builder.Services.AddSocketIO();
if (Environment.GetEnvironmentVariable("PARSER") == "msgpack")
    socketIO.AddMessagePackParser();

var app = builder.Build();
app.MapSocketIO("/socket.io", io =>
    io.OnConnection(socket =>
        socket.On("echo", (string text, Ack ack) => ack($"echo: {text}"))));

await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
Console.WriteLine($"listening on {address}");
await app.WaitForShutdownAsync();
