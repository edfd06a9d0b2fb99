using System.Text;
using SocketIO.Transports.Tcp.Tests.Support;

namespace SocketIO.Transports.Tcp.Tests.BadInput;

/// <summary>
/// Each limit of the TCP transport over a real socket: the offending connection is closed with the reason
/// logged, and a fresh device is served normally afterwards.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class LimitTests(TcpTestServer server)
{
    private async Task AssertClosedAndLoggedAsync(RawTcpClient client, string reason)
    {
        await client.ExpectClosedAsync();
        await Wait.UntilAsync(() => server.Logs.Lines.Any(l => l.Contains(reason, StringComparison.Ordinal)), $"the log says \"{reason}\"");
        await Health.AssertServerHealthyAsync(server);
    }

    private async Task<RawTcpClient> ConnectedAsync()
    {
        var (client, _) = await RawTcpClient.OpenAsync(server.Tcp);
        await client.SendTextAsync("40");
        Assert.StartsWith("40{", await client.ReceiveTextAsync());
        Assert.StartsWith("42[\"auth\"", await client.ReceiveTextAsync());
        return client;
    }

    [Fact]
    public async Task Frame_over_max_http_buffer_size_closes_the_connection()
    {
        await using var client = await ConnectedAsync();

        // Only the header is sent: the length alone is refused, before any payload is buffered.
        await client.SendRawAsync(RawTcpClient.Header(false, TcpTestServer.MaxPayload + 1));

        await AssertClosedAndLoggedAsync(client, $"frame of {TcpTestServer.MaxPayload + 1} bytes over maxPayload ({TcpTestServer.MaxPayload})");
    }

    [Fact]
    public async Task Frame_of_length_zero_closes_the_connection()
    {
        await using var client = await ConnectedAsync();

        await client.SendRawAsync([0x80]);

        await AssertClosedAndLoggedAsync(client, "frame length 0");
    }

    [Theory]
    [InlineData("40")]
    [InlineData("4hello")]
    [InlineData("2")]
    public async Task First_packet_that_is_not_open_closes_the_connection(string first)
    {
        await using var client = await RawTcpClient.ConnectAsync(server.Tcp);

        await client.SendTextAsync(first);

        await AssertClosedAndLoggedAsync(client, "the first packet is not an open packet");
    }

    [Fact]
    public async Task Binary_first_packet_closes_the_connection()
    {
        await using var client = await RawTcpClient.ConnectAsync(server.Tcp);

        await client.SendBinaryAsync([0x30]);

        await AssertClosedAndLoggedAsync(client, "the first packet is not an open packet");
    }

    [Fact]
    public async Task Open_with_a_sid_closes_the_connection()
    {
        await using var client = await RawTcpClient.ConnectAsync(server.Tcp);

        await client.SendTextAsync("0{\"sid\":\"AAAAAAAAAAAAAAAAAAAA\"}");

        await AssertClosedAndLoggedAsync(client, "open packet with data (a sid)");
    }

    [Fact]
    public async Task Connection_that_does_not_open_within_the_handshake_timeout_is_dropped()
    {
        await using var client = await RawTcpClient.ConnectAsync(server.Tcp);

        // Nothing is sent; the sweep drops the connection after HandshakeTimeout.
        await AssertClosedAndLoggedAsync(client, "no open packet within the handshake timeout");
    }

    [Fact]
    public async Task Half_a_header_then_silence_is_dropped_by_the_handshake_timeout()
    {
        await using var client = await RawTcpClient.ConnectAsync(server.Tcp);

        await client.SendRawAsync([126, 0x01]);

        await AssertClosedAndLoggedAsync(client, "no open packet within the handshake timeout");
    }

    [Fact]
    public async Task Bytes_after_the_close_packet_close_the_connection()
    {
        await using var client = await ConnectedAsync();

        await client.SendRawAsync([.. RawTcpClient.TextFrame("1"), .. RawTcpClient.TextFrame("4more")]);

        await AssertClosedAndLoggedAsync(client, "bytes after the close packet");
    }

    [Fact]
    public async Task Invalid_utf8_text_closes_the_connection()
    {
        await using var client = await ConnectedAsync();

        await client.SendRawAsync(RawTcpClient.FrameOf(false, [(byte)'4', 0xC3, 0x28]));

        await AssertClosedAndLoggedAsync(client, "text frame is not valid UTF-8");
    }

    [Fact]
    public async Task Unknown_packet_type_closes_the_session_with_parse_error()
    {
        await using var client = await ConnectedAsync();

        await client.SendTextAsync("9nonsense");

        await AssertClosedAndLoggedAsync(client, "unknown packet type");
    }

    [Fact]
    public async Task Stream_that_ends_inside_a_frame_is_logged_and_others_go_on()
    {
        var client = await ConnectedAsync();

        await client.SendRawAsync([.. RawTcpClient.Header(false, 500), .. Encoding.UTF8.GetBytes("42[")]);
        await client.DisposeAsync();

        await Wait.UntilAsync(() => server.Logs.Lines.Any(l => l.Contains("the stream ended inside a frame", StringComparison.Ordinal)), "the partial frame is logged");
        await Health.AssertServerHealthyAsync(server);
    }

    [Fact]
    public async Task Frames_claiming_max_payload_cost_each_connection_only_the_bytes_that_arrived()
    {
        var clients = new List<RawTcpClient>();
        try
        {
            var connections = new List<Internal.TcpConnection>();
            for (var i = 0; i < 100; i++)
            {
                var (client, open) = await RawTcpClient.OpenAsync(server.Tcp);
                clients.Add(client);
                await client.SendRawAsync([.. RawTcpClient.Header(false, TcpTestServer.MaxPayload), .. "4"u8, .. new byte[9]]);
                Assert.True(server.Io.Engine.TryGetSession(open.GetProperty("sid").GetString()!, out var session));
                connections.Add((Internal.TcpConnection)session.Transport);
            }
            await Wait.UntilAsync(() => connections.All(c => c.ReceiveBufferCapacity > 0), "every partial frame is held");

            Assert.All(connections, c => Assert.InRange(c.ReceiveBufferCapacity, 10, 1024));
        }
        finally
        {
            foreach (var client in clients)
                await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_claimed_large_frame_that_never_completes_costs_no_other_connection()
    {
        await using var slow = await ConnectedAsync();
        await slow.SendTextAsync("451-[\"message\",{\"_placeholder\":true,\"num\":0}]");
        await slow.SendRawAsync([.. RawTcpClient.Header(true, TcpTestServer.MaxPayload), .. new byte[10]]);

        await Health.AssertServerHealthyAsync(server);

        // The slow device is still connected: the rest of its frame may yet come.
        await slow.SendRawAsync(new byte[TcpTestServer.MaxPayload - 10]);
        Assert.Equal("451-[\"message-back\",{\"_placeholder\":true,\"num\":0}]", await slow.ReceiveTextAsync());
        Assert.Equal(TcpTestServer.MaxPayload, (await slow.ReceiveAsync()).Payload.Length);
    }
}
