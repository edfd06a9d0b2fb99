using System.Text;
using System.Text.Json;
using SocketIO.Transports.WebSocket.Tests.Support;

namespace SocketIO.Transports.WebSocket.Tests.BadInput;

/// <summary>
/// Clients that break RFC 6455 framing (docs/protocol.md#websocket): each gets a close frame with the RFC status
/// (1002 protocol error, 1007 invalid payload, 1009 too big), a logged reason, and the connection
/// ends, while the server keeps serving other clients.
/// </summary>
[Collection(ServerCollection.Name)]
public class FramingErrorTests(TestServer server)
{
    private const string EnginePath = "/engine.io/?EIO=4&transport=websocket";

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Concat(params byte[][] frames) => frames.SelectMany(f => f).ToArray();

    /// <summary>Asserts the close frame's status, the end of the connection and the session, the log line, and a healthy server.</summary>
    private async Task AssertThrownOutAsync(FrameSocket socket, ushort status, string logged)
    {
        var close = await socket.ReceiveCloseAsync();
        Assert.Equal(status, close.CloseStatus);
        await socket.ExpectEndAsync();
        await Wait.UntilAsync(() => !server.EngineSessions.ContainsKey(socket.Sid), $"session {socket.Sid} is closed");
        Assert.Contains(server.Logs.Lines, l => l.Contains(socket.Sid) && l.Contains(logged));
        await Health.AssertServerHealthyAsync(server);
    }

    public static TheoryData<string, byte[], string> ProtocolErrors() => new()
    {
        { "unmasked frame", ClientFrame.Build(ClientFrame.Text, "4x"u8, masked: false), "unmasked client frame" },
        { "RSV1 set", ClientFrame.Build(ClientFrame.Text, "4x"u8, rsv: 4), "reserved bits set" },
        { "RSV3 set", ClientFrame.Build(ClientFrame.Text, "4x"u8, rsv: 1), "reserved bits set" },
        { "opcode 3", ClientFrame.Build(3, "4x"u8), "unknown opcode 3" },
        { "opcode 11", ClientFrame.Build(11, "4x"u8), "unknown opcode 11" },
        { "fragmented ping", ClientFrame.Build(ClientFrame.Ping, "x"u8, fin: false), "fragmented or oversized control frame" },
        { "126-byte ping", ClientFrame.Build(ClientFrame.Ping, new byte[126]), "fragmented or oversized control frame" },
        { "64-bit length with the top bit set", ClientFrame.Header(0x82, 1UL << 63, ClientFrame.SampleMask), "payload length out of range" },
        { "continuation with no message in progress", ClientFrame.Build(ClientFrame.Continuation, "4x"u8), "continuation without a message" },
        { "close frame with a one-byte body", ClientFrame.Build(ClientFrame.Close, [3]), "close frame with a one-byte body" },
        { "close status 999", ClientFrame.Build(ClientFrame.Close, [0x03, 0xE7]), "invalid close status 999" },
        { "reserved close status 1005", ClientFrame.Build(ClientFrame.Close, [0x03, 0xED]), "invalid close status 1005" },
        { "close status 5000", ClientFrame.Build(ClientFrame.Close, [0x13, 0x88]), "invalid close status 5000" },
        {
            "new text frame inside a fragmented message",
            Concat(ClientFrame.Build(ClientFrame.Text, "4a"u8, fin: false), ClientFrame.Build(ClientFrame.Text, "4b"u8)),
            "new message inside a fragmented one"
        },
        {
            "new binary frame inside a fragmented message",
            Concat(ClientFrame.Build(ClientFrame.Binary, [1], fin: false), ClientFrame.Build(ClientFrame.Binary, [2], fin: false)),
            "new message inside a fragmented one"
        },
    };

    [Theory]
    [MemberData(nameof(ProtocolErrors))]
    public async Task Protocol_error_closes_with_1002(string what, byte[] bytes, string logged)
    {
        Assert.NotEmpty(what);
        await using var socket = await FrameSocket.OpenAsync(server.BaseUri, EnginePath);

        await socket.SendAsync(bytes);

        await AssertThrownOutAsync(socket, 1002, logged);
    }

    [Fact]
    public async Task Continuation_after_a_completed_fragmented_message_closes_with_1002()
    {
        await using var socket = await FrameSocket.OpenAsync(server.BaseUri, EnginePath);
        var part = Utf8("4" + new string('a', 29_999));
        await socket.SendFrameAsync(ClientFrame.Text, part, fin: false);
        await socket.SendFrameAsync(ClientFrame.Continuation, part, fin: true);
        Assert.Equal(60_000, (await socket.ReceiveTextAsync()).Length);

        // Within maxHttpBufferSize on its own, but not on top of the message that already ended.
        await socket.SendFrameAsync(ClientFrame.Continuation, new byte[50_000], fin: true);

        await AssertThrownOutAsync(socket, 1002, "continuation without a message");
    }

    [Fact]
    public async Task Protocol_error_disconnects_the_socket_with_transport_error_and_spares_a_bystander()
    {
        await using var bystander = await FrameSocket.OpenAsync(server.BaseUri, EnginePath);
        await using var socket = await FrameSocket.OpenAsync(server.BaseUri, "/socket.io/?EIO=4&transport=websocket");
        await socket.SendTextAsync("40");
        var id = JsonDocument.Parse((await socket.ReceiveTextAsync())[2..]).RootElement.GetProperty("sid").GetString()!;

        await socket.SendAsync(ClientFrame.Build(ClientFrame.Text, "42[\"message\"]"u8, masked: false));

        Assert.Equal((ushort)1002, (await socket.ReceiveCloseAsync()).CloseStatus);
        await Wait.UntilAsync(() => server.Disconnects.ContainsKey(id), "the socket disconnected");
        Assert.Equal("transport error", server.Disconnects[id]);
        await bystander.SendTextAsync("4fine");
        Assert.Equal("4fine", await bystander.ReceiveTextAsync());
    }

    [Fact]
    public async Task Close_reason_that_is_not_utf8_closes_with_1007()
    {
        await using var socket = await FrameSocket.OpenAsync(server.BaseUri, EnginePath);

        await socket.SendAsync(ClientFrame.Build(ClientFrame.Close, [0x03, 0xE8, 0xC3, 0x28]));

        await AssertThrownOutAsync(socket, 1007, "close reason is not valid UTF-8");
    }

    [Fact]
    public async Task Invalid_utf8_in_a_text_frame_closes_with_1007()
    {
        await using var socket = await FrameSocket.OpenAsync(server.BaseUri, EnginePath);

        await socket.SendFrameAsync(ClientFrame.Text, [(byte)'4', 0xC3, 0x28]);

        await AssertThrownOutAsync(socket, 1007, "not valid UTF-8");
    }

    [Fact]
    public async Task Invalid_utf8_across_fragments_closes_with_1007()
    {
        await using var socket = await FrameSocket.OpenAsync(server.BaseUri, EnginePath);

        // A two-byte lead in the first fragment followed by something that is not a continuation byte.
        await socket.SendFrameAsync(ClientFrame.Text, [(byte)'4', 0xC3], fin: false);
        await socket.SendFrameAsync(ClientFrame.Continuation, [(byte)'('], fin: true);

        await AssertThrownOutAsync(socket, 1007, "not valid UTF-8");
    }

    [Fact]
    public async Task Message_over_max_payload_across_fragments_closes_with_1009()
    {
        await using var socket = await FrameSocket.OpenAsync(server.BaseUri, EnginePath);
        var part = Utf8(new string('a', 40_000));
        part[0] = (byte)'4';

        await socket.SendFrameAsync(ClientFrame.Text, part, fin: false);
        await socket.SendFrameAsync(ClientFrame.Continuation, part, fin: false);
        await socket.SendFrameAsync(ClientFrame.Continuation, part, fin: true);

        await AssertThrownOutAsync(socket, 1009, "maxHttpBufferSize");
    }

    [Fact]
    public async Task Frame_announcing_more_than_max_payload_closes_with_1009_before_its_payload()
    {
        await using var socket = await FrameSocket.OpenAsync(server.BaseUri, EnginePath);

        await socket.SendAsync(ClientFrame.Header(0x82, 1UL << 40, ClientFrame.SampleMask));

        await AssertThrownOutAsync(socket, 1009, "maxHttpBufferSize");
    }
}
