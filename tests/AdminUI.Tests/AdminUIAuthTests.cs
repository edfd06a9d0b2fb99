using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SocketIO.AdminUI.Tests.Support;

namespace SocketIO.AdminUI.Tests;

/// <summary>The admin namespace's login, as Node's instrument() does it, driven by the official client.</summary>
public sealed class AdminUIAuthTests
{
    [Fact]
    public async Task Wrong_credentials_are_refused_with_invalid_credentials()
    {
        await using var server = await AdminServer.StartAsync();
        await using var js = await JsClient.StartAsync();

        var wrongPassword = await js.ConnectAsync("a", server.AdminUrl, new() { Auth = new { username = Credentials.Username, password = "nope" } });
        var wrongUser = await js.ConnectAsync("b", server.AdminUrl, new() { Auth = new { username = "root", password = Credentials.Password } });
        var nothing = await js.ConnectAsync("c", server.AdminUrl);
        var unknownSession = await js.ConnectAsync("d", server.AdminUrl, new() { Auth = new { sessionId = "0123456789abcdef" } });

        foreach (var result in new[] { wrongPassword, wrongUser, nothing, unknownSession })
        {
            Assert.False(result.Connected);
            Assert.Equal("invalid credentials", result.Message);
        }
        Assert.Contains(server.Logs.Lines, l => l.StartsWith("Warning: Admin UI: refused a connection to /admin") && l.Contains("invalid credentials"));
    }

    [Fact]
    public async Task A_login_sends_a_session_id_that_reconnects_without_the_password()
    {
        await using var server = await AdminServer.StartAsync();
        await using var js = await JsClient.StartAsync();

        await js.ConnectOrFailAsync("login", server.AdminUrl, new() { Auth = Credentials.Login });
        var session = await js.WaitForEventAsync("login", "session");
        var sessionId = session[0].GetString()!;
        Assert.Matches("^[0-9a-f]{16}$", sessionId);
        // The config follows the session id: the UI is logged in.
        await js.WaitForEventAsync("login", "config");

        await js.ConnectOrFailAsync("again", server.AdminUrl, new() { Auth = new { sessionId } });
        await js.WaitForEventAsync("again", "config");
        // A reconnect with a session creates no new one.
        js.AssertNoPending("again", "session");
    }

    [Fact]
    public async Task A_read_only_ui_gets_no_commands_and_its_commands_are_ignored()
    {
        await using var server = await AdminServer.StartAsync(o => o.ReadOnly = true);
        await using var js = await JsClient.StartAsync();
        var userId = await js.ConnectOrFailAsync("user", server.BaseUrl);

        await js.ConnectOrFailAsync("admin", server.AdminUrl, new() { Auth = Credentials.Login });
        var config = await js.WaitForEventAsync("admin", "config");
        Assert.Equal(["AGGREGATED_EVENTS", "ALL_EVENTS"], Features(config));

        await js.EmitAsync("admin", "join", "/", "vip", userId);
        await js.EmitAsync("admin", "emit", "/", userId, "not-allowed", 1);
        await js.EmitAsync("admin", "_disconnect", "/", false, userId);
        // The probe's ack comes after the three commands were handled, in order, on the same socket.
        await js.EmitWithAckAsync("admin", "probe", []);

        Assert.DoesNotContain("vip", server.Io.Sockets.Sockets[userId].Rooms);
        Assert.True(server.Io.Sockets.Sockets[userId].Connected);
        js.AssertNoPending("user", "not-allowed");
        Assert.Contains(server.Logs.Lines, l => l.Contains("Admin UI: ignored the join command") && l.Contains("read-only"));
    }

    [Fact]
    public async Task A_ui_that_may_write_gets_every_command()
    {
        await using var server = await AdminServer.StartAsync();
        await using var js = await JsClient.StartAsync();
        var userId = await js.ConnectOrFailAsync("user", server.BaseUrl);

        await js.ConnectOrFailAsync("admin", server.AdminUrl, new() { Auth = Credentials.Login });
        var config = await js.WaitForEventAsync("admin", "config");
        Assert.Equal(["EMIT", "JOIN", "LEAVE", "DISCONNECT", "MJOIN", "MLEAVE", "MDISCONNECT", "AGGREGATED_EVENTS", "ALL_EVENTS"], Features(config));

        // The same join as in the read-only test takes effect (the control of that test).
        await js.EmitAsync("admin", "join", "/", "vip", userId);
        await js.EmitWithAckAsync("admin", "probe", []);
        Assert.Contains("vip", server.Io.Sockets.Sockets[userId].Rooms);
    }

    [Fact]
    public async Task Without_auth_anyone_connects_and_a_warning_says_so()
    {
        await using var server = await AdminServer.StartAsync(o => o.Auth = null);
        await using var js = await JsClient.StartAsync();

        await js.ConnectOrFailAsync("admin", server.AdminUrl);
        await js.WaitForEventAsync("admin", "config");
        js.AssertNoPending("admin", "session");
        Assert.Contains(server.Logs.Lines, l => l.StartsWith("Warning: Admin UI: authentication is disabled"));
    }

    [Fact]
    public void A_password_instead_of_a_bcrypt_hash_fails_at_start_up_with_a_clear_message()
    {
        var services = new ServiceCollection();
        services.AddSocketIO().AddAdminUI(o => o.Auth = new AdminUIBasicAuth("admin", "plain-password"));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AdminUIOptions>>().Value);
        Assert.Contains("AdminUIOptions: Auth.PasswordHash must be a bcrypt hash", error.Message);
    }

    private static string[] Features(JsEvent config) =>
        [.. config[0].GetProperty("supportedFeatures").EnumerateArray().Select(f => f.GetString()!)];
}
