using SocketIO.AdminUI.Tests.Support;

namespace SocketIO.AdminUI.Tests;

/// <summary>
/// The official Admin UI (its built files from npm) in headless Chromium, served from its own origin and pointed at
/// our server, as a user of https://admin.socket.io would. Screenshots go to TestResults/AdminUI.Tests.
/// </summary>
public sealed class AdminUIBrowserTests
{
    private static readonly string Screenshots = Repo.File("TestResults", "AdminUI.Tests");

    [ChromiumFact]
    public async Task The_ui_logs_in_lists_our_sockets_namespaces_and_rooms_and_its_join_and_disconnect_act_on_clients()
    {
        await using var ui = await UiServer.StartAsync();
        await using var server = await AdminServer.StartAsync(o => o.ServerId = "dotnet-node", corsOrigin: ui.Origin);
        await using var js = await JsClient.StartAsync();
        var aliceId = await js.ConnectOrFailAsync("alice", server.BaseUrl, new() { Reconnection = false });
        await js.EmitWithAckAsync("alice", "join", ["lobby"]);
        await js.EmitWithAckAsync("alice", "set-data", ["name", "Alice"]);
        var bobId = await js.ConnectOrFailAsync("bob", server.BaseUrl + "/orders", new() { Transports = ["polling"] });
        foreach (var name in new[] { "carol", "dave", "erin" })
        {
            await js.ConnectOrFailAsync(name, server.BaseUrl, new() { Transports = ["websocket"] });
            await js.EmitWithAckAsync(name, "join", ["lobby"]);
            await js.EmitAsync(name, "ping-me", "hello from " + name);
        }

        // Only loopback: the page's web fonts and icon font (Google Fonts, jsDelivr) fail at once instead of hanging.
        await using var browser = await Chromium.LaunchAsync("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1");
        var page = new AdminUiPage(await browser.OpenAsync(ui.Origin + "/"), Screenshots);
        await page.Page.SetViewportAsync(1400, 900);

        await page.LoginAsync(server.BaseUrl, Credentials.Username, Credentials.Password);
        await page.WaitUntilStoreAsync("store.state.connection.connected && !document.querySelector('.v-dialog--active')", "the UI is connected");
        // The dashboard's namespaces card and client transports come from server_stats and all_sockets.
        await page.WaitForTextAsync("/admin", "/orders", "WebSocket", "HTTP long-polling");
        await page.ScreenshotAsync("dashboard");

        await page.GoAsync("/servers/");
        await page.WaitForTextAsync("dotnet-node", System.Net.Dns.GetHostName());
        await page.ScreenshotAsync("servers");

        await page.GoAsync("/sockets/");
        await page.WaitForTextAsync(aliceId);
        await page.ScreenshotAsync("sockets");

        await page.GoAsync("/rooms/");
        await page.WaitForTextAsync("lobby");
        await page.ScreenshotAsync("rooms");

        // Join, from the socket's page: the room field and its button.
        await page.GoAsync($"/n/{Uri.EscapeDataString("/")}/sockets/{aliceId}");
        await page.WaitForTextAsync("Alice", "lobby");
        await page.Page.EvaluateAsync("""
            (() => {
              const input = document.querySelector('.select-room input');
              input.value = 'vip';
              input.dispatchEvent(new Event('input', { bubbles: true }));
              input.closest('form').requestSubmit();
              return true;
            })()
            """);
        await page.WaitUntilAsync("[...document.querySelectorAll('table td')].some(td => td.innerText.trim() === 'vip')", "the socket's rooms show vip");
        server.Io.To("vip").Emit("vip-news", "welcome");
        Assert.Equal("welcome", (await js.WaitForEventAsync("alice", "vip-news"))[0].GetString());
        await page.ScreenshotAsync("socket-joined");

        // Disconnect, from the same page: the button of the socket (the other one ends the whole client).
        await page.ClickAsync("[...document.querySelectorAll('button')].filter(b => b.querySelector('.mdi-logout')).at(-1)", "the socket's disconnect button");
        Assert.Equal("io server disconnect", await js.WaitForDisconnectAsync("alice"));
        await page.WaitUntilStoreAsync($"!store.getters['main/findSocketById']('/', {AdminUiPage.Js(aliceId)})", "the UI drops the socket");
        await page.ScreenshotAsync("socket-disconnected");

        // The other socket is untouched.
        await page.GoAsync("/sockets/");
        await page.WaitUntilStoreAsync($"!!store.getters['main/findSocketById']('/orders', {AdminUiPage.Js(bobId)})", "the UI still lists bob");

        // The UI kept the session id of the login: a reload reconnects with it, without the login form.
        Assert.Matches("^[0-9a-f]{16}$", (await page.Page.EvaluateAsync("localStorage.getItem('session_id')")).GetString());
        await page.Page.NavigateAsync("about:blank");
        await page.Page.NavigateAsync(ui.Origin + "/");
        await page.WaitUntilStoreAsync("store.state.connection.connected", "the reloaded UI is connected");
        Assert.False((await page.Page.EvaluateAsync("!!document.querySelector('.v-dialog--active')")).GetBoolean(), "the reloaded UI asks for the login again");
        Assert.Contains(server.Logs.Lines, l => l.Contains("Admin UI: admin logged in from"));
        await page.WaitForTextAsync("/orders");
        await page.ScreenshotAsync("dashboard-after-reload");
    }
}
