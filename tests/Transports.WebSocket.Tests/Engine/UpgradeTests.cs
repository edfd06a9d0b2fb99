using System.Net;
using System.Net.WebSockets;
using SocketIO.Transports.WebSocket.Tests.Support;

namespace SocketIO.Transports.WebSocket.Tests.Engine;

/// <summary>The polling → WebSocket upgrade, driven by hand (docs/protocol.md#upgrade).</summary>
[Collection(ServerCollection.Name)]
public class UpgradeTests(TestServer server)
{
    private static string WebSocketPath(string sid) => $"/engine.io/?EIO=4&transport=websocket&sid={sid}";

    [Fact]
    public async Task Probe_releases_the_paused_poll_with_noop_then_packets_flow_over_websocket()
    {
        using var http = server.CreateClient();
        var (client, _) = await PollingClient.HandshakeAsync(http);
        var heldPoll = client.GetAsync();
        await server.WaitForHeldPollAsync(client.Sid);
        await using var socket = await RawWebSocket.ConnectAsync(server.BaseUri, WebSocketPath(client.Sid));

        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());
        Assert.Equal("6", await heldPoll);

        // A message queued before the upgrade completes is delivered over the new transport.
        server.EngineSessions[client.Sid].Send(SocketIO.Engine.EnginePacket.FromText(SocketIO.Engine.EnginePacketType.Message, "queued"));
        await socket.SendTextAsync("5");
        Assert.Equal("4queued", await socket.ReceiveTextAsync());
        await socket.SendTextAsync("4hello");
        Assert.Equal("4hello", await socket.ReceiveTextAsync());
        Assert.Equal("websocket", server.EngineSessions[client.Sid].Transport.Name);
    }

    [Fact]
    public async Task Every_poll_held_during_the_probe_is_released_with_noop()
    {
        using var http = server.CreateClient();
        var (client, _) = await PollingClient.HandshakeAsync(http);
        var firstPoll = client.GetAsync();
        await server.WaitForHeldPollAsync(client.Sid);
        await using var socket = await RawWebSocket.ConnectAsync(server.BaseUri, WebSocketPath(client.Sid));
        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());
        Assert.Equal("6", await firstPoll);

        // docs/protocol.md#upgrade: a noop goes to the pending GET every 100 ms until the upgrade packet.
        var secondPoll = client.GetAsync();

        Assert.Equal("6", await secondPoll);
        await socket.SendTextAsync("5");
        await socket.SendTextAsync("4upgraded");
        Assert.Equal("4upgraded", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task Websocket_that_only_probes_is_closed_at_the_upgrade_timeout_and_polling_carries_on()
    {
        using var http = server.CreateClient();
        var (client, _) = await PollingClient.HandshakeAsync(http, TestServer.ShortUpgradePath);
        var heldPoll = client.GetAsync();
        await server.WaitForHeldPollAsync(client.Sid);
        await using var socket = await RawWebSocket.ConnectAsync(server.BaseUri, $"{TestServer.ShortUpgradePath}?EIO=4&transport=websocket&sid={client.Sid}");
        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());
        Assert.Equal("6", await heldPoll);

        // No "5" follows: the server gives up after UpgradeTimeout.
        await socket.ExpectClosedAsync();

        Assert.Contains(server.Logs.Lines, l => l.Contains(client.Sid) && l.Contains("upgrade timeout"));
        Assert.False(server.EngineSessions[client.Sid].IsUpgrading);
        await client.PostAsync("4still polling");
        Assert.Equal("4still polling", await client.GetAsync());
        Assert.Equal("polling", server.EngineSessions[client.Sid].Transport.Name);
    }

    [Fact]
    public async Task Polling_with_the_sid_after_the_upgrade_is_a_bad_request()
    {
        using var http = server.CreateClient();
        var (client, _) = await PollingClient.HandshakeAsync(http);
        await using var socket = await RawWebSocket.ConnectAsync(server.BaseUri, WebSocketPath(client.Sid));
        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());
        await socket.SendTextAsync("5");
        await Wait.UntilAsync(() => server.EngineSessions[client.Sid].IsUpgraded, "the upgrade is done");

        using var get = await client.GetResponseAsync();
        using var post = await client.PostResponseAsync("4x");

        foreach (var response in new[] { get, post })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal("""{"code":3,"message":"Bad request"}""", await response.Content.ReadAsStringAsync().WaitAsync(Wait.Timeout));
        }
        await socket.SendTextAsync("4still");
        Assert.Equal("4still", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task Probe_and_upgrade_sent_back_to_back_still_answer_the_probe_first()
    {
        using var http = server.CreateClient();
        var (client, _) = await PollingClient.HandshakeAsync(http);
        await using var socket = await RawWebSocket.ConnectAsync(server.BaseUri, WebSocketPath(client.Sid));

        await socket.SendTextAsync("2probe");
        await socket.SendTextAsync("5");
        await socket.SendTextAsync("4hello");

        Assert.Equal("3probe", await socket.ReceiveTextAsync());
        Assert.Equal("4hello", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task Second_websocket_for_an_upgraded_session_is_accepted_then_closed()
    {
        using var http = server.CreateClient();
        var (client, _) = await PollingClient.HandshakeAsync(http);
        await using var socket = await RawWebSocket.ConnectAsync(server.BaseUri, WebSocketPath(client.Sid));
        await socket.SendTextAsync("2probe");
        await socket.SendTextAsync("5");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());

        await using var second = await RawWebSocket.ConnectAsync(server.BaseUri, WebSocketPath(client.Sid));
        await second.ExpectClosedAsync();

        await socket.SendTextAsync("4hello");
        Assert.Equal("4hello", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task Packet_other_than_probe_on_the_new_websocket_closes_it_and_the_session_stays_on_polling()
    {
        using var http = server.CreateClient();
        var (client, _) = await PollingClient.HandshakeAsync(http);
        await using var socket = await RawWebSocket.ConnectAsync(server.BaseUri, WebSocketPath(client.Sid));

        await socket.SendTextAsync("4too early");

        await socket.ExpectClosedAsync();
        await client.PostAsync("4polling");
        Assert.Equal("4polling", await client.GetAsync());
        Assert.Equal("polling", server.EngineSessions[client.Sid].Transport.Name);
    }

    [Fact]
    public async Task Websocket_close_before_upgrade_leaves_the_polling_session_usable()
    {
        using var http = server.CreateClient();
        var (client, _) = await PollingClient.HandshakeAsync(http);
        var socket = await RawWebSocket.ConnectAsync(server.BaseUri, WebSocketPath(client.Sid));
        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());

        await socket.DisposeAsync();
        await Wait.UntilAsync(() => !server.EngineSessions[client.Sid].IsUpgrading, "the probe is dropped");

        await client.PostAsync("4after");
        Assert.Equal("4after", await client.GetAsync());
        Assert.Equal(WebSocketState.Closed, socket.State);
    }
}
