using System.Text.Json;
using SocketIO.Samples.Tests.Support;

namespace SocketIO.Samples.Tests;

/// <summary>
/// What makes the chat page a small product: times on every line, moves told as moves, the room
/// list, unique nicknames, the nickname field's limit, and a layout that uses the window. The
/// fixture's server is shared by the whole class, so each test uses nicknames of its own.
/// </summary>
public partial class ChatBrowserTests
{
    [ChromiumFact]
    public async Task Messages_and_notices_show_the_time_the_server_gave_them()
    {
        var ada = await OpenChatAsync();
        var bob = await OpenChatAsync();
        await LogInAsync(ada, "ada-time");
        await LogInAsync(bob, "bob-time");

        var mine = await SendAsync(ada, "what time is it?");
        var theirs = await RunAsync(bob, """
            const li = await until(() => document.querySelector("#messages li.theirs"), "ada's message");
            const time = li.querySelector("time");
            return { at: time.dateTime, shown: time.textContent, local: new Date(time.dateTime).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) };
            """);

        // The sender's line switches to the server's time on the ack, so both show the same instant.
        Assert.Equal(mine.GetProperty("at").GetString(), theirs.GetProperty("at").GetString());
        Assert.True(DateTimeOffset.TryParse(theirs.GetProperty("at").GetString(), out _), theirs.GetRawText());
        Assert.Equal(theirs.GetProperty("local").GetString(), theirs.GetProperty("shown").GetString());

        // Notices (here bob's own welcome and ada's arrival seen by bob) carry a time too.
        var notices = await RunAsync(bob, """
            return [...document.querySelectorAll("#messages li.notice")].map((li) => ({ text: li.querySelector(".text").textContent, at: li.querySelector("time")?.dateTime ?? "" }));
            """);
        Assert.NotEmpty(notices.EnumerateArray());
        Assert.All(notices.EnumerateArray(), n => Assert.True(DateTimeOffset.TryParse(n.GetProperty("at").GetString(), out _), n.GetRawText()));
    }

    [ChromiumFact]
    public async Task Switching_rooms_is_shown_as_a_move_and_the_room_list_lets_the_other_user_follow()
    {
        var ada = await OpenChatAsync();
        var bob = await OpenChatAsync();
        await LogInAsync(ada, "ada-move");
        await LogInAsync(bob, "bob-move");

        // bob creates #green: ada, in the lobby, is told where he went, and sees the room in her list.
        await RunAsync(bob, """
            document.getElementById("room-name").value = "green";
            document.getElementById("new-room").requestSubmit();
            return until(() => document.getElementById("room").textContent === "green", "bob in #green");
            """);
        var seen = await RunAsync(ada, """
            const moved = await until(() => [...document.querySelectorAll("#messages li.notice .text")].map((t) => t.textContent).find((t) => t.startsWith("bob-move ") && t !== "bob-move joined #lobby"), "what bob did next");
            const room = await until(() => document.querySelector('#rooms li[data-room="green"]'), "#green in the room list");
            await until(() => room.querySelector(".members-badge").textContent === "1", "one member in #green");
            const members = [...document.querySelectorAll("#members li")].map((li) => li.textContent);
            return { moved, rooms: [...document.querySelectorAll("#rooms li")].map((li) => li.dataset.room), members };
            """);
        Assert.Equal("bob-move moved to #green", seen.GetProperty("moved").GetString());
        Assert.Equal("lobby", seen.GetProperty("rooms")[0].GetString());
        Assert.Contains("green", seen.GetProperty("rooms").EnumerateArray().Select(r => r.GetString()));
        Assert.DoesNotContain("bob-move", seen.GetProperty("members").EnumerateArray().Select(m => m.GetString()));

        // ada follows him by clicking the room: she is in #green with him, and he sees her arrive.
        var followed = await RunAsync(ada, """
            (await until(() => document.querySelector('#rooms li[data-room="green"] button'), "#green in the room list")).click();
            await until(() => document.getElementById("room").textContent === "green", "ada in #green");
            await until(() => document.querySelector('#rooms li.current')?.dataset.room === "green", "#green marked current");
            return [...document.querySelectorAll("#members li")].map((li) => li.textContent);
            """);
        Assert.Equal(["ada-move", "bob-move"], followed.EnumerateArray().Select(m => m.GetString()!).ToArray());
        var arrival = await RunAsync(bob, """
            return until(() => [...document.querySelectorAll("#messages li.notice .text")].map((t) => t.textContent).find((t) => t.startsWith("ada-move ")), "ada's arrival");
            """);
        Assert.Equal("ada-move joined #green", arrival.GetString());

        // Closing the page is leaving, and is said so.
        await bob.CloseAsync();
        var left = await RunAsync(ada, """
            return until(() => [...document.querySelectorAll("#messages li.notice .text")].map((t) => t.textContent).find((t) => t.startsWith("bob-move left")), "bob's departure");
            """);
        Assert.Equal("bob-move left", left.GetString());
    }

    [ChromiumFact]
    public async Task A_nickname_in_use_is_refused_on_the_login_form_with_a_clear_message()
    {
        var first = await OpenChatAsync();
        await LogInAsync(first, "ada-unique");

        var second = await OpenChatAsync();
        var refused = await RunAsync(second, """
            document.getElementById("nickname").value = "Ada-Unique";
            document.getElementById("login").requestSubmit();
            const message = await until(() => document.getElementById("login-error").textContent, "the refusal");
            const shown = (id) => getComputedStyle(document.getElementById(id)).display !== "none";
            return { message, login: shown("login"), chat: shown("chat") };
            """);

        Assert.Equal("The nickname \"Ada-Unique\" is taken. Please choose another one.", refused.GetProperty("message").GetString());
        Assert.True(refused.GetProperty("login").GetBoolean());
        Assert.False(refused.GetProperty("chat").GetBoolean());

        // Another name then goes through on the same page.
        await LogInAsync(second, "ada-unique-2");
    }

    [ChromiumFact]
    public async Task Nickname_field_accepts_as_many_characters_as_the_server_and_no_more()
    {
        var page = await OpenChatAsync();

        var r = await RunAsync(page, """
            const max = document.getElementById("nickname").maxLength;
            const attempt = async (nickname) => {
              const socket = io({ auth: { nickname }, forceNew: true, reconnection: false });
              try {
                return await within(new Promise((resolve) => {
                  socket.once("welcome", () => resolve({ ok: true }));
                  socket.once("connect_error", (err) => resolve({ ok: false, message: err.message, max: err.data?.max }));
                }), "the server's answer");
              } finally {
                socket.close();
              }
            };
            return { max, longest: await attempt("m".repeat(max)), tooLong: await attempt("n".repeat(max + 1)) };
            """);

        var max = r.GetProperty("max").GetInt32();
        Assert.True(max > 0, "the nickname field has no maxlength");
        Assert.True(r.GetProperty("longest").GetProperty("ok").GetBoolean(), r.GetRawText());
        var tooLong = r.GetProperty("tooLong");
        Assert.False(tooLong.GetProperty("ok").GetBoolean());
        Assert.Equal(max, tooLong.GetProperty("max").GetInt32());
    }

    [ChromiumFact]
    public async Task At_1200_by_800_the_chat_fills_the_window_and_a_screenshot_is_saved()
    {
        var ada = await OpenChatAsync();
        var bob = await OpenChatAsync();
        await ada.SetViewportAsync(1200, 800);
        var results = Path.Combine(Repo.Root, "TestResults", "Samples.Tests");
        await ada.ScreenshotAsync(Path.Combine(results, "chat-login-1200x800.png"));
        await LogInAsync(bob, "grace");
        await LogInAsync(ada, "ada-lovelace");
        await RunAsync(bob, """
            document.getElementById("room-name").value = "design review";
            document.getElementById("new-room").requestSubmit();
            await until(() => document.getElementById("room").textContent === "design-review", "grace in #design-review");
            document.getElementById("leave").click();
            await until(() => document.getElementById("room").textContent === "lobby", "grace back in the lobby");
            document.getElementById("room-name").value = "design review";
            document.getElementById("new-room").requestSubmit();
            return until(() => document.getElementById("room").textContent === "design-review", "grace in #design-review again");
            """);
        await RunAsync(ada, """
            (await until(() => document.querySelector('#rooms li[data-room="design-review"] button'), "#design-review in the room list")).click();
            return until(() => document.getElementById("room").textContent === "design-review", "ada in #design-review");
            """);
        await SendAsync(bob, "Morning! The new layout is up, have a look.");
        await SendAsync(ada, "Looks great: the sidebar lists every room now.");
        await RunAsync(ada, """return until(() => document.querySelectorAll("#messages li.message").length === 2, "both messages");""");
        await ada.EvaluateAsync("""document.getElementById("text").value = "Shipping it today"; true""");
        await bob.EvaluateAsync("""document.getElementById("text").value = "One more"; document.getElementById("text").dispatchEvent(new Event("input")); true""");
        await RunAsync(ada, """return until(() => document.getElementById("typing").textContent, "the typing indicator");""");

        var box = await RunAsync(ada, """
            const rect = (selector) => { const r = document.querySelector(selector).getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; };
            return { window: { width: innerWidth, height: innerHeight }, app: rect("#chat"), sidebar: rect(".sidebar"), messages: rect("#messages"), composer: rect("#send"),
                     scrolls: document.documentElement.scrollHeight > innerHeight || document.documentElement.scrollWidth > innerWidth };
            """);
        var screenshot = Path.Combine(results, "chat-1200x800.png");
        await ada.ScreenshotAsync(screenshot);

        Assert.Equal(1200, box.GetProperty("window").GetProperty("width").GetInt32());
        Assert.Equal(800, box.GetProperty("window").GetProperty("height").GetInt32());
        Assert.False(box.GetProperty("scrolls").GetBoolean(), "the page itself scrolls at 1200×800: " + box.GetRawText());
        // The app covers the whole window, the conversation takes the width beside the sidebar and
        // most of the height, and the composer sits at the bottom.
        Assert.Equal(1200, Size(box, "app", "width"), 1);
        Assert.Equal(800, Size(box, "app", "height"), 1);
        Assert.InRange(Size(box, "sidebar", "width"), 200, 320);
        Assert.True(Size(box, "messages", "width") >= 1200 - Size(box, "sidebar", "width") - 1, box.GetRawText());
        Assert.True(Size(box, "messages", "height") >= 800 * 0.7, box.GetRawText());
        Assert.True(Size(box, "composer", "y") + Size(box, "composer", "height") >= 800 - 30, box.GetRawText());
        Assert.True(new FileInfo(screenshot).Length > 10_000, $"{screenshot} looks empty");
    }

    private static double Size(JsonElement box, string part, string what) => box.GetProperty(part).GetProperty(what).GetDouble();

    /// <summary>Sends a message from the page and waits for its ✓; returns the time its line shows (the server's).</summary>
    private static Task<JsonElement> SendAsync(Chromium.Page page, string text) => RunAsync(page, $$"""
        const before = document.querySelectorAll("#messages li.mine.acked").length;
        document.getElementById("text").value = {{JsonSerializer.Serialize(text)}};
        document.getElementById("send").requestSubmit();
        const li = await until(() => document.querySelectorAll("#messages li.mine.acked")[before], "the ✓ of the ack");
        return { id: li.dataset.id, at: li.querySelector("time").dateTime };
        """);
}
