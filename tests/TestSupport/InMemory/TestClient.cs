using System.Text.Json;
using SocketIO.Engine;

namespace SocketIO.TestSupport;

/// <summary>A Socket.IO client speaking raw wire strings over a <see cref="TestTransport"/>.</summary>
public sealed class TestClient
{
    private TestClient(TestTransport transport) => Transport = transport;

    public TestTransport Transport { get; }

    public EngineSession Session => Transport.Session;

    public string? CloseReason { get; private set; }

    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Opens an engine session on the server and consumes the open packet.</summary>
    public static async Task<TestClient> OpenAsync(SocketIOServer server, HandshakeRequest? request = null)
    {
        var transport = new TestTransport();
        var client = new TestClient(transport);
        var channel = server.Engine.Open(transport, request ?? new HandshakeRequest { Address = "127.0.0.1", Url = "/socket.io/?EIO=4&transport=websocket" });
        channel.Session.Closed += (_, reason) =>
        {
            client.CloseReason = reason;
            client._closed.TrySetResult(reason);
        };
        transport.Attach(channel);
        var open = await transport.NextTextAsync();
        Assert.StartsWith("0{", open);
        return client;
    }

    public Task<string> ClosedAsync => _closed.Task.WaitAsync(TestTransport.Wait);

    public void Send(string frame) => Transport.SendText(frame);

    public void SendBinary(byte[] bytes) => Transport.SendBinary(bytes);

    public Task<string> NextAsync() => Transport.NextTextAsync();

    public Task<string> NextMatchingAsync(Func<string, bool> match) => Transport.NextMatchingAsync(match);

    /// <summary>Connects to a namespace and returns the socket id from the CONNECT reply.</summary>
    public async Task<string> ConnectAsync(string nsp = "/", string? auth = null)
    {
        var prefix = nsp == "/" ? "40" : $"40{nsp},";
        Send(prefix + (auth ?? ""));
        var reply = await NextMatchingAsync(f => f.StartsWith(prefix, StringComparison.Ordinal) || f.StartsWith(nsp == "/" ? "44" : $"44{nsp},", StringComparison.Ordinal));
        Assert.True(reply.StartsWith(prefix, StringComparison.Ordinal), $"expected a CONNECT reply, got {reply}");
        using var doc = JsonDocument.Parse(reply[prefix.Length..]);
        return doc.RootElement.GetProperty("sid").GetString()!;
    }
}
