using System.Net.WebSockets;
using System.Text;

namespace SocketIO.Transports.WebSocket.Tests.Support;

/// <summary>A hand-driven WebSocket to an engine endpoint: raw frames in and out.</summary>
internal sealed class RawWebSocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;

    private RawWebSocket(ClientWebSocket socket) => _socket = socket;

    public WebSocketState State => _socket.State;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    /// <summary>Drives a socket the test connected itself (wss://, HTTP/2).</summary>
    public static RawWebSocket From(ClientWebSocket socket) => new(socket);

    public static async Task<RawWebSocket> ConnectAsync(Uri server, string pathAndQuery)
    {
        var socket = new ClientWebSocket();
        var uri = new Uri($"ws://{server.Authority}{pathAndQuery}");
        await socket.ConnectAsync(uri, CancellationToken.None).WaitAsync(Wait.Timeout);
        return new RawWebSocket(socket);
    }

    /// <summary>
    /// Sends a WebSocket handshake request by hand (ClientWebSocket hides a refusal's body) and
    /// returns what the server answered when it did not switch protocols.
    /// </summary>
    public static async Task<HandshakeRefusal> RefusalAsync(Uri server, string pathAndQuery)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = Wait.Timeout };
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new System.Net.Http.Headers.ProductHeaderValue("websocket"));
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
        using var response = await http.SendAsync(request).WaitAsync(Wait.Timeout);
        Assert.NotEqual(System.Net.HttpStatusCode.SwitchingProtocols, response.StatusCode);
        return new HandshakeRefusal(
            (int)response.StatusCode,
            response.Content.Headers.ContentType?.MediaType,
            await response.Content.ReadAsStringAsync().WaitAsync(Wait.Timeout),
            response.Headers.ConnectionClose == true);
    }

    public Task SendTextAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None).WaitAsync(Wait.Timeout);

    public Task SendBinaryAsync(byte[] bytes) =>
        _socket.SendAsync(bytes, WebSocketMessageType.Binary, true, CancellationToken.None).WaitAsync(Wait.Timeout);

    /// <summary>The next message; its type is Close when the server closed the socket.</summary>
    public async Task<(WebSocketMessageType Type, byte[] Data)> ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(Wait.Timeout);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage || result.MessageType == WebSocketMessageType.Close)
                return (result.MessageType, message.ToArray());
        }
    }

    /// <summary>The next message, which must be text.</summary>
    public async Task<string> ReceiveTextAsync()
    {
        var (type, data) = await ReceiveAsync();
        Assert.Equal(WebSocketMessageType.Text, type);
        return Encoding.UTF8.GetString(data);
    }

    /// <summary>Reads until the server closes the socket; fails if it does not.</summary>
    public async Task<WebSocketCloseStatus?> ExpectClosedAsync()
    {
        try
        {
            while ((await ReceiveAsync()).Type != WebSocketMessageType.Close)
            {
            }
        }
        catch (WebSocketException)
        {
            // the server dropped the connection without a close frame
        }
        return _socket.CloseStatus;
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(Wait.Timeout);
            }
            catch (Exception ex) when (ex is WebSocketException or TimeoutException)
            {
            }
        }
        _socket.Dispose();
    }
}

/// <summary>A refused WebSocket handshake: engine.io answers 400, text/html, the message as the body, and Connection: close (docs/protocol.md#request-verification).</summary>
internal sealed record HandshakeRefusal(int Status, string? ContentType, string Body, bool ConnectionClose);
