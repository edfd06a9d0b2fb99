using System.Text.Json;
using SocketIO.Transports.WebSocket.Tests.Support;

namespace SocketIO.Transports.WebSocket.Tests.Framing;

/// <summary>
/// The on-demand write path under contention: broadcasts started by handlers on many receive loops at
/// once, to connections that are themselves being written by their own loops and by thread-pool items.
/// Nothing may be lost, duplicated or reordered per sender.
/// </summary>
[Collection(ServerCollection.Name)]
public class ConcurrentWriteTests(TestServer server)
{
    [Fact]
    public async Task Broadcasts_from_many_clients_reach_every_client_complete_and_in_sender_order()
    {
        const int Clients = 8, PerClient = 250;
        var room = "shout-" + Guid.NewGuid().ToString("N");
        var sockets = new List<RawWebSocket>();
        try
        {
            for (var c = 0; c < Clients; c++)
                sockets.Add(await JoinAsync(room));

            // Every client shouts as fast as it can while every client reads.
            var readers = sockets.Select(s => ReadHeardAsync(s, Clients, Clients * PerClient)).ToArray();
            await Task.WhenAll(sockets.Select((s, c) => Task.Run(async () =>
            {
                for (var n = 0; n < PerClient; n++)
                    await s.SendTextAsync($"42[\"shout\",\"{room}\",{c},{n}]");
            }))).WaitAsync(Wait.Timeout);
            var received = await Task.WhenAll(readers).WaitAsync(Wait.Timeout);

            foreach (var perSender in received)
                for (var c = 0; c < Clients; c++)
                    Assert.Equal(Enumerable.Range(0, PerClient), perSender[c]);
        }
        finally
        {
            foreach (var socket in sockets)
                await socket.DisposeAsync();
        }
        await Health.AssertServerHealthyAsync(server);
    }

    private async Task<RawWebSocket> JoinAsync(string room)
    {
        var socket = await RawWebSocket.ConnectAsync(server.BaseUri, "/socket.io/?EIO=4&transport=websocket");
        Assert.StartsWith("0{", await socket.ReceiveTextAsync());
        await socket.SendTextAsync("40");
        Assert.StartsWith("40{", await socket.ReceiveTextAsync());
        Assert.Equal("42[\"auth\",{}]", await socket.ReceiveTextAsync());
        await socket.SendTextAsync($"421[\"join-room\",\"{room}\"]");
        Assert.Equal("431[]", await socket.ReceiveTextAsync());
        return socket;
    }

    /// <summary>Reads <paramref name="count"/> "heard" events and returns, per sender, the sequence numbers in arrival order.</summary>
    private static async Task<List<int>[]> ReadHeardAsync(RawWebSocket socket, int senders, int count)
    {
        var perSender = Enumerable.Range(0, senders).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < count; i++)
        {
            var text = await socket.ReceiveTextAsync();
            Assert.StartsWith("42[\"heard\",", text);
            var args = JsonDocument.Parse(text[2..]).RootElement;
            perSender[args[2].GetInt32()].Add(args[3].GetInt32());
        }
        return perSender;
    }
}
