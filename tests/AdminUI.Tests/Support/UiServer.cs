using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace SocketIO.AdminUI.Tests.Support;

/// <summary>
/// The Admin UI's own built files (<c>node_modules/@socket.io/admin-ui/ui/dist</c>, as https://admin.socket.io serves
/// them) on a static Kestrel server of their own: another origin than the Socket.IO server's, as for the hosted UI.
/// </summary>
public sealed class UiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private UiServer(WebApplication app, string origin)
    {
        _app = app;
        Origin = origin;
    }

    /// <summary>The UI's origin and address, e.g. <c>http://127.0.0.1:5124</c>.</summary>
    public string Origin { get; }

    public static string DistFolder => Path.Combine(Repo.NodeModules, "@socket.io", "admin-ui", "ui", "dist");

    public static async Task<UiServer> StartAsync()
    {
        Repo.RequireNodePackage("@socket.io/admin-ui");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var files = new PhysicalFileProvider(DistFolder);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        await app.StartAsync().WaitAsync(Repo.Wait);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new UiServer(app, address.TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(Repo.Wait);
        await _app.DisposeAsync().AsTask().WaitAsync(Repo.Wait);
    }
}
