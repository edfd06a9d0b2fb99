using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SocketIO.Engine;
using SocketIO.Transports.WebSocket.Tests.Support;

namespace SocketIO.Transports.WebSocket.Tests.Framing;

/// <summary>
/// RFC 6455 over a bare TCP socket against the echo engine and the Socket.IO test namespaces:
/// handshake, fragmentation, control frames, the close handshake and odd TCP segmentation.
/// </summary>
[Collection(ServerCollection.Name)]
public class FramingTests(TestServer server)
{
    private const string EnginePath = "/engine.io/?EIO=4&transport=websocket";
    private const string SocketIOPath = "/socket.io/?EIO=4&transport=websocket";

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Connects a Socket.IO session to "/" (the handler emits "auth" first); returns the socket id.</summary>
    private static async Task<string> ConnectToMainNamespaceAsync(FrameSocket socket)
    {
        await socket.SendTextAsync("40");
        var connect = await socket.ReceiveTextAsync();
        Assert.StartsWith("40{", connect);
        Assert.Equal("42[\"auth\",{}]", await socket.ReceiveTextAsync());
        return JsonDocument.Parse(connect[2..]).RootElement.GetProperty("sid").GetString()!;
    }

    [Fact]
    public async Task Handshake_answers_101_with_the_rfc_6455_accept_value()
    {
        await using var socket = await FrameSocket.ConnectAsync(server.BaseUri, EnginePath);

        Assert.Equal(101, socket.StatusCode);
        Assert.Equal(FrameSocket.SampleAccept, socket.Headers["Sec-WebSocket-Accept"]);
        Assert.Equal("websocket", socket.Headers["Upgrade"], ignoreCase: true);
        Assert.Equal("Upgrade", socket.Headers["Connection"], ignoreCase: true);
    }

    [Fact]
    public async Task Accept_value_is_base64_of_sha1_of_the_key_and_the_rfc_guid()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var expected = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));

        await using var socket = await FrameSocket.ConnectAsync(server.BaseUri, EnginePath, key);

        Assert.Equal(101, socket.StatusCode);
        Assert.Equal(expected, socket.Headers["Sec-WebSocket-Accept"]);
    }

    [Fact]
    public async Task Open_packet_arrives_as_an_unmasked_final_text_frame()
    {
        await using var socket = await FrameSocket.ConnectAsync(server.BaseUri, EnginePath);

        var frame = await socket.ReceiveFrameAsync();

        Assert.Equal((true, (byte)0, ClientFrame.Text, false), (frame.Fin, frame.Rsv, frame.Opcode, frame.Masked));
        Assert.StartsWith("0{\"sid\":", frame.Text);
    }

    [Fact]
    public async Task Text_message_in_three_fragments_is_reassembled_even_inside_a_utf8_character()
    {
        await using var socket = await FrameSocket.OpenAsync(server.BaseUri, EnginePath);
        var message = Utf8("4héllo wörld");

        // The first cut splits the two bytes of 'é'.
        await socket.SendFrameAsync(ClientFrame.Text, message[..3], fin: false);
        await socket.SendFrameAsync(ClientFrame.Continuation, message[3..8], fin: false);
        await socket.SendFrameAsync(ClientFrame.Continuation, message[8..], fin: true);

        Assert.Equal("4héllo wörld", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task Binary_message_in_fragments_with_an_empty_one_is_reassembled()
    {
        await using var socket = await FrameSocket.OpenAsync(server.BaseUri, EnginePath);

        await socket.SendFrameAsync(ClientFrame.Binary, [1, 2], fin: false);
        await socket.SendFrameAsync(ClientFrame.Continuation, [], fin: false);
        await socket.SendFrameAsync(ClientFrame.Continuation, [3], fin: true);

        var echo = await socket.ReceiveFrameAsync();
        Assert.Equal((true, ClientFrame.Binary), (echo.Fin, echo.Opcode));
        Assert.Equal([1, 2, 3], echo.Payload);
    }

    [Fact]
    public async Task Fragmented_socket_io_event_gets_its_ack()
    {
        await using var socket = await FrameSocket.OpenAsync(server.BaseUri, SocketIOPath);
        await ConnectToMainNamespaceAsync(socket);

        await socket.SendTextAsync("421[\"message-with-", fin: false);
        await socket.SendTextAsync("ack\",\"split\"]", fin: true, opcode: ClientFrame.Continuation);

        Assert.Equal("431[\"split\"]", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task Ping_inside_a_fragmented_message_is_answered_with_its_payload_and_the_message_completes()
    {
        await using var socket = await FrameSocket.OpenAsync(server.BaseUri, EnginePath);

        await socket.SendTextAsync("4first ", fin: false);
        await socket.SendFrameAsync(ClientFrame.Ping, Utf8("are you there"));
        var pong = await socket.ReceiveFrameAsync();
        await socket.SendTextAsync("second", fin: true, opcode: ClientFrame.Continuation);

        Assert.Equal((true, ClientFrame.Pong, "are you there"), (pong.Fin, pong.Opcode, pong.Text));
        Assert.Equal("4first second", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task Empty_ping_gets_an_empty_pong_and_an_unsolicited_pong_is_ignored()
    {
        await using var socket = await FrameSocket.OpenAsync(server.BaseUri, EnginePath);

        await socket.SendFrameAsync(ClientFrame.Pong, Utf8("unsolicited"));
        await socket.SendFrameAsync(ClientFrame.Ping, []);

        var pong = await socket.ReceiveFrameAsync();
        Assert.Equal((ClientFrame.Pong, 0), (pong.Opcode, pong.Payload.Length));
        await socket.SendTextAsync("4still open");
        Assert.Equal("4still open", await socket.ReceiveTextAsync());
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(125, 125)]
    [InlineData(126, 126)]
    [InlineData(65535, 126)]
    [InlineData(65536, 127)]
    [InlineData(TestServer.MaxPayload, 127)]
    public async Task Message_of_each_length_encoding_is_echoed_with_the_same_encoding(int length, int lengthCode)
    {
        await using var socket = await FrameSocket.OpenAsync(server.BaseUri, EnginePath);
        var message = "4" + new string('x', length - 1);

        await socket.SendTextAsync(message);

        var echo = await socket.ReceiveFrameAsync();
        Assert.Equal((true, ClientFrame.Text, lengthCode), (echo.Fin, echo.Opcode, echo.LengthCode));
        Assert.Equal(message, echo.Text);
    }

    [Fact]
    public async Task Client_close_1000_is_answered_with_1000_and_the_socket_disconnects_with_transport_close()
    {
        await using var socket = await FrameSocket.OpenAsync(server.BaseUri, SocketIOPath);
        var id = await ConnectToMainNamespaceAsync(socket);

        await socket.SendAsync(ClientFrame.CloseFrame(1000, "bye"));

        var close = await socket.ReceiveCloseAsync();
        Assert.Equal((true, (ushort?)1000), (close.Fin, close.CloseStatus));
        await socket.ExpectEndAsync();
        await Wait.UntilAsync(() => server.Disconnects.ContainsKey(id), "the socket disconnected");
        Assert.Equal("transport close", server.Disconnects[id]);
    }

    [Theory]
    [InlineData(null, 1000)]
    [InlineData(1001, 1001)]
    [InlineData(4000, 4000)]
    public async Task Client_close_is_answered_with_its_status(int? status, int expected)
    {
        await using var socket = await FrameSocket.OpenAsync(server.BaseUri, EnginePath);

        await socket.SendAsync(ClientFrame.CloseFrame((ushort?)status));

        Assert.Equal((ushort)expected, (await socket.ReceiveCloseAsync()).CloseStatus);
        await socket.ExpectEndAsync();
        await Wait.UntilAsync(() => !server.EngineSessions.ContainsKey(socket.Sid), "the session is closed");
    }

    // A FIN reads as the end of the stream ("transport close"); a RST fails the read ("transport error").
    // Node's ws reports both as "transport close"; either is one of Node's reasons.
    [Theory]
    [InlineData(false, CloseReason.TransportClose)]
    [InlineData(true, CloseReason.TransportError)]
    public async Task Dropping_the_tcp_connection_without_a_close_frame_ends_the_session(bool reset, string reason)
    {
        var socket = await FrameSocket.OpenAsync(server.BaseUri, SocketIOPath);
        var id = await ConnectToMainNamespaceAsync(socket);

        socket.Drop(reset);

        await Wait.UntilAsync(() => server.Disconnects.ContainsKey(id), "the socket disconnected");
        Assert.Equal(reason, server.Disconnects[id]);
        await Health.AssertServerHealthyAsync(server);
    }

    [Fact]
    public async Task Many_frames_in_one_tcp_write_are_all_handled_in_order()
    {
        await using var socket = await FrameSocket.OpenAsync(server.BaseUri, EnginePath);
        const int Count = 300;
        var batch = new List<byte>();
        for (var i = 0; i < Count; i++)
        {
            batch.AddRange(ClientFrame.Build(ClientFrame.Text, Utf8($"4m{i}")));
            if (i % 100 == 50)
                batch.AddRange(ClientFrame.Build(ClientFrame.Pong, []));
        }

        await socket.SendAsync(batch.ToArray());

        for (var i = 0; i < Count; i++)
            Assert.Equal($"4m{i}", await socket.ReceiveTextAsync());
    }

    [Theory]
    [InlineData(20)]
    [InlineData(300)]
    public async Task Frame_sent_one_byte_per_tcp_write_is_handled(int length)
    {
        await using var socket = await FrameSocket.OpenAsync(server.BaseUri, EnginePath);
        var message = "4" + new string('b', length - 1);

        await socket.SendBytewiseAsync(ClientFrame.Build(ClientFrame.Text, Utf8(message)));

        Assert.Equal(message, await socket.ReceiveTextAsync());
    }
}
