using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace SocketIO.AdminUI.Tests.Support;

/// <summary>
/// The Admin UI's own built files (<c>node_modules/@socket.io/admin-ui/ui/dist</c>, as https://admin.socket.io serves
/// them) on a static Kestrel server of their own: another origin than the Socket.IO server's, as for the hosted UI.
/// The icon font comes from the npm package <c>@mdi/font</c> instead of its CDN.
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

    private const string IconFontCdn = "https://cdn.jsdelivr.net/npm/@mdi/font@latest/css/materialdesignicons.min.css";

    public static string DistFolder => Path.Combine(Repo.NodeModules, "@socket.io", "admin-ui", "ui", "dist");

    public static async Task<UiServer> StartAsync()
    {
        Repo.RequireNodePackage("@socket.io/admin-ui");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var files = new PhysicalFileProvider(DistFolder);
        // index.html loads the icon font from jsDelivr (@mdi/font@latest); the tests have no network, so it comes
        // from the same npm package here. Everything else is served as built.
        var index = (await File.ReadAllTextAsync(Path.Combine(DistFolder, "index.html")).WaitAsync(Repo.Wait))
            .Replace(IconFontCdn, "/mdi/css/materialdesignicons.min.css", StringComparison.Ordinal);
        app.MapGet("/", () => Results.Content(index, "text/html; charset=utf-8"));
        app.MapGet("/index.html", () => Results.Content(index, "text/html; charset=utf-8"));
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        var icons = Path.Combine(Repo.NodeModules, "@mdi", "font");
        if (Directory.Exists(icons))
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(icons), RequestPath = "/mdi" });
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
