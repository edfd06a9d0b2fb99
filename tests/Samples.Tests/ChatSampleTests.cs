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
    }

    [Fact]
    public async Task Switching_rooms_tells_the_old_room_where_the_user_went_and_closing_tells_it_the_user_left()
    {
        var r = await SampleScript.RunAsync("chat.js", sample.Host.BaseUrl, "rooms");

        // bob went from room-x back to the lobby: ada, in room-x, hears a move, not a departure.
        var moved = r.GetProperty("departure");
        Assert.Equal("bob", moved.GetProperty("nickname").GetString());
        Assert.Equal("room-x", moved.GetProperty("from").GetString());
        Assert.Equal("lobby", moved.GetProperty("to").GetString());
        Assert.True(moved.GetProperty("at").GetInt64() > 0);
        Assert.Equal(1, r.GetProperty("adaMoves").GetInt32());
        Assert.Equal(0, r.GetProperty("adaLefts").GetInt32());

        // Then bob closed the connection: the lobby hears that he left.
        var left = r.GetProperty("left");
        Assert.Equal("bob", left.GetProperty("nickname").GetString());
        Assert.Equal("lobby", left.GetProperty("room").GetString());
    }

    [Fact]
    public async Task A_nickname_in_use_is_refused_whatever_its_case_until_its_owner_leaves()
    {
        var r = await SampleScript.RunAsync("chat.js", sample.Host.BaseUrl, "duplicates");

        foreach (var name in new[] { "same", "otherCase" })
        {
            var error = r.GetProperty(name).GetProperty("error");
            Assert.StartsWith("The nickname \"", error.GetProperty("message").GetString());
            Assert.EndsWith("\" is taken. Please choose another one.", error.GetProperty("message").GetString());
            Assert.Equal("taken", error.GetProperty("data").GetProperty("reason").GetString());
        }
        Assert.Equal("ada-dup", r.GetProperty("again").GetProperty("nickname").GetString());
    }

    [Fact]
    public async Task Everyone_gets_the_room_list_when_it_changes_and_room_names_are_normalised()
    {
        var r = await SampleScript.RunAsync("chat.js", sample.Host.BaseUrl, "roomList");

        Assert.Equal("lobby", Rooms(r.GetProperty("welcome"))[0].Name);
        Assert.Equal("blue-team", r.GetProperty("joined").GetProperty("room").GetString());
        Assert.Contains(("blue-team", 1), Rooms(r.GetProperty("joined")));
        var afterJoin = Rooms(r.GetProperty("afterJoin"));
        Assert.Equal("lobby", afterJoin[0].Name);
        Assert.Contains(("blue-team", 1), afterJoin);
        // An emptied room goes; the lobby stays.
        var afterLeave = Rooms(r.GetProperty("afterLeave"));
        Assert.DoesNotContain(afterLeave, room => room.Name == "blue-team");
        Assert.Equal("lobby", afterLeave[0].Name);
    }

    /// <summary>The room list of a "rooms" event (an array) or of a welcome or join ack (its "rooms").</summary>
    private static List<(string Name, int Members)> Rooms(JsonElement e) =>
        (e.ValueKind == JsonValueKind.Array ? e : e.GetProperty("rooms")).EnumerateArray()
            .Select(room => (room.GetProperty("name").GetString()!, room.GetProperty("members").GetInt32()))
            .ToList();

    private static string[] Members(JsonElement roomAck)
    {
        Assert.True(roomAck.GetProperty("ok").GetBoolean(), roomAck.GetRawText());
        return roomAck.GetProperty("members").EnumerateArray().Select(m => m.GetString()!).ToArray();
    }

    [Fact]
    public async Task A_flood_of_wrongly_typed_messages_logs_a_few_warnings_and_closes_the_connection()
    {
        var before = sample.Host.Output.Count;

        var r = await SampleScript.RunAsync("chat.js", sample.Host.BaseUrl, "flood");

        Assert.Equal("transport close", r.GetProperty("reason").GetString());
        // The console logger prints two lines per entry: five refusals, the suppression notice and the close.
        var printed = sample.Host.Output.Since(before);
        Assert.True(printed.Count <= 20, string.Join("\n", printed));
        Assert.Contains(printed, l => l.Contains("invalid events within a minute", StringComparison.Ordinal));
        Assert.DoesNotContain(printed, l => l.StartsWith("fail:", StringComparison.Ordinal));
    }
}
