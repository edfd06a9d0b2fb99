using System.Net;
using System.Net.WebSockets;
using SocketIO.Transports.WebSocket.Tests.Support;

namespace SocketIO.Transports.WebSocket.Tests.Http;

/// <summary>CORS and the sticky-session cookie as configured on the test server's /socket.io (docs/protocol.md#cors-and-cookie).</summary>
[Collection(ServerCollection.Name)]
public class HttpOptionsTests(TestServer server)
{
    [Fact]
    public async Task Configured_cors_allows_any_origin_on_polling_responses()
    {
        using var http = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/socket.io/?EIO=4&transport=polling");
        request.Headers.Add("Origin", "https://example.com");

        using var response = await http.SendAsync(request).WaitAsync(Wait.Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task Configured_cors_answers_the_preflight_with_204()
    {
        using var http = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Options, "/socket.io/?EIO=4&transport=polling");
        request.Headers.Add("Origin", "https://example.com");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");

        using var response = await http.SendAsync(request).WaitAsync(Wait.Timeout);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("POST", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Methods")));
        Assert.Equal("content-type", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Headers")));
    }

    [Fact]
    public async Task Error_responses_carry_the_cors_headers_too()
    {
        using var http = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/socket.io/?EIO=4&transport=polling&sid=garbage");
        request.Headers.Add("Origin", "https://example.com");

        using var response = await http.SendAsync(request).WaitAsync(Wait.Timeout);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Cors_with_credentials_echoes_the_allowed_origin_on_handshake_post_and_poll()
    {
        using var http = server.CreateClient();
        http.DefaultRequestHeaders.Add("Origin", TestServer.CredentialedOrigin);
        using var handshake = await http.GetAsync(TestServer.CredentialsCorsPath + "?EIO=4&transport=polling").WaitAsync(Wait.Timeout);
        var open = await handshake.Content.ReadAsStringAsync().WaitAsync(Wait.Timeout);
        var client = new PollingClient(http, TestServer.CredentialsCorsPath, System.Text.Json.JsonDocument.Parse(open[1..]).RootElement.GetProperty("sid").GetString()!);

        using var post = await client.PostResponseAsync("4hi");
        using var poll = await client.GetResponseAsync();

        foreach (var response in new[] { handshake, post, poll })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(TestServer.CredentialedOrigin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
            Assert.Equal("true", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Credentials")));
            Assert.Contains("Origin", response.Headers.Vary);
        }
        Assert.Equal("4hi", await poll.Content.ReadAsStringAsync().WaitAsync(Wait.Timeout));
    }

    [Fact]
    public async Task Cors_with_credentials_answers_the_preflight_with_the_origin_never_a_wildcard()
    {
        using var http = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Options, TestServer.CredentialsCorsPath + "?EIO=4&transport=polling");
        request.Headers.Add("Origin", TestServer.CredentialedOrigin);
        request.Headers.Add("Access-Control-Request-Method", "POST");

        using var response = await http.SendAsync(request).WaitAsync(Wait.Timeout);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(TestServer.CredentialedOrigin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal("true", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Credentials")));
        Assert.Contains("POST", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Methods")));
    }

    [Fact]
    public async Task Cors_with_credentials_gives_an_unlisted_origin_no_allow_origin()
    {
        using var http = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, TestServer.CredentialsCorsPath + "?EIO=4&transport=polling");
        request.Headers.Add("Origin", "https://elsewhere.example");

        using var response = await http.SendAsync(request).WaitAsync(Wait.Timeout);

        // As with the npm cors package, the request is served; the browser withholds the response.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Without_cors_options_no_cors_headers_are_sent()
    {
        using var http = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/engine.io/?EIO=4&transport=polling");
        request.Headers.Add("Origin", "https://example.com");

        using var response = await http.SendAsync(request).WaitAsync(Wait.Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Cookie_with_the_sid_is_set_on_the_polling_handshake_only()
    {
        using var http = server.CreateClient();

        using var handshake = await http.GetAsync("/socket.io/?EIO=4&transport=polling").WaitAsync(Wait.Timeout);
        var body = await handshake.Content.ReadAsStringAsync().WaitAsync(Wait.Timeout);
        var sid = System.Text.Json.JsonDocument.Parse(body[1..]).RootElement.GetProperty("sid").GetString();

        var cookie = Assert.Single(handshake.Headers.GetValues("Set-Cookie"));
        var parts = cookie.Split("; ").Select(p => p.ToLowerInvariant()).ToArray();
        Assert.Equal($"io={sid}".ToLowerInvariant(), parts[0]);
        Assert.Contains("path=/", parts);
        Assert.Contains("httponly", parts);
        Assert.Contains("samesite=lax", parts);
        var client = new PollingClient(http, "/socket.io/", sid!);
        await client.PostAsync("40");
        using var poll = await client.GetResponseAsync();
        Assert.False(poll.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task No_cookie_on_a_websocket_handshake_or_without_the_option()
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        await socket.ConnectAsync(new Uri($"ws://{server.BaseUri.Authority}/socket.io/?EIO=4&transport=websocket"), CancellationToken.None).WaitAsync(Wait.Timeout);
        Assert.False(socket.HttpResponseHeaders!.ContainsKey("Set-Cookie"));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(Wait.Timeout);

        using var http = server.CreateClient();
        using var response = await http.GetAsync("/engine.io/?EIO=4&transport=polling").WaitAsync(Wait.Timeout);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Path_without_the_trailing_slash_is_served_too()
    {
        using var http = server.CreateClient();

        using var response = await http.GetAsync("/engine.io?EIO=4&transport=polling").WaitAsync(Wait.Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("0{", await response.Content.ReadAsStringAsync().WaitAsync(Wait.Timeout));
    }
}
