using System.Text;
using SocketIO.Transports.Tcp.Tests.Support;

namespace SocketIO.Transports.Tcp.Tests.Framing;

/// <summary>The framing over a real socket: the open handshake, each length encoding both ways, split and coalesced segments.</summary>
[Collection(ServerCollection.Name)]
public sealed class SocketFramingTests(TcpTestServer server)
{
    private static async Task<RawTcpClient> ConnectedAsync(TcpTestServer server)
    {
        var (client, _) = await RawTcpClient.OpenAsync(server.Tcp);
        await client.SendTextAsync("40");
        Assert.StartsWith("40{\"sid\":", await client.ReceiveTextAsync());
        Assert.Equal("42[\"auth\",{}]", await client.ReceiveTextAsync());
        return client;
    }

    [Fact]
    public async Task Open_packet_answers_with_the_handshake_and_no_upgrades()
    {
        var (client, open) = await RawTcpClient.OpenAsync(server.Tcp);
        await using var _ = client;

        Assert.Equal(["sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"], open.EnumerateObject().Select(p => p.Name));
        Assert.Equal("[]", open.GetProperty("upgrades").GetRawText());
        Assert.Equal(TcpTestServer.MaxPayload, open.GetProperty("maxPayload").GetInt32());
        Assert.True(server.Io.Engine.TryGetSession(open.GetProperty("sid").GetString()!, out var session));
        Assert.Equal("tcp", session.Transport.Name);
        Assert.Equal("127.0.0.1", session.Request.Address);
    }

    [Theory]
    [InlineData(10, 1)]
    [InlineData(200, 3)]
    [InlineData(70_000, 9)]
    public async Task Text_of_each_length_encoding_round_trips(int size, int headerSize)
    {
        await using var client = await ConnectedAsync(server);
        var text = new string('a', size);

        await client.SendTextAsync($"42[\"message\",\"{text}\"]");
        var frame = await client.ReceiveAsync();

        Assert.False(frame.Binary);
        Assert.Equal(headerSize, frame.HeaderSize);
        Assert.Equal($"42[\"message-back\",\"{text}\"]", frame.Text);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(125, 1)]
    [InlineData(126, 3)]
    [InlineData(65_535, 3)]
    [InlineData(65_536, 9)]
    public async Task Binary_attachments_of_each_length_encoding_round_trip_as_binary_frames(int size, int headerSize)
    {
        await using var client = await ConnectedAsync(server);
        var blob = new byte[size];
        new Random(size).NextBytes(blob);

        await client.SendTextAsync("451-[\"message\",{\"_placeholder\":true,\"num\":0}]");
        await client.SendBinaryAsync(blob);

        Assert.Equal("451-[\"message-back\",{\"_placeholder\":true,\"num\":0}]", await client.ReceiveTextAsync());
        var attachment = await client.ReceiveAsync();
        Assert.True(attachment.Binary);
        Assert.Equal(headerSize, attachment.HeaderSize);
        Assert.Equal(blob, attachment.Payload);
    }

    [Fact]
    public async Task Frames_split_into_one_byte_segments_are_reassembled()
    {
        await using var client = await ConnectedAsync(server);
        var blob = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();

        await client.SendByteByByteAsync([
            .. RawTcpClient.TextFrame("451-1[\"message-with-ack\",\"" + new string('s', 150) + "\",{\"_placeholder\":true,\"num\":0}]"),
            .. RawTcpClient.FrameOf(true, blob),
        ]);

        Assert.Equal("461-1[\"" + new string('s', 150) + "\",{\"_placeholder\":true,\"num\":0}]", await client.ReceiveTextAsync());
        Assert.Equal(blob, (await client.ReceiveAsync()).Payload);
    }

    [Fact]
    public async Task Coalesced_frames_in_one_segment_are_all_handled_in_order()
    {
        await using var client = await ConnectedAsync(server);
        var frames = Enumerable.Range(0, 20).SelectMany(i => RawTcpClient.TextFrame($"42{i}[\"message-with-ack\",{i}]")).ToArray();

        await client.SendRawAsync(frames);

        for (var i = 0; i < 20; i++)
            Assert.Equal($"43{i}[{i}]", await client.ReceiveTextAsync());
    }

    [Fact]
    public async Task Server_pings_are_answered_and_the_session_stays_open()
    {
        await using var client = await ConnectedAsync(server);

        await client.SendTextAsync("421[\"message-with-ack\",\"still here\"]");

        Assert.Equal("431[\"still here\"]", await client.ReceiveTextAsync());
        var multiByte = "héllo ✓";
        await client.SendTextAsync($"422[\"message-with-ack\",\"{multiByte}\"]");
        var reply = await client.ReceiveAsync();
        Assert.Equal(Encoding.UTF8.GetBytes($"432[\"{multiByte}\"]"), reply.Payload);
    }

    [Fact]
    public async Task Client_close_packet_ends_the_session_with_transport_close()
    {
        await using var client = await ConnectedAsync(server);
        await client.SendTextAsync("421[\"whoami\"]");
        var sid = System.Text.Json.JsonDocument.Parse((await client.ReceiveTextAsync())[3..]).RootElement[0].GetProperty("connectionId").GetString()!;

        await client.SendTextAsync("1");

        await client.ExpectClosedAsync();
        await Wait.UntilAsync(() => !server.Io.Engine.TryGetSession(sid, out _), "the session is gone");
    }
}
