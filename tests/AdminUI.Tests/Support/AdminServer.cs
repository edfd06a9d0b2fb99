using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SocketIO.AdminUI.Tests.Support;

/// <summary>
/// Real Kestrel on 127.0.0.1 with a free port: Socket.IO at /socket.io (polling and WebSocket) with the Admin UI
/// instrumentation and the test application's namespaces (<see cref="TestApp"/>).
/// </summary>
public sealed class AdminServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AdminServer(WebApplication app, LogSink logs, string baseUrl)
    {
        _app = app;
        Logs = logs;
        BaseUrl = baseUrl;
    }

    /// <summary>The server's base address, e.g. <c>http://127.0.0.1:5123</c>.</summary>
    public string BaseUrl { get; }

    /// <summary>The admin namespace's address.</summary>
    public string AdminUrl => BaseUrl + "/admin";

    /// <summary>Every log line of the server.</summary>
    public LogSink Logs { get; }

    public SocketIOServer Io => _app.Services.GetRequiredService<SocketIOServer>();

    /// <param name="admin">The Admin UI settings (the test credentials when not set otherwise).</param>
    /// <param name="corsOrigin">The origin allowed with credentials (the UI's), or null for no CORS headers.</param>
    /// <param name="socketIO">More plug-ins (an adapter, a parser).</param>
    public static async Task<AdminServer> StartAsync(Action<AdminUIOptions>? admin = null, string? corsOrigin = null, Action<SocketIOBuilder>? socketIO = null)
    {
        var logs = new LogSink();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        var io = builder.Services.AddSocketIO()
            .AddAdminUI(o =>
            {
                o.Auth = new AdminUIBasicAuth(Credentials.Username, Credentials.PasswordHash);
                admin?.Invoke(o);
            })
            .Configure(TestApp.Configure);
        if (corsOrigin is not null)
            io.ConfigureHttpTransport(t => t.Cors = new() { AllowedOrigins = { corsOrigin }, AllowCredentials = true });
        socketIO?.Invoke(io);
        var app = builder.Build();
        app.MapSocketIO("/socket.io");
        try
        {
            await app.StartAsync().WaitAsync(Repo.Wait);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new AdminServer(app, logs, address.TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(Repo.Wait);
        await _app.DisposeAsync().AsTask().WaitAsync(Repo.Wait);
    }
}
