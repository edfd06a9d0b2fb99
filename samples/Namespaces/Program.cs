// A runnable tour of the Socket.IO "Namespaces" guide: every example of the guide, on one server.
// Run: dotnet run --project samples/Namespaces   (PORT=3000 by default, path /socket.io)
// TCP_PORT=5000 serves the same namespaces to devices over raw TCP too (SocketIO.Transports.Tcp).
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Namespaces;
using SocketIO.Transports.Tcp;

var port = Environment.GetEnvironmentVariable("PORT") is { Length: > 0 } p ? int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) : 3000;
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // appsettings.json (logging levels) is copied next to the binary: found from any working directory.
    ContentRootPath = AppContext.BaseDirectory,
});
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");

// Socket.IO composition: the one place where the server, its parser and its adapter are chosen.
var socketIO = builder.Services.AddSocketIO();
// PARSER=msgpack: clients must then use socket.io-msgpack-parser.
if (Environment.GetEnvironmentVariable("PARSER") == "msgpack")
    socketIO.AddMessagePackParser();
// TCP_PORT: the same server also listens on raw TCP (0 picks a free port).
if (Environment.GetEnvironmentVariable("TCP_PORT") is { Length: > 0 } tcpPort)
    socketIO.AddTcpTransport(o => o.Listen(IPAddress.Loopback, int.Parse(tcpPort, System.Globalization.CultureInfo.InvariantCulture)));

var app = builder.Build();
app.MapSocketIO("/socket.io", NamespacesTour.Configure);

await app.StartAsync();
// With PORT=0 the OS picks the port: print the address actually bound.
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
    ?? $"http://127.0.0.1:{port}";
if (app.Services.GetService<TcpTransportService>() is { } tcp)
    Console.WriteLine($"Namespaces tour: raw TCP on tcp://{tcp.EndPoints[0]}");
Console.WriteLine($"Namespaces tour listening on {address} (path /socket.io)");
await app.WaitForShutdownAsync();
