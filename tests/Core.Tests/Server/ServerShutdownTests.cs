using SocketIO.Engine;
using SocketIO.Tests.Support;

namespace SocketIO.Tests.Server;

/// <summary>docs/protocol.md#disconnect: io.close() sends no DISCONNECT packets; sockets close with "server shutting down".</summary>
public class ServerShutdownTests
{
    [Fact]
    public async Task Dispose_gives_every_socket_server_shutting_down_and_sends_no_disconnect()
    {
        var io = ServerFactory.Create();
        var reasons = new List<string>();
        void Track(Socket s)
        {
            s.On("disconnecting", (string r) =>
            {
                lock (reasons)
                    reasons.Add($"disconnecting {s.Namespace.Name} {r}");
            });
            s.On("disconnect", (string r) =>
            {
                lock (reasons)
                    reasons.Add($"disconnect {s.Namespace.Name} {r}");
            });
        }
        io.OnConnection(Track);
        io.Of("/orders").OnConnection(Track);
        // A transport that writes nothing: whatever the server queues stays readable after the close.
        var transport = new TestTransport("websocket", reads: false);
        var channel = io.Engine.Open(transport, new HandshakeRequest());
        transport.Attach(channel);
        var session = channel.Session;
        string? closeReason = null;
        session.Closed += (_, r) => closeReason = r;
        transport.SendText("40");
        transport.SendText("40/orders,");
        Assert.Equal(2, io.Sockets.Sockets.Count + io.Of("/orders").Sockets.Count);

        await io.DisposeAsync().AsTask().WaitAsync(TestTransport.Wait);

        Assert.Equal(CloseReason.ForcedClose, closeReason);
        lock (reasons)
        {
            Assert.Equal(
                ["disconnect / server shutting down", "disconnect /orders server shutting down",
                 "disconnecting / server shutting down", "disconnecting /orders server shutting down"],
                reasons.Order());
        }
        var frames = new List<string>();
        while (transport.Channel.TryRead(out var packet))
            frames.Add(packet.ToString());
        Assert.Equal(["0", "40", "40/orders,"], frames.Select(f => f.Split('{')[0]));
        Assert.Equal(0, io.ClientsCount);
    }

    [Fact]
    public async Task Synchronous_dispose_also_closes_without_disconnect_packets()
    {
        var io = ServerFactory.Create();
        var reason = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        io.OnConnection(s => s.On("disconnect", (string r) => reason.TrySetResult(r)));
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync();

        io.Dispose();

        Assert.Equal("server shutting down", await reason.Task.WaitAsync(TestTransport.Wait));
        Assert.DoesNotContain(await RemainingFramesAsync(client), f => f.StartsWith("41", StringComparison.Ordinal));
    }

    /// <summary>Every frame the engine still wrote before the transport ended.</summary>
    private static async Task<List<string>> RemainingFramesAsync(TestClient client)
    {
        var frames = new List<string>();
        while (true)
        {
            try
            {
                frames.Add(await client.NextAsync());
            }
            catch (InvalidOperationException)
            {
                return frames; // the transport ended
            }
        }
    }
}
