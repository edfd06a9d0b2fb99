using System.Text.Json;
using SocketIO.Samples.Tests.Support;

namespace SocketIO.Samples.Tests;

/// <summary>samples/Chat: its page, its client script, and its events with the official Node client (js/chat.js).</summary>
public class ChatSampleTests(ChatSample sample) : IClassFixture<ChatSample>
{
    [Fact]
    public async Task Serves_the_page_at_the_root()
    {
        using var http = new HttpClient { Timeout = Repo.Wait };

        using var response = await http.GetAsync(sample.Host.BaseUrl + "/").WaitAsync(Repo.Wait);

        Assert.True(response.IsSuccessStatusCode, $"GET / → {(int)response.StatusCode}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync().WaitAsync(Repo.Wait);
        Assert.Contains("<script src=\"socket.io.min.js\"></script>", html);
        Assert.Contains("<script src=\"chat.js\"></script>", html);
    }

    [Fact]
    public async Task Serves_the_official_browser_client_built_from_npm()
    {
        using var http = new HttpClient { Timeout = Repo.Wait };

        using var response = await http.GetAsync(sample.Host.BaseUrl + "/socket.io.min.js").WaitAsync(Repo.Wait);

        var script = await response.Content.ReadAsStringAsync().WaitAsync(Repo.Wait);
        Assert.True(response.IsSuccessStatusCode, $"GET /socket.io.min.js → {(int)response.StatusCode}: {script}");
        Assert.Contains("javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("/*!\n * Socket.IO v4.", script);
        var npmCopy = await File.ReadAllTextAsync(Path.Combine(Repo.Root, "node_modules", "socket.io-client", "dist", "socket.io.min.js")).WaitAsync(Repo.Wait);
        Assert.Equal(npmCopy, script);
    }

    [Fact]
    public async Task Middleware_refuses_missing_blank_and_too_long_nicknames_with_a_clear_message()
    {
        var r = await SampleScript.RunAsync("chat.js", sample.Host.BaseUrl, "refused");

        foreach (var name in new[] { "missing", "empty", "blank" })
            Assert.Equal("Please choose a nickname.", r.GetProperty(name).GetProperty("error").GetProperty("message").GetString());
        var tooLong = r.GetProperty("tooLong").GetProperty("error");
        Assert.Equal("Nicknames are at most 20 characters.", tooLong.GetProperty("message").GetString());
        Assert.Equal(20, tooLong.GetProperty("data").GetProperty("max").GetInt32());
        Assert.Equal(new string('y', 20), r.GetProperty("longest").GetProperty("nickname").GetString());
    }

    [Fact]
    public async Task Rooms_typing_and_acked_messages_reach_the_room_only()
    {
        var r = await SampleScript.RunAsync("chat.js", sample.Host.BaseUrl, "rooms");

        var welcome = r.GetProperty("welcome");
        Assert.Equal("ada", welcome.GetProperty("nickname").GetString());
        Assert.Equal("lobby", welcome.GetProperty("room").GetString());
        Assert.Equal(["ada"], Members(r.GetProperty("adaJoined")));
        Assert.Equal(["ada", "bob"], Members(r.GetProperty("bobJoined")));
        Assert.Equal("bob", r.GetProperty("arrival").GetProperty("nickname").GetString());
        Assert.Equal("ada", r.GetProperty("typing").GetProperty("nickname").GetString());
        Assert.Equal("ada", r.GetProperty("stop").GetProperty("nickname").GetString());

        var sent = r.GetProperty("sent");
        Assert.True(sent.GetProperty("ok").GetBoolean());
        var message = r.GetProperty("message");
        Assert.Equal(sent.GetProperty("id").GetInt64(), message.GetProperty("id").GetInt64());
        Assert.Equal(sent.GetProperty("at").GetInt64(), message.GetProperty("at").GetInt64());
        Assert.Equal("hello room-x", message.GetProperty("text").GetString());
        Assert.Equal("ada", message.GetProperty("nickname").GetString());
        Assert.Equal("room-x", message.GetProperty("room").GetString());
        Assert.False(r.GetProperty("rejected").GetProperty("ok").GetBoolean());

        // Neither the sender nor the lobby got the typing notice or the message.
        Assert.Equal(0, r.GetProperty("adaGot").GetProperty("typing").GetInt32());
        Assert.Equal(0, r.GetProperty("adaGot").GetProperty("messages").GetInt32());
        Assert.Equal(0, r.GetProperty("cyGot").GetProperty("typing").GetInt32());
        Assert.Equal(0, r.GetProperty("cyGot").GetProperty("messages").GetInt32());

        Assert.Equal("lobby", r.GetProperty("backInLobby").GetProperty("room").GetString());
        Assert.Contains("cy", Members(r.GetProperty("backInLobby")));
        Assert.Equal("bob", r.GetProperty("departure").GetProperty("nickname").GetString());
    }

    private static string[] Members(JsonElement roomAck)
    {
        Assert.True(roomAck.GetProperty("ok").GetBoolean(), roomAck.GetRawText());
        return roomAck.GetProperty("members").EnumerateArray().Select(m => m.GetString()!).ToArray();
    }
}
