using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using SocketIO.ConformanceServer.Tests.Support;

namespace SocketIO.ConformanceServer.Tests;

/// <summary>/engine.io/ of the conformance host: a bare engine with the suites' settings that echoes every message unchanged.</summary>
public abstract class EngineEndpointSuite(ConformanceFixture server)
{
    private static void AssertSuiteSettings(JsonElement open, string upgrades)
    {
        Assert.Equal(300, open.GetProperty("pingInterval").GetInt32());
        Assert.Equal(200, open.GetProperty("pingTimeout").GetInt32());
        Assert.Equal(1_000_000, open.GetProperty("maxPayload").GetInt32());
        Assert.Equal(upgrades, open.GetProperty("upgrades").GetRawText());
    }

    [Fact]
    public async Task Websocket_echoes_text_as_text_and_binary_as_binary()
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://{server.Host.Url.Authority}/engine.io/?EIO=4&transport=websocket"), CancellationToken.None).WaitAsync(Repo.Timeout);
        var (_, open) = await ReceiveAsync(socket);
        Assert.StartsWith("0{", Encoding.UTF8.GetString(open));
        AssertSuiteSettings(JsonDocument.Parse(open.AsMemory(1)).RootElement, "[]");

        await socket.SendAsync("4hello é"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None).WaitAsync(Repo.Timeout);
        var (textType, text) = await ReceiveAsync(socket);
        await socket.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, CancellationToken.None).WaitAsync(Repo.Timeout);
        var (binaryType, binary) = await ReceiveAsync(socket);

        Assert.Equal((WebSocketMessageType.Text, "4hello é"), (textType, Encoding.UTF8.GetString(text)));
        Assert.Equal(WebSocketMessageType.Binary, binaryType);
        Assert.Equal([1, 2, 3], binary);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(Repo.Timeout);
    }

    [Fact]
    public async Task Polling_echoes_text_and_base64_binary()
    {
        using var http = new HttpClient { BaseAddress = server.Host.Url, Timeout = Repo.Timeout };
        var handshake = await http.GetStringAsync("/engine.io/?EIO=4&transport=polling").WaitAsync(Repo.Timeout);
        Assert.StartsWith("0{", handshake);
        var open = JsonDocument.Parse(handshake[1..]).RootElement;
        AssertSuiteSettings(open, """["websocket"]""");
        var url = $"/engine.io/?EIO=4&transport=polling&sid={open.GetProperty("sid").GetString()}";

        using var post = await http.PostAsync(url, new StringContent("4hello é\u001ebAQID")).WaitAsync(Repo.Timeout);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        var echoed = new List<string>();
        var deadline = DateTime.UtcNow + Repo.Timeout;
        while (echoed.Count < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no echo within {Repo.Timeout}; got [{string.Join(", ", echoed)}]");
            foreach (var packet in (await http.GetStringAsync(url).WaitAsync(Repo.Timeout)).Split('\u001e'))
            {
                // EIO4: the server pings every 300 ms here; an unanswered ping closes the session.
                if (packet == "2")
                    (await http.PostAsync(url, new StringContent("3")).WaitAsync(Repo.Timeout)).Dispose();
                else
                    echoed.Add(packet);
            }
        }

        Assert.Equal(["4hello é", "bAQID"], echoed);
        (await http.PostAsync(url, new StringContent("1")).WaitAsync(Repo.Timeout)).Dispose();
    }

    /// <summary>The next message that is not a ping (pings are answered at once: the suites' pingTimeout is 200 ms).</summary>
    private static async Task<(WebSocketMessageType Type, byte[] Data)> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(Repo.Timeout);
                Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);
            if (result.MessageType == WebSocketMessageType.Text && message.ToArray() is [(byte)'2'])
            {
                await socket.SendAsync("3"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None).WaitAsync(Repo.Timeout);
                continue;
            }
            return (result.MessageType, message.ToArray());
        }
    }
}

/// <summary>The engine endpoint of the server as the suites run it.</summary>
public sealed class EngineEndpointTests(JsonConformanceServer server) : EngineEndpointSuite(server), IClassFixture<JsonConformanceServer>
{
}

/// <summary>The engine endpoint again, with the server's WebSockets owning their connections.</summary>
public sealed class HandoffEngineEndpointTests(HandoffConformanceServer server) : EngineEndpointSuite(server), IClassFixture<HandoffConformanceServer>
{
}
