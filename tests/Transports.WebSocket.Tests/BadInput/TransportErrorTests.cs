using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using SocketIO.Transports.WebSocket.Internal;
using SocketIO.Transports.WebSocket.Tests.Support;

namespace SocketIO.Transports.WebSocket.Tests.BadInput;

/// <summary>
/// Misbehaving clients after verification (docs/protocol.md#polling, #websocket): each is thrown out with a logged reason,
/// other clients carry on, and new clients still connect.
/// </summary>
[Collection(ServerCollection.Name)]
public class TransportErrorTests(TestServer server)
{
    private static string Message(int totalBytes) => "4" + new string('a', totalBytes - 1);

    private async Task AssertSessionGoneAsync(PollingClient client)
    {
        await Wait.UntilAsync(() => !server.EngineSessions.ContainsKey(client.Sid), $"session {client.Sid} is closed");
        using var response = await client.GetResponseAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("""{"code":1,"message":"Session ID unknown"}""", await response.Content.ReadAsStringAsync().WaitAsync(Wait.Timeout));
    }

    [Fact]
    public async Task Post_of_exactly_max_payload_is_accepted()
    {
        using var http = server.CreateClient();
        var (client, _) = await PollingClient.HandshakeAsync(http);

        await client.PostAsync(Message(TestServer.MaxPayload));

        Assert.Equal(TestServer.MaxPayload, (await client.GetAsync()).Length);
    }

    [Fact]
    public async Task Oversized_post_gets_413_and_closes_only_that_session()
    {
        using var http = server.CreateClient();
        var (bystander, _) = await PollingClient.HandshakeAsync(http);
        var (client, _) = await PollingClient.HandshakeAsync(http);

        using var response = await client.PostResponseAsync(Message(TestServer.MaxPayload + 1));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertSessionGoneAsync(client);
        Assert.Contains(server.Logs.Lines, l => l.Contains(client.Sid) && l.Contains("maxHttpBufferSize"));
        await bystander.PostAsync("4still here");
        Assert.Equal("4still here", await bystander.GetAsync());
        await Health.AssertServerHealthyAsync(server);
    }

    [Fact]
    public async Task Oversized_chunked_post_gets_413()
    {
        using var http = server.CreateClient();
        var (client, _) = await PollingClient.HandshakeAsync(http);
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Message(TestServer.MaxPayload * 2))));
        content.Headers.ContentLength = null;
        using var request = new HttpRequestMessage(HttpMethod.Post, client.Url) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await http.SendAsync(request).WaitAsync(Wait.Timeout);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertSessionGoneAsync(client);
        await Health.AssertServerHealthyAsync(server);
    }

    [Fact]
    public async Task Websocket_message_of_exactly_max_payload_is_accepted()
    {
        await using var socket = await RawWebSocket.ConnectAsync(server.BaseUri, "/engine.io/?EIO=4&transport=websocket");
        await socket.ReceiveTextAsync();

        await socket.SendTextAsync(Message(TestServer.MaxPayload));

        Assert.Equal(TestServer.MaxPayload, (await socket.ReceiveTextAsync()).Length);
    }

    [Fact]
    public async Task Oversized_websocket_message_closes_that_connection_with_1009()
    {
        await using var socket = await RawWebSocket.ConnectAsync(server.BaseUri, "/engine.io/?EIO=4&transport=websocket");
        var sid = JsonDocument.Parse((await socket.ReceiveTextAsync())[1..]).RootElement.GetProperty("sid").GetString()!;

        await socket.SendTextAsync(Message(TestServer.MaxPayload + 1));

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await socket.ExpectClosedAsync());
        await Wait.UntilAsync(() => !server.EngineSessions.ContainsKey(sid), "the session is closed");
        Assert.Contains(server.Logs.Lines, l => l.Contains(sid) && l.Contains("maxHttpBufferSize"));
        await Health.AssertServerHealthyAsync(server);
    }

    [Fact]
    public async Task Garbage_post_closes_only_that_session()
    {
        using var http = server.CreateClient();
        var (bystander, _) = await PollingClient.HandshakeAsync(http);
        var (client, _) = await PollingClient.HandshakeAsync(http);

        using var response = await client.PostResponseAsync("abc");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertSessionGoneAsync(client);
        await bystander.PostAsync("4fine");
        Assert.Equal("4fine", await bystander.GetAsync());
        await Health.AssertServerHealthyAsync(server);
    }

    [Fact]
    public async Task Garbage_websocket_frame_closes_only_that_connection()
    {
        await using var bystander = await RawWebSocket.ConnectAsync(server.BaseUri, "/engine.io/?EIO=4&transport=websocket");
        await bystander.ReceiveTextAsync();
        await using var socket = await RawWebSocket.ConnectAsync(server.BaseUri, "/engine.io/?EIO=4&transport=websocket");
        await socket.ReceiveTextAsync();

        await socket.SendTextAsync("x");

        await socket.ExpectClosedAsync();
        await bystander.SendTextAsync("4fine");
        Assert.Equal("4fine", await bystander.ReceiveTextAsync());
        await Health.AssertServerHealthyAsync(server);
    }

    [Fact]
    public async Task Garbage_socket_io_packet_closes_that_connection()
    {
        await using var socket = await RawWebSocket.ConnectAsync(server.BaseUri, "/socket.io/?EIO=4&transport=websocket");
        await socket.ReceiveTextAsync();

        await socket.SendTextAsync("49not a packet");

        await socket.ExpectClosedAsync();
        await Health.AssertServerHealthyAsync(server);
    }

    [Fact]
    public async Task Second_concurrent_get_gets_400_and_closes_the_session()
    {
        using var http = server.CreateClient();
        var (client, _) = await PollingClient.HandshakeAsync(http);
        var first = client.GetAsync();
        await server.WaitForHeldPollAsync(client.Sid);

        using var second = await client.GetResponseAsync();

        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal("1", await first);
        await AssertSessionGoneAsync(client);
        await Health.AssertServerHealthyAsync(server);
    }

    [Fact]
    public async Task Second_concurrent_post_gets_400_and_closes_the_session()
    {
        using var http = server.CreateClient();
        var (client, _) = await PollingClient.HandshakeAsync(http);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = client.PostResponseAsync(new StalledContent("4part", release.Task));
        await Wait.UntilAsync(() => server.EngineSessions[client.Sid].Transport is PollingTransport { HasPostInFlight: true }, "the first POST is in");

        using var second = await client.PostResponseAsync("4second");
        release.SetResult();

        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        (await first).Dispose();
        await AssertSessionGoneAsync(client);
        await Health.AssertServerHealthyAsync(server);
    }

    [Fact]
    public async Task Binary_post_body_gets_400_and_closes_the_session()
    {
        using var http = server.CreateClient();
        var (client, _) = await PollingClient.HandshakeAsync(http);
        var content = new ByteArrayContent([4, 1, 2, 3]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");

        using var response = await client.PostResponseAsync(content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertSessionGoneAsync(client);
        await Health.AssertServerHealthyAsync(server);
    }

    [Fact]
    public async Task Client_dropping_its_poll_closes_the_session()
    {
        using var http = server.CreateClient();
        var (client, _) = await PollingClient.HandshakeAsync(http);
        using var cancel = new CancellationTokenSource();
        var poll = http.GetAsync(client.Url, cancel.Token);
        await server.WaitForHeldPollAsync(client.Sid);

        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => poll.WaitAsync(Wait.Timeout));
        await Wait.UntilAsync(() => !server.EngineSessions.ContainsKey(client.Sid), "the session is closed");
        await Health.AssertServerHealthyAsync(server);
    }

    /// <summary>A request body that sends a first part, then waits before completing.</summary>
    private sealed class StalledContent(string firstPart, Task release) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(firstPart));
            await stream.FlushAsync();
            await release.WaitAsync(Wait.Timeout);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
