using System.Net.WebSockets;
using System.Text.Json;
using SocketIO.Transports.WebSocket.Tests.Support;

namespace SocketIO.Transports.WebSocket.Tests.Engine;

/// <summary>Engine.IO over WebSocket against the bare echo engine (docs/protocol.md#handshake, #websocket, #close).</summary>
[Collection(ServerCollection.Name)]
public class WebSocketTests(TestServer server)
{
    private const string Path = "/engine.io/?EIO=4&transport=websocket";

    [Fact]
    public async Task WebSocket_session_sends_the_open_packet_as_its_first_text_frame()
    {
        await using var socket = await RawWebSocket.ConnectAsync(server.BaseUri, Path);

        var open = await socket.ReceiveTextAsync();

        Assert.StartsWith("0{", open);
        var json = JsonDocument.Parse(open[1..]).RootElement;
        Assert.Equal(["sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("[]", json.GetProperty("upgrades").GetRawText());
        Assert.True(server.EngineSessions.ContainsKey(json.GetProperty("sid").GetString()!));
    }

    [Fact]
    public async Task Text_packets_are_text_frames_and_binary_messages_are_binary_frames()
    {
        await using var socket = await RawWebSocket.ConnectAsync(server.BaseUri, Path);
        await socket.ReceiveTextAsync();

        await socket.SendTextAsync("4hello é");
        Assert.Equal("4hello é", await socket.ReceiveTextAsync());

        await socket.SendBinaryAsync([1, 2, 3, 4]);
        var (type, data) = await socket.ReceiveAsync();
        Assert.Equal(WebSocketMessageType.Binary, type);
        Assert.Equal([1, 2, 3, 4], data);
    }

    [Fact]
    public async Task With_b64_binary_goes_out_as_b_plus_base64_text()
    {
        await using var socket = await RawWebSocket.ConnectAsync(server.BaseUri, Path + "&b64=1");
        await socket.ReceiveTextAsync();

        await socket.SendBinaryAsync([1, 2, 3, 4]);

        Assert.Equal("bAQIDBA==", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task Inbound_close_packet_ends_the_session()
    {
        await using var socket = await RawWebSocket.ConnectAsync(server.BaseUri, Path);
        var sid = JsonDocument.Parse((await socket.ReceiveTextAsync())[1..]).RootElement.GetProperty("sid").GetString()!;

        await socket.SendTextAsync("1");

        await socket.ExpectClosedAsync();
        await Wait.UntilAsync(() => !server.EngineSessions.ContainsKey(sid), "the session is gone");
    }

    [Fact]
    public async Task Server_pings_over_websocket()
    {
        await using var socket = await RawWebSocket.ConnectAsync(server.BaseUri, TestServer.HeartbeatPath + "?EIO=4&transport=websocket");
        await socket.ReceiveTextAsync();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("2", await socket.ReceiveTextAsync());
            await socket.SendTextAsync("3");
        }
    }

    [Fact]
    public async Task Server_close_closes_the_socket_without_a_close_packet()
    {
        await using var socket = await RawWebSocket.ConnectAsync(server.BaseUri, Path);
        var sid = JsonDocument.Parse((await socket.ReceiveTextAsync())[1..]).RootElement.GetProperty("sid").GetString()!;

        server.EngineSessions[sid].Close();

        var (type, _) = await socket.ReceiveAsync();
        Assert.Equal(WebSocketMessageType.Close, type);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    [Fact]
    public async Task Peer_closing_the_socket_ends_the_session()
    {
        var socket = await RawWebSocket.ConnectAsync(server.BaseUri, Path);
        var sid = JsonDocument.Parse((await socket.ReceiveTextAsync())[1..]).RootElement.GetProperty("sid").GetString()!;

        await socket.DisposeAsync();

        await Wait.UntilAsync(() => !server.EngineSessions.ContainsKey(sid), "the session is gone");
    }
}
