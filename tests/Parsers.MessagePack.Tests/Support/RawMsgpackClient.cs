using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using SocketIO.Engine;
using SocketIO.Protocol;

namespace SocketIO.Parsers.MessagePack.Tests.Support;

/// <summary>
/// A hand-driven Socket.IO client speaking msgpack to /socket.io over a raw WebSocket or raw
/// long-polling, so that a test can send what no real client would.
/// </summary>
internal sealed class RawMsgpackClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly MessagePackPacketParser Parser = new();

    private readonly IPacketDecoder _decoder = Parser.CreateDecoder();
    private readonly Queue<EnginePacket> _received = new();
    private readonly ClientWebSocket? _socket;
    private readonly HttpClient? _http;

    private RawMsgpackClient(ClientWebSocket? socket, HttpClient? http)
    {
        _socket = socket;
        _http = http;
    }

    /// <summary>The engine session id.</summary>
    public string Sid { get; private set; } = "";

    private string PollingUrl => $"/socket.io/?EIO=4&transport=polling&sid={Sid}";

    /// <summary>Opens a session over <paramref name="transport"/> ("websocket" or "polling") and connects to "/".</summary>
    public static async Task<RawMsgpackClient> ConnectAsync(Uri server, string transport)
    {
        RawMsgpackClient client;
        if (transport == "websocket")
        {
            var socket = new ClientWebSocket();
            client = new RawMsgpackClient(socket, null);
            await socket.ConnectAsync(new Uri($"ws://{server.Authority}/socket.io/?EIO=4&transport=websocket"), CancellationToken.None).WaitAsync(Timeout);
        }
        else
        {
            client = new RawMsgpackClient(null, new HttpClient { BaseAddress = server, Timeout = Timeout });
        }
        var open = await client.NextMessageAsync();
        Assert.Equal(EnginePacketType.Open, open.Type);
        client.Sid = JsonDocument.Parse(open.Payload).RootElement.GetProperty("sid").GetString()!;
        await client.SendAsync(new SocketPacket(PacketType.Connect, "/"));
        Assert.Equal(PacketType.Connect, (await client.ReceiveAsync()).Type);
        return client;
    }

    /// <summary>Sends a packet the way socket.io-msgpack-parser would.</summary>
    public Task SendAsync(SocketPacket packet) => SendAsync(Assert.Single(Parser.Encode(packet)).Payload);

    /// <summary>Sends <paramref name="msgpack"/> as one binary engine message: a binary frame, or b+base64 on polling.</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> msgpack)
    {
        if (_socket is not null)
        {
            await _socket.SendAsync(msgpack, WebSocketMessageType.Binary, true, CancellationToken.None).AsTask().WaitAsync(Timeout);
            return;
        }
        using var content = new ByteArrayContent(EnginePacket.FromBinary(msgpack).TextFrame.ToArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain") { CharSet = "UTF-8" };
        // Not checked: the server may already have dropped the session when it answers.
        using var response = await _http!.PostAsync(PollingUrl, content).WaitAsync(Timeout);
    }

    /// <summary>The next Socket.IO packet from the server.</summary>
    public async Task<SocketPacket> ReceiveAsync()
    {
        while (true)
        {
            var message = await NextMessageAsync();
            if (message.Type == EnginePacketType.Message && _decoder.Decode(message) is { } packet)
                return packet;
        }
    }

    /// <summary>The ack with <paramref name="id"/>, skipping the events that come before it (such as "auth" on connect).</summary>
    public async Task<SocketPacket> ReceiveAckAsync(long id)
    {
        while (true)
        {
            var packet = await ReceiveAsync();
            if (packet.Type == PacketType.Ack && packet.Id == id)
                return packet;
        }
    }

    /// <summary>Waits until the server ends the session: the socket closes, or a poll gets 400 "Session ID unknown".</summary>
    public async Task ExpectClosedAsync()
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_socket is not null)
            {
                try
                {
                    if ((await ReceiveFrameAsync()).Type == WebSocketMessageType.Close)
                        return;
                }
                catch (WebSocketException)
                {
                    return; // dropped without a close frame
                }
                continue;
            }
            using var response = await _http!.GetAsync(PollingUrl).WaitAsync(Timeout);
            var body = await response.Content.ReadAsStringAsync().WaitAsync(Timeout);
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                Assert.Equal("""{"code":1,"message":"Session ID unknown"}""", body);
                return;
            }
        }
        Assert.Fail($"The server did not close session {Sid} within {Timeout}");
    }

    private async Task<EnginePacket> NextMessageAsync()
    {
        while (_received.Count == 0)
        {
            if (_socket is not null)
            {
                var (type, data) = await ReceiveFrameAsync();
                Assert.NotEqual(WebSocketMessageType.Close, type);
                _received.Enqueue(type == WebSocketMessageType.Binary ? EnginePacket.FromBinary(data) : EnginePacket.FromTextFrame(data));
                continue;
            }
            using var response = await _http!.GetAsync(Sid.Length == 0 ? "/socket.io/?EIO=4&transport=polling" : PollingUrl).WaitAsync(Timeout);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var payload = await response.Content.ReadAsStringAsync().WaitAsync(Timeout);
            foreach (var frame in payload.Split('\x1e'))
                _received.Enqueue(EnginePacket.FromTextFrame(Encoding.UTF8.GetBytes(frame)));
        }
        return _received.Dequeue();
    }

    private async Task<(WebSocketMessageType Type, byte[] Data)> ReceiveFrameAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket!.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(Timeout);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage || result.MessageType == WebSocketMessageType.Close)
                return (result.MessageType, message.ToArray());
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket is { State: WebSocketState.Open })
        {
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(Timeout);
            }
            catch (Exception ex) when (ex is WebSocketException or TimeoutException)
            {
            }
        }
        _socket?.Dispose();
        _http?.Dispose();
    }
}
