using SocketIO.Samples.Tests.Support;

namespace SocketIO.Samples.Tests;

/// <summary>samples/Chat in real headless Chromium, with the official browser client the sample serves.</summary>
public partial class ChatBrowserTests(ChatBrowserFixture fixture) : IClassFixture<ChatBrowserFixture>
{
    /// <summary>
    /// Runs <paramref name="body"/> as an async function in the page, with two helpers in scope:
    /// <c>within(promise, what)</c> bounds a wait, <c>until(check, what)</c> waits for a page condition.
    /// </summary>
    private static Task<System.Text.Json.JsonElement> RunAsync(Chromium.Page page, string body) => page.EvaluateAsync($$"""
        (async () => {
          const within = (promise, what, ms = 20000) => Promise.race([promise,
            new Promise((_, reject) => setTimeout(() => reject(new Error("timed out waiting for " + what)), ms))]);
          const until = (check, what) => within(new Promise((resolve) => {
            const poll = () => { const v = check(); if (v) resolve(v); else setTimeout(poll, 20); };
            poll();
          }), what);
          {{body}}
        })()
        """);

    private async Task<Chromium.Page> OpenChatAsync()
    {
        var browser = await fixture.BrowserAsync();
        return await browser.OpenAsync(fixture.Host.BaseUrl + "/");
    }

    [ChromiumFact]
    public async Task Browser_client_starts_on_polling_upgrades_to_websocket_and_gets_an_ack()
    {
        var page = await OpenChatAsync();

        var r = await RunAsync(page, """
            // Default options: HTTP long-polling first, then the upgrade to WebSocket.
            const socket = io({ auth: { nickname: "chromium" }, forceNew: true });
            // The engine opens on its first transport; the upgrade may finish before "connect".
            let first;
            socket.io.once("open", () => { first = socket.io.engine.transport.name; });
            try {
              await within(new Promise((resolve, reject) => {
                socket.once("connect", resolve);
                socket.once("connect_error", reject);
              }), "connect");
              await until(() => socket.io.engine.transport.name === "websocket", "the upgrade to websocket");
              const ack = await socket.timeout(5000).emitWithAck("chat message", "hello from Chromium");
              return { first, transport: socket.io.engine.transport.name, ack };
            } finally {
              socket.close();
            }
            """);

        Assert.Equal("polling", r.GetProperty("first").GetString());
        Assert.Equal("websocket", r.GetProperty("transport").GetString());
        var ack = r.GetProperty("ack");
        Assert.True(ack.GetProperty("ok").GetBoolean(), ack.GetRawText());
        Assert.True(ack.GetProperty("id").GetInt64() > 0);
        Assert.True(ack.GetProperty("at").GetInt64() > 0);
    }

    [ChromiumFact]
    public async Task Chat_page_sends_a_message_shows_the_ack_tick_and_the_other_user_sees_it_typing_first()
    {
        var ada = await OpenChatAsync();
        var bob = await OpenChatAsync();
        await LogInAsync(ada, "ada");
        await LogInAsync(bob, "bob");

        // ada types: bob sees the indicator.
        await ada.EvaluateAsync("""document.getElementById("text").value = "hi bob"; document.getElementById("text").dispatchEvent(new Event("input")); true""");
        var typing = await RunAsync(bob, """return until(() => document.getElementById("typing").textContent, "the typing indicator");""");
        Assert.Equal("ada is typing…", typing.GetString());

        // ada sends: her line gets a ✓ when the server acks, bob gets the line and the indicator goes.
        var mine = await RunAsync(ada, """
            document.getElementById("send").requestSubmit();
            const li = await until(() => document.querySelector("#messages li.mine.acked"), "the ✓ of the ack");
            return { text: li.querySelector(".text").textContent, tick: li.querySelector(".ack").textContent, id: li.dataset.id };
            """);
        Assert.Equal("hi bob", mine.GetProperty("text").GetString());
        Assert.Equal("✓", mine.GetProperty("tick").GetString());

        var theirs = await RunAsync(bob, """
            const li = await until(() => document.querySelector("#messages li.theirs"), "ada's message");
            await until(() => document.getElementById("typing").textContent === "", "the typing indicator to clear");
            return { nick: li.querySelector(".nick").textContent, text: li.querySelector(".text").textContent, id: li.dataset.id };
            """);
        Assert.Equal("ada", theirs.GetProperty("nick").GetString());
        Assert.Equal("hi bob", theirs.GetProperty("text").GetString());
        Assert.Equal(mine.GetProperty("id").GetString(), theirs.GetProperty("id").GetString());
    }

    [ChromiumFact]
    public async Task Chat_page_joins_a_room_and_shows_a_refused_nickname()
    {
        var ada = await OpenChatAsync();
        await LogInAsync(ada, "ada-rooms");
        var room = await RunAsync(ada, """
            document.getElementById("room-name").value = "blue";
            document.getElementById("new-room").requestSubmit();
            await until(() => document.getElementById("room").textContent === "blue", "the room change");
            return [...document.querySelectorAll("#members li")].map((li) => li.textContent);
            """);
        Assert.Equal(["ada-rooms"], room.EnumerateArray().Select(m => m.GetString()!).ToArray());

        var refused = await OpenChatAsync();
        var error = await RunAsync(refused, """
            document.getElementById("nickname").value = "  ";
            document.getElementById("login").requestSubmit();
            return until(() => document.getElementById("login-error").textContent, "the refusal");
            """);
        Assert.Equal("Please choose a nickname.", error.GetString());
    }

    private static async Task LogInAsync(Chromium.Page page, string nickname)
    {
        var me = await RunAsync(page, $$"""
            document.getElementById("nickname").value = {{System.Text.Json.JsonSerializer.Serialize(nickname)}};
            document.getElementById("login").requestSubmit();
            const shown = (id) => getComputedStyle(document.getElementById(id)).display !== "none";
            await until(() => shown("chat") && !shown("login") && document.getElementById("me").textContent, "the chat view");
            return document.getElementById("me").textContent;
            """);
        Assert.Equal(nickname, me.GetString());
    }
}
