using System.Net;
using System.Text.Json;
using SocketIO.Transports.WebSocket.Tests.Support;

namespace SocketIO.Transports.WebSocket.Tests.Engine;

/// <summary>The Transports and AllowUpgrades engine options over real HTTP (docs/protocol.md#handshake, #polling, #websocket).</summary>
[Collection(ServerCollection.Name)]
public class TransportOptionsTests(TestServer server)
{
    private const string TransportUnknown = """{"code":0,"message":"Transport unknown"}""";

    private async Task AssertTransportUnknownAsync(HttpMethod method, string pathAndQuery)
    {
        using var http = server.CreateClient();
        using var request = new HttpRequestMessage(method, pathAndQuery);
        if (method == HttpMethod.Post)
            request.Content = new StringContent("4x");

        using var response = await http.SendAsync(request).WaitAsync(Wait.Timeout);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(TransportUnknown, await response.Content.ReadAsStringAsync().WaitAsync(Wait.Timeout));
    }

    private static string Upgrades(JsonElement open) => open.GetProperty("upgrades").GetRawText();

    [Fact]
    public async Task Polling_only_engine_refuses_websocket_requests_with_transport_unknown()
    {
        using var http = server.CreateClient();
        var (client, _) = await PollingClient.HandshakeAsync(http, TestServer.PollingOnlyPath);

        await AssertTransportUnknownAsync(HttpMethod.Get, TestServer.PollingOnlyPath + "?EIO=4&transport=websocket");
        var refusal = await RawWebSocket.RefusalAsync(server.BaseUri, TestServer.PollingOnlyPath + "?EIO=4&transport=websocket");
        var upgrade = await RawWebSocket.RefusalAsync(server.BaseUri, $"{TestServer.PollingOnlyPath}?EIO=4&transport=websocket&sid={client.Sid}");

        Assert.Equal(new HandshakeRefusal(400, "text/html", "Transport unknown", ConnectionClose: true), refusal);
        Assert.Equal(refusal, upgrade);
        await client.PostAsync("4still polling");
        Assert.Equal("4still polling", await client.GetAsync());
    }

    [Fact]
    public async Task Polling_only_engine_offers_no_upgrade_in_the_open_packet()
    {
        using var http = server.CreateClient();

        var (_, open) = await PollingClient.HandshakeAsync(http, TestServer.PollingOnlyPath);

        Assert.Equal("[]", Upgrades(open));
    }

    [Fact]
    public async Task WebSocket_only_engine_refuses_polling_with_transport_unknown_and_serves_websockets()
    {
        await AssertTransportUnknownAsync(HttpMethod.Get, TestServer.WebSocketOnlyPath + "?EIO=4&transport=polling");
        await AssertTransportUnknownAsync(HttpMethod.Post, TestServer.WebSocketOnlyPath + "?EIO=4&transport=polling");
        await using var socket = await RawWebSocket.ConnectAsync(server.BaseUri, TestServer.WebSocketOnlyPath + "?EIO=4&transport=websocket");
        var open = JsonDocument.Parse((await socket.ReceiveTextAsync())[1..]).RootElement;
        var sid = open.GetProperty("sid").GetString();

        await AssertTransportUnknownAsync(HttpMethod.Get, $"{TestServer.WebSocketOnlyPath}?EIO=4&transport=polling&sid={sid}");

        Assert.Equal("[]", Upgrades(open));
        await socket.SendTextAsync("4hello");
        Assert.Equal("4hello", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task Without_upgrades_the_open_packet_offers_none_and_a_websocket_for_the_sid_is_accepted_then_closed()
    {
        using var http = server.CreateClient();
        var (client, open) = await PollingClient.HandshakeAsync(http, TestServer.NoUpgradesPath);
        Assert.Equal("[]", Upgrades(open));

        await using var socket = await RawWebSocket.ConnectAsync(server.BaseUri, $"{TestServer.NoUpgradesPath}?EIO=4&transport=websocket&sid={client.Sid}");
        await socket.ExpectClosedAsync();

        Assert.Contains(server.Logs.Lines, l => l.Contains(client.Sid) && l.Contains("upgrade not possible"));
        await client.PostAsync("4still polling");
        Assert.Equal("4still polling", await client.GetAsync());
        Assert.Equal("polling", server.EngineSessions[client.Sid].Transport.Name);
    }
}
