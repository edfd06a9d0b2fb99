using SocketIO.AdminUI.Tests.Support;

namespace SocketIO.AdminUI.Tests;

/// <summary>The UI's commands (emit, join, leave, _disconnect), with their effect seen by official clients.</summary>
public sealed class AdminUICommandsTests
{
    [Fact]
    public async Task Emit_reaches_the_room_or_socket_the_filter_names_and_the_whole_namespace_without_one()
    {
        await using var server = await AdminServer.StartAsync();
        await using var js = await JsClient.StartAsync();
        var aliceId = await js.ConnectOrFailAsync("alice", server.BaseUrl);
        await js.ConnectOrFailAsync("bob", server.BaseUrl);
        await js.EmitWithAckAsync("alice", "join", ["lobby"]);
        await ConnectAdminAsync(js, server);

        await js.EmitAsync("admin", "emit", "/", "lobby", "news", new { headline = "hello" }, 2);
        await js.EmitAsync("admin", "emit", "/", aliceId, "direct");
        await js.EmitAsync("admin", "emit", "/", null, "everyone");

        var news = await js.WaitForEventAsync("alice", "news");
        Assert.Equal("""{"headline":"hello"}""", news[0].GetRawText());
        Assert.Equal(2, news[1].GetInt32());
        await js.WaitForEventAsync("alice", "direct");
        await js.WaitForEventAsync("alice", "everyone");
        // Bob got the namespace-wide emit, which left after the other two: they were not for him.
        await js.WaitForEventAsync("bob", "everyone");
        js.AssertNoPending("bob", "news");
        js.AssertNoPending("bob", "direct");
    }

    [Fact]
    public async Task Join_and_leave_change_the_rooms_of_the_selected_sockets()
    {
        await using var server = await AdminServer.StartAsync();
        await using var js = await JsClient.StartAsync();
        var aliceId = await js.ConnectOrFailAsync("alice", server.BaseUrl);
        var bobId = await js.ConnectOrFailAsync("bob", server.BaseUrl);
        await ConnectAdminAsync(js, server);

        await js.EmitAsync("admin", "join", "/", "vip", aliceId);
        await js.WaitForEventAsync("admin", e => e.Name == "room_joined" && e[1].GetString() == "vip", "room_joined vip");
        server.Io.To("vip").Emit("vip-news");
        await js.WaitForEventAsync("alice", "vip-news");

        // Without a filter: every socket of the namespace.
        await js.EmitAsync("admin", "join", "/", "all-hands", null);
        await js.EmitAsync("admin", "leave", "/", "vip", aliceId);
        await js.EmitWithAckAsync("admin", "probe", []);
        Assert.Contains("all-hands", server.Io.Sockets.Sockets[aliceId].Rooms);
        Assert.Contains("all-hands", server.Io.Sockets.Sockets[bobId].Rooms);
        Assert.DoesNotContain("vip", server.Io.Sockets.Sockets[aliceId].Rooms);
        await js.WaitForEventAsync("admin", e => e.Name == "room_left" && e[1].GetString() == "vip", "room_left vip");
    }

    [Fact]
    public async Task Disconnect_ends_the_selected_socket_only()
    {
        await using var server = await AdminServer.StartAsync();
        await using var js = await JsClient.StartAsync();
        var aliceId = await js.ConnectOrFailAsync("alice", server.BaseUrl, new() { Reconnection = false });
        await js.ConnectOrFailAsync("bob", server.BaseUrl);
        await ConnectAdminAsync(js, server);

        await js.EmitAsync("admin", "_disconnect", "/", false, aliceId);

        Assert.Equal("io server disconnect", await js.WaitForDisconnectAsync("alice"));
        var gone = await js.WaitForEventAsync("admin", "socket_disconnected");
        Assert.Equal(aliceId, gone[1].GetString());
        Assert.Equal("server namespace disconnect", gone[2].GetString());
        await js.EmitAsync("admin", "emit", "/", null, "still-here");
        await js.WaitForEventAsync("bob", "still-here");
    }

    [Fact]
    public async Task Commands_with_arguments_the_ui_never_sends_are_ignored_with_a_warning()
    {
        await using var server = await AdminServer.StartAsync();
        await using var js = await JsClient.StartAsync();
        await js.ConnectOrFailAsync("user", server.BaseUrl);
        await ConnectAdminAsync(js, server);

        await js.EmitAsync("admin", "join", 42, "vip");
        await js.EmitAsync("admin", "leave", "/", null);
        await js.EmitAsync("admin", "emit", "/", null, "connect");
        await js.EmitAsync("admin", "emit", "/bad,name", null, "x");
        await js.EmitWithAckAsync("admin", "probe", []);

        var warnings = server.Logs.Lines.Where(l => l.StartsWith("Warning: Admin UI: ignored the")).ToList();
        Assert.Contains(warnings, l => l.Contains("join command") && l.Contains("the namespace is not a string"));
        Assert.Contains(warnings, l => l.Contains("leave command") && l.Contains("the room is not a string"));
        Assert.Contains(warnings, l => l.Contains("emit command") && l.Contains("reserved"));
        Assert.Contains(warnings, l => l.Contains("emit command") && l.Contains("','"));
        // The admin connection is unharmed.
        await js.EmitWithAckAsync("admin", "probe", []);
    }

    private static async Task ConnectAdminAsync(JsClient js, AdminServer server)
    {
        await js.ConnectOrFailAsync("admin", server.AdminUrl, new() { Auth = Credentials.Login });
        await js.WaitForEventAsync("admin", "config");
    }
}
