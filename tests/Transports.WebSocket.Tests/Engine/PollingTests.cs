using System.Net;
using SocketIO.Transports.WebSocket.Tests.Support;

namespace SocketIO.Transports.WebSocket.Tests.Engine;

/// <summary>Engine.IO long-polling against the bare echo engine (docs/protocol.md#handshake, #heartbeat, #polling, #close).</summary>
[Collection(ServerCollection.Name)]
public class PollingTests(TestServer server)
{
    [Fact]
    public async Task Handshake_returns_the_open_packet_with_exactly_the_handshake_keys()
    {
        using var http = server.CreateClient();
        using var response = await http.GetAsync("/engine.io/?EIO=4&transport=polling").WaitAsync(Wait.Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; charset=UTF-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        var body = await response.Content.ReadAsStringAsync().WaitAsync(Wait.Timeout);
        Assert.StartsWith("0{", body);
        var open = System.Text.Json.JsonDocument.Parse(body[1..]).RootElement;
        Assert.Equal(["sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"], open.EnumerateObject().Select(p => p.Name));
        Assert.Matches("^[A-Za-z0-9_-]{20}$", open.GetProperty("sid").GetString());
        Assert.Equal("""["websocket"]""", open.GetProperty("upgrades").GetRawText());
        Assert.Equal((int)TestServer.EnginePingInterval.TotalMilliseconds, open.GetProperty("pingInterval").GetInt32());
        Assert.Equal((int)TestServer.EnginePingTimeout.TotalMilliseconds, open.GetProperty("pingTimeout").GetInt32());
        Assert.Equal(TestServer.MaxPayload, open.GetProperty("maxPayload").GetInt32());
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Post_answers_ok_as_text_html()
    {
        using var http = server.CreateClient();
        var (client, _) = await PollingClient.HandshakeAsync(http);

        using var response = await client.PostResponseAsync("4hello");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(2, response.Content.Headers.ContentLength);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync().WaitAsync(Wait.Timeout));
    }

    [Fact]
    public async Task Next_request_sent_as_soon_as_the_answer_arrives_is_never_an_overlap()
    {
        // Two clients, so two connections: each request may arrive while the server is still
        // finishing the previous response on the other connection.
        using var first = server.CreateClient();
        using var second = server.CreateClient();
        var (client, _) = await PollingClient.HandshakeAsync(first);
        var other = new PollingClient(second, "/engine.io/", client.Sid);

        for (var i = 0; i < 300; i++)
        {
            var (poster, poller) = i % 2 == 0 ? (client, other) : (other, client);
            await poster.PostAsync($"4m{i}");
            Assert.Equal($"4m{i}", await poller.GetAsync());
        }
    }

    [Fact]
    public async Task Packets_are_batched_with_the_record_separator_both_ways()
    {
        using var http = server.CreateClient();
        var (client, _) = await PollingClient.HandshakeAsync(http);

        await client.PostAsync("4test1\u001e4test2\u001e4test3");

        Assert.Equal("4test1\u001e4test2\u001e4test3", await client.GetAsync());
    }

    [Fact]
    public async Task Binary_travels_as_b_plus_base64_in_payloads()
    {
        using var http = server.CreateClient();
        var (client, _) = await PollingClient.HandshakeAsync(http);

        await client.PostAsync("4hello\u001ebAQIDBA==");

        Assert.Equal("4hello\u001ebAQIDBA==", await client.GetAsync());
    }

    [Fact]
    public async Task Binary_received_over_polling_reaches_the_session_as_bytes()
    {
        using var http = server.CreateClient();
        var (client, _) = await PollingClient.HandshakeAsync(http);
        var received = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.EngineSessions[client.Sid].MessageReceived += (_, packet) => received.TrySetResult(packet.IsBinary ? packet.Frame.ToArray() : []);

        await client.PostAsync("bAQIDBA==");

        Assert.Equal([1, 2, 3, 4], await received.Task.WaitAsync(Wait.Timeout));
    }

    [Fact]
    public async Task Held_poll_is_answered_as_soon_as_a_packet_is_queued()
    {
        using var http = server.CreateClient();
        var (client, _) = await PollingClient.HandshakeAsync(http);
        var poll = client.GetAsync();

        await client.PostAsync("4later");

        Assert.Equal("4later", await poll);
    }

    [Fact]
    public async Task Server_pings_over_polling_and_a_pong_keeps_the_session()
    {
        using var http = server.CreateClient();
        var (client, _) = await PollingClient.HandshakeAsync(http, TestServer.HeartbeatPath);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("2", await client.GetAsync());
            await client.PostAsync("3");
        }
    }

    [Fact]
    public async Task Session_without_pong_closes_on_ping_timeout()
    {
        using var http = server.CreateClient();
        var (client, _) = await PollingClient.HandshakeAsync(http, TestServer.HeartbeatPath);

        Assert.Equal("2", await client.GetAsync());
        // No pong: the next poll is held until the ping timeout closes the session.
        Assert.Equal("1", await client.GetAsync());
        using var after = await client.GetResponseAsync();
        Assert.Equal(HttpStatusCode.BadRequest, after.StatusCode);
    }

    [Fact]
    public async Task Client_close_answers_the_held_poll_with_noop_and_ends_the_session()
    {
        using var http = server.CreateClient();
        var (client, _) = await PollingClient.HandshakeAsync(http);
        var poll = client.GetAsync();
        await server.WaitForHeldPollAsync(client.Sid);

        using var close = await client.PostResponseAsync("1");

        Assert.Equal("6", await poll);
        using var after = await client.GetResponseAsync();
        Assert.Equal(HttpStatusCode.BadRequest, after.StatusCode);
        Assert.Equal("""{"code":1,"message":"Session ID unknown"}""", await after.Content.ReadAsStringAsync().WaitAsync(Wait.Timeout));
    }

    [Fact]
    public async Task Server_close_answers_the_held_poll_with_close()
    {
        using var http = server.CreateClient();
        var (client, _) = await PollingClient.HandshakeAsync(http);
        var poll = client.GetAsync();
        await server.WaitForHeldPollAsync(client.Sid);
        var session = server.EngineSessions[client.Sid];

        session.Close();

        Assert.Equal("1", await poll);
    }
}
