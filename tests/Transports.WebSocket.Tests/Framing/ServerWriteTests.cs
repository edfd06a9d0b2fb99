using System.Net.WebSockets;
using System.Text.Json;
using SocketIO.Engine;
using SocketIO.Transports.WebSocket.Tests.Support;

namespace SocketIO.Transports.WebSocket.Tests.Framing;

/// <summary>
/// The write side: many queued packets leave in batched stream writes (several 64 KB chunks) complete
/// and in order, and a frame longer than 65535 bytes gets the 64-bit length header.
/// </summary>
[Collection(ServerCollection.Name)]
public class ServerWriteTests(TestServer server)
{
    private const string EnginePath = "/engine.io/?EIO=4&transport=websocket";
    private const int OneMegabyte = 1 << 20;

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public async Task Broadcast_burst_arrives_complete_and_in_order()
    {
        const int Count = 1000;
        var padding = new string('p', 200);
        await using var socket = await RawWebSocket.ConnectAsync(server.BaseUri, "/socket.io/?EIO=4&transport=websocket");
        Assert.StartsWith("0{", await socket.ReceiveTextAsync());
        await socket.SendTextAsync("40");
        Assert.StartsWith("40{", await socket.ReceiveTextAsync());
        Assert.Equal("42[\"auth\",{}]", await socket.ReceiveTextAsync());

        // Emitted from the test thread: the transport schedules its own writes and batches what piled up.
        for (var i = 0; i < Count; i++)
            Assert.True(server.Io.Emit("seq", i, padding));

        var received = new List<int>();
        while (received.Count < Count)
        {
            var text = await socket.ReceiveTextAsync();
            if (text == "2")
            {
                await socket.SendTextAsync("3");
                continue;
            }
            Assert.StartsWith("42[\"seq\",", text);
            var args = JsonDocument.Parse(text[2..]).RootElement;
            Assert.Equal(padding, args[2].GetString());
            received.Add(args[1].GetInt32());
        }
        Assert.Equal(Enumerable.Range(0, Count), received);
    }

    [Fact]
    public async Task One_megabyte_binary_message_arrives_intact_before_what_was_queued_after_it()
    {
        await using var socket = await RawWebSocket.ConnectAsync(server.BaseUri, EnginePath);
        var sid = JsonDocument.Parse((await socket.ReceiveTextAsync())[1..]).RootElement.GetProperty("sid").GetString()!;
        var payload = RandomBytes(OneMegabyte);

        var session = server.EngineSessions[sid];
        session.Send(EnginePacket.FromBinary(payload));
        session.Send(EnginePacket.FromText(EnginePacketType.Message, "after"));

        var (type, data) = await socket.ReceiveAsync();
        Assert.Equal(WebSocketMessageType.Binary, type);
        Assert.Equal(payload.Length, data.Length);
        Assert.True(payload.AsSpan().SequenceEqual(data), "the 1 MB message differs");
        Assert.Equal("4after", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task One_megabyte_binary_message_has_a_64_bit_length_header()
    {
        await using var socket = await FrameSocket.OpenAsync(server.BaseUri, EnginePath);
        var payload = RandomBytes(OneMegabyte);

        server.EngineSessions[socket.Sid].Send(EnginePacket.FromBinary(payload));

        var frame = await socket.ReceiveFrameAsync();
        Assert.Equal((true, ClientFrame.Binary, 127), (frame.Fin, frame.Opcode, frame.LengthCode));
        Assert.True(payload.AsSpan().SequenceEqual(frame.Payload), "the 1 MB message differs");
    }

    [Fact]
    public async Task One_megabyte_socket_io_attachment_follows_its_header_packet()
    {
        await using var socket = await RawWebSocket.ConnectAsync(server.BaseUri, "/socket.io/?EIO=4&transport=websocket");
        await socket.ReceiveTextAsync();
        await socket.SendTextAsync("40");
        var id = JsonDocument.Parse((await socket.ReceiveTextAsync())[2..]).RootElement.GetProperty("sid").GetString()!;
        Assert.Equal("42[\"auth\",{}]", await socket.ReceiveTextAsync());
        var payload = RandomBytes(OneMegabyte);

        Assert.True(server.Io.To(id).Emit("big", payload));

        Assert.Equal("451-[\"big\",{\"_placeholder\":true,\"num\":0}]", await socket.ReceiveTextAsync());
        var (type, data) = await socket.ReceiveAsync();
        Assert.Equal(WebSocketMessageType.Binary, type);
        Assert.True(payload.AsSpan().SequenceEqual(data), "the 1 MB attachment differs");
    }
}
