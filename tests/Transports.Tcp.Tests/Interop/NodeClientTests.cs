using System.Text.Json;
using SocketIO.Transports.Tcp.Tests.Support;

namespace SocketIO.Transports.Tcp.Tests.Interop;

/// <summary>
/// The official socket.io-client over raw TCP: its own WebTransport transport (engine.io-parser's stream
/// framing) on a TCP socket handed to it by a stand-in for the WebTransport global (js/tcp-webtransport.js).
/// Run once per parser.
/// </summary>
public abstract class NodeClientTests(TcpTestServer server)
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    private static string Binary(params byte[] bytes) => $"{{\"$binary\":\"{Convert.ToBase64String(bytes)}\"}}";

    private static void AssertJson(string expected, JsonElement actual) =>
        Assert.Equal(Json(expected).GetRawText(), Json(actual.GetRawText()).GetRawText());

    [Fact]
    public async Task Client_connects_over_tcp_receives_auth_and_disconnects()
    {
        var result = await NodeClient.RunAsync(server, "connect");

        Assert.Equal("webtransport", result.GetProperty("transport").GetString());
        Assert.Equal("tcp", result.GetProperty("server").GetProperty("transport").GetString());
        Assert.Equal("127.0.0.1", result.GetProperty("server").GetProperty("address").GetString());
        Assert.Equal("""{"token":"abc"}""", result.GetProperty("auth").GetRawText());
        Assert.Equal("io client disconnect", result.GetProperty("disconnectReason").GetString());
        var id = result.GetProperty("id").GetString()!;
        await Wait.UntilAsync(() => server.Disconnects.ContainsKey(id), "the server saw the disconnect");
        Assert.Equal("client namespace disconnect", server.Disconnects[id]);
    }

    [Fact]
    public async Task Several_namespaces_share_one_tcp_connection()
    {
        var result = await NodeClient.RunAsync(server, "multiplex");

        var seen = result.GetProperty("seen").EnumerateArray().ToList();
        Assert.Equal(["/", "/orders", "/users"], seen.Select(s => s.GetProperty("nsp").GetString()));
        Assert.All(seen, s => Assert.Equal("tcp", s.GetProperty("transport").GetString()));
        Assert.Single(seen.Select(s => s.GetProperty("connectionId").GetString()).Distinct());
        Assert.Equal(result.GetProperty("engineId").GetString(), seen[0].GetProperty("connectionId").GetString());
    }

    [Fact]
    public async Task Events_flow_both_ways_with_binary_attachments()
    {
        var result = await NodeClient.RunAsync(server, "events");

        AssertJson($$"""[1,"two",{"three":[3]},{{Binary(1, 2, 3)}},{"nested":{{Binary(4, 5)}}}]""", result.GetProperty("args"));
    }

    [Fact]
    public async Task Acks_flow_both_ways_with_binary()
    {
        var result = await NodeClient.RunAsync(server, "acks");

        AssertJson($"""["hello",{Binary(9, 8, 7)}]""", result.GetProperty("acked"));
        AssertJson($"""["reply",42,{Binary(1, 1)}]""", result.GetProperty("answer"));
    }

    [Fact]
    public async Task Broadcast_reaches_a_tcp_device_and_a_websocket_client_in_one_room()
    {
        var result = await NodeClient.RunAsync(server, "broadcast");

        Assert.Equal("""["webtransport","websocket"]""", result.GetProperty("transports").GetRawText());
        foreach (var who in new[] { "device", "browser" })
        {
            var heard = result.GetProperty(who).EnumerateArray().ToList();
            Assert.Equal(2, heard.Count);
            AssertJson($"""["from-browser"]""", Json($"[{heard[0][1].GetRawText()}]"));
            Assert.Equal("from-device", heard[1][1].GetString());
            AssertJson(Binary(7), heard[1][2]);
        }
    }

    [Fact]
    public async Task Middleware_refusal_arrives_as_connect_error_with_data()
    {
        var result = await NodeClient.RunAsync(server, "middleware-error");

        Assert.Equal("not authorized", result.GetProperty("message").GetString());
        Assert.Equal("""{"code":401}""", result.GetProperty("data").GetRawText());
    }
}

[Collection(ServerCollection.Name)]
public sealed class JsonNodeClientTests(TcpTestServer server) : NodeClientTests(server);

[Collection(MsgpackServerCollection.Name)]
public sealed class MsgpackNodeClientTests(MsgpackTcpTestServer server) : NodeClientTests(server);
