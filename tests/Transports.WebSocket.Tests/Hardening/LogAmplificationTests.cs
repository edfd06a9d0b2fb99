using System.Text;
using SocketIO.Engine;
using SocketIO.Transports.WebSocket.Tests.Support;

namespace SocketIO.Transports.WebSocket.Tests.Hardening;

/// <summary>
/// A client that floods wrongly typed events: a few Warning lines without stacks, then its connection is
/// closed past MaxInvalidEventsPerMinute, while other clients go on.
/// </summary>
[Collection(HardeningCollection.Name)]
public class LogAmplificationTests(HardeningServer server)
{
    private const string SocketIOPath = "/socket.io/?EIO=4&transport=websocket";

    private async Task<FrameSocket> ConnectAsync()
    {
        var socket = await FrameSocket.OpenAsync(server.BaseUri, SocketIOPath);
        await socket.SendTextAsync("40");
        Assert.StartsWith("40{", await socket.ReceiveTextAsync());
        return socket;
    }

    /// <summary>Sends <paramref name="count"/> copies of <paramref name="packet"/>, a thousand per TCP write, until the server hangs up.</summary>
    private static async Task FloodAsync(FrameSocket socket, string packet, int count)
    {
        var frame = ClientFrame.Build(ClientFrame.Text, Encoding.UTF8.GetBytes(packet));
        var batch = Enumerable.Repeat(frame, 1000).SelectMany(f => f).ToArray();
        try
        {
            for (var sent = 0; sent < count; sent += 1000)
                await socket.SendAsync(batch);
        }
        catch (IOException)
        {
            // the server closed the connection mid-flood
        }
    }

    [Theory]
    [InlineData("42[\"sum\",\"x\",1]", "110")]          // refused by a typed handler
    [InlineData("42[\"untyped-int\",\"x\"]", "112")]    // the handler's own Get<int> throws JsonException
    public async Task Flood_of_wrongly_typed_events_logs_a_few_lines_and_closes_the_connection(string packet, string kind)
    {
        Assert.NotEmpty(kind);
        await using var other = await ConnectAsync();
        await using var flooder = await ConnectAsync();
        var logged = server.Logs.Lines.Count;

        await FloodAsync(flooder, packet, 20_000);

        Assert.Equal(CloseReason.ForcedClose, await server.ClosedAsync(flooder.Sid));
        var lines = server.Logs.Lines.Skip(logged).Where(l => !l.StartsWith("Debug", StringComparison.Ordinal)).ToList();
        Assert.InRange(lines.Count, 7, 7);
        Assert.All(lines, l => Assert.StartsWith("Warning: ", l));
        Assert.Contains($"Client {flooder.Sid} sent {HardeningServer.InvalidEventLimit + 1} invalid events within a minute", lines[^1]);
        Assert.DoesNotContain(lines, l => l.Contains("   at ", StringComparison.Ordinal));

        await other.SendTextAsync("421[\"sum\",2,3]");
        Assert.Equal("431[5]", await other.ReceiveTextAsync());
    }

    [Fact]
    public async Task A_buggy_handler_is_logged_as_an_error_a_few_times_and_does_not_close_the_client()
    {
        await using var client = await ConnectAsync();
        var logged = server.Logs.Lines.Count;

        for (var i = 0; i < 50; i++)
            await client.SendTextAsync("42[\"bug\"]");
        await client.SendTextAsync("421[\"sum\",2,3]");
        Assert.Equal("431[5]", await client.ReceiveTextAsync());

        var lines = server.Logs.Lines.Skip(logged).Where(l => !l.StartsWith("Debug", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, lines.Count);
        Assert.Equal(5, lines.Count(l => l.StartsWith("Error: ", StringComparison.Ordinal) && l.Contains("handler for \"bug\" threw")));
        Assert.True(server.Sessions.ContainsKey(client.Sid));
    }
}
