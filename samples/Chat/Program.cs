// A chat server with a web page: unique nicknames checked by connection middleware, a room list, rooms,
// a typing indicator and acknowledged, timestamped messages. Run: dotnet run --project samples/Chat   (PORT=5000 by default)
using Chat;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.FileProviders;

var port = Environment.GetEnvironmentVariable("PORT") is { Length: > 0 } p ? int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) : 5000;
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // The page and the client script are copied next to the binary at build time.
    ContentRootPath = AppContext.BaseDirectory,
});
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
builder.Services.AddSocketIO();

var app = builder.Build();
var webRoot = Path.Combine(AppContext.BaseDirectory, "wwwroot");
var clientScript = ClientScript.Find(webRoot);
if (clientScript is null)
    app.Logger.LogWarning("{Problem}", ClientScript.Missing);

app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = new PhysicalFileProvider(webRoot) });
app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(webRoot) });
app.MapGet("/socket.io.min.js", () => clientScript is null
    ? Results.Problem(ClientScript.Missing, statusCode: StatusCodes.Status500InternalServerError)
    : Results.File(clientScript, "text/javascript"));
app.MapSocketIO("/socket.io", ChatServer.Configure);

await app.StartAsync();
// With PORT=0 the OS picks the port: print the address actually bound.
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
    ?? $"http://127.0.0.1:{port}";
Console.WriteLine($"Chat listening on {address}/");
await app.WaitForShutdownAsync();
