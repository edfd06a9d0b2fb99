using System.Net;
using SocketIO.Transports.WebSocket.Tests.Support;

namespace SocketIO.Transports.WebSocket.Tests.BadInput;

/// <summary>Each request-verification failure of docs/protocol.md#request-verification answers with its status and exact JSON body.</summary>
[Collection(ServerCollection.Name)]
public class VerificationTests(TestServer server)
{
    public static TheoryData<string, string, int, string> Refusals => new()
    {
        // method, path and query, status, body
        { "GET", "/engine.io/?EIO=4", 400, """{"code":0,"message":"Transport unknown"}""" },
        { "GET", "/engine.io/?EIO=4&transport=abc", 400, """{"code":0,"message":"Transport unknown"}""" },
        { "GET", "/engine.io/?EIO=4&transport=webtransport", 400, """{"code":0,"message":"Transport unknown"}""" },
        { "GET", "/engine.io/?EIO=4&transport=abc&sid=garbage", 400, """{"code":0,"message":"Transport unknown"}""" },
        { "GET", "/engine.io/?EIO=4&transport=polling&sid=garbage", 400, """{"code":1,"message":"Session ID unknown"}""" },
        { "POST", "/engine.io/?EIO=4&transport=polling&sid=garbage", 400, """{"code":1,"message":"Session ID unknown"}""" },
        { "POST", "/engine.io/?EIO=4&transport=polling", 400, """{"code":2,"message":"Bad handshake method"}""" },
        { "PUT", "/engine.io/?EIO=4&transport=polling", 400, """{"code":2,"message":"Bad handshake method"}""" },
        { "OPTIONS", "/engine.io/?EIO=4&transport=polling", 400, """{"code":2,"message":"Bad handshake method"}""" },
        { "POST", "/engine.io/?EIO=3&transport=websocket", 400, """{"code":2,"message":"Bad handshake method"}""" },
        { "GET", "/engine.io/?EIO=4&transport=websocket", 400, """{"code":3,"message":"Bad request"}""" },
        { "GET", "/socket.io/?EIO=4&transport=polling&deny=1", 403, """{"code":4,"message":"denied by test"}""" },
        { "GET", "/socket.io/?EIO=3&transport=polling&deny=1", 403, """{"code":4,"message":"denied by test"}""" },
        { "GET", "/engine.io/?transport=polling", 400, """{"code":5,"message":"Unsupported protocol version"}""" },
        { "GET", "/engine.io/?EIO=abc&transport=polling", 400, """{"code":5,"message":"Unsupported protocol version"}""" },
        { "GET", "/engine.io/?EIO=3&transport=polling", 400, """{"code":5,"message":"Unsupported protocol version"}""" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Refused_request_gets_its_status_and_json_body(string method, string pathAndQuery, int status, string body)
    {
        using var http = server.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), pathAndQuery);

        using var response = await http.SendAsync(request).WaitAsync(Wait.Timeout);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(body, await response.Content.ReadAsStringAsync().WaitAsync(Wait.Timeout));
        await Health.AssertServerHealthyAsync(server);
    }

    [Fact]
    public async Task Invalid_characters_in_origin_are_a_bad_request()
    {
        using var http = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/engine.io/?EIO=4&transport=polling");
        request.Headers.TryAddWithoutValidation("Origin", "http://a\u007fb");

        using var response = await http.SendAsync(request).WaitAsync(Wait.Timeout);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("""{"code":3,"message":"Bad request"}""", await response.Content.ReadAsStringAsync().WaitAsync(Wait.Timeout));
        await Health.AssertServerHealthyAsync(server);
    }

    [Fact]
    public async Task Polling_request_for_a_websocket_session_is_a_transport_mismatch()
    {
        await using var socket = await RawWebSocket.ConnectAsync(server.BaseUri, "/engine.io/?EIO=4&transport=websocket");
        var sid = System.Text.Json.JsonDocument.Parse((await socket.ReceiveTextAsync())[1..]).RootElement.GetProperty("sid").GetString();
        using var http = server.CreateClient();

        using var response = await http.GetAsync($"/engine.io/?EIO=4&transport=polling&sid={sid}").WaitAsync(Wait.Timeout);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("""{"code":3,"message":"Bad request"}""", await response.Content.ReadAsStringAsync().WaitAsync(Wait.Timeout));
    }

    [Fact]
    public async Task Request_with_a_sid_and_another_protocol_version_is_a_bad_request()
    {
        using var http = server.CreateClient();
        var (client, _) = await PollingClient.HandshakeAsync(http);

        using var response = await http.GetAsync($"/engine.io/?EIO=3&transport=polling&sid={client.Sid}").WaitAsync(Wait.Timeout);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("""{"code":3,"message":"Bad request"}""", await response.Content.ReadAsStringAsync().WaitAsync(Wait.Timeout));
    }

    [Fact]
    public async Task Method_other_than_get_or_post_with_a_valid_sid_is_a_server_error()
    {
        using var http = server.CreateClient();
        var (client, _) = await PollingClient.HandshakeAsync(http);

        using var response = await http.PutAsync(client.Url, new StringContent("4x")).WaitAsync(Wait.Timeout);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Theory]
    [InlineData("/engine.io/?EIO=4&transport=websocket&sid=garbage", "Session ID unknown")]
    [InlineData("/engine.io/?EIO=3&transport=websocket", "Unsupported protocol version")]
    [InlineData("/engine.io/?EIO=4&transport=abc", "Transport unknown")]
    [InlineData("/engine.io/?EIO=4&transport=polling", "Bad request")]
    [InlineData("/socket.io/?EIO=4&transport=websocket&deny=1", "denied by test")]
    public async Task Refused_websocket_handshake_gets_400_with_the_message_as_text_html(string pathAndQuery, string message)
    {
        var refusal = await RawWebSocket.RefusalAsync(server.BaseUri, pathAndQuery);

        Assert.Equal(new HandshakeRefusal(400, "text/html", message, ConnectionClose: true), refusal);
        Assert.Contains(server.Logs.Lines, l => l.Contains(message, StringComparison.Ordinal));
        await Health.AssertServerHealthyAsync(server);
    }
}
