using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using SocketIO.Adapters;
using SocketIO.Tests.Support;

namespace SocketIO.Tests.Logging;

/// <summary>What the server says at Debug and Information, with source-generated messages and event ids.</summary>
public class ServerLoggingTests
{
    [Fact]
    public async Task Connection_namespace_connect_refusal_and_disconnect_are_logged_at_debug_with_reasons()
    {
        var logs = new LogCapture();
        var io = ServerFactory.Create(logs: logs);
        io.Of("/closed").Use(_ => throw new ConnectErrorException("room is closed"));
        var client = await TestClient.OpenAsync(io, new SocketIO.Engine.HandshakeRequest { Address = "10.1.2.3" });

        var id = await client.ConnectAsync();
        client.Send("40/closed,");
        await client.NextMatchingAsync(f => f.StartsWith("44/closed,", StringComparison.Ordinal));
        client.Send("40/nowhere,");
        await client.NextMatchingAsync(f => f.StartsWith("44/nowhere,", StringComparison.Ordinal));
        client.Send("41");
        await WaitFor(() => logs.Entries.Any(e => e.Id.Id == 109));

        var debug = logs.At(LogLevel.Debug).ToList();
        var sid = client.Session.Id;
        Assert.Contains(debug, e => e.Id.Id == 106 && e.Message == $"Client {sid} connected over websocket from 10.1.2.3");
        Assert.Contains(debug, e => e.Id.Id == 107 && e.Message == $"Namespace /: socket {id} connected (client {sid})");
        Assert.Contains(debug, e => e.Id.Id == 108 && e.Message == $"Namespace /closed: connection from client {sid} refused: room is closed");
        Assert.Contains(debug, e => e.Id.Id == 108 && e.Message == $"Namespace /nowhere: connection from client {sid} refused: Invalid namespace");
        Assert.Contains(debug, e => e.Id.Id == 109 && e.Message == $"Namespace /: socket {id} disconnected: client namespace disconnect");
    }

    [Fact]
    public async Task Server_side_disconnect_reason_is_logged()
    {
        var logs = new LogCapture();
        var io = ServerFactory.Create(logs: logs);
        io.OnConnection(s => s.On("bye", (SocketEvent e) => e.Socket.Disconnect()));
        var client = await TestClient.OpenAsync(io);
        var id = await client.ConnectAsync();

        client.Send("42[\"bye\"]");
        await WaitFor(() => logs.Entries.Any(e => e.Id.Id == 109));

        Assert.Contains(logs.Entries, e => e.Id.Id == 109 && e.Message.EndsWith($"socket {id} disconnected: server namespace disconnect", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(@"^/tenant-\d+$")]
    [InlineData("/tenant-(a|b)")]
    [InlineData("/files/*")]
    public void Of_with_a_name_that_looks_like_a_regex_warns(string name)
    {
        var logs = new LogCapture();
        var io = ServerFactory.Create(logs: logs);

        var nsp = io.Of(name);

        Assert.Equal(name.StartsWith('/') ? name : "/" + name, nsp.Name);
        var warning = Assert.Single(logs.At(LogLevel.Warning));
        Assert.Equal(111, warning.Id.Id);
        Assert.Contains("Regex", warning.Message);
    }

    [Theory]
    [InlineData("/chat")]
    [InlineData("/tenant-42")]
    [InlineData("/a.b_c~d")]
    public void Of_with_an_ordinary_name_does_not_warn(string name)
    {
        var logs = new LogCapture();
        var io = ServerFactory.Create(logs: logs);

        io.Of(name);
        io.Of(new Regex(@"^/x-\d+$"));

        Assert.Empty(logs.At(LogLevel.Warning));
    }

    [Fact]
    public void Adapter_log_methods_log_connect_and_disconnect_at_information_and_a_lost_connection_at_warning()
    {
        var logs = new LogCapture();
        var logger = logs.CreateLogger("adapter");
        var lost = new IOException("connection reset");

        AdapterLog.Connected(logger, "redis", "127.0.0.1:6379");
        AdapterLog.Disconnected(logger, "redis", "127.0.0.1:6379");
        AdapterLog.ConnectionLost(logger, "redis", "127.0.0.1:6379", lost);

        Assert.Collection(
            logs.Entries,
            e => Assert.Equal((LogLevel.Information, 300, "Adapter redis connected to 127.0.0.1:6379"), (e.Level, e.Id.Id, e.Message)),
            e => Assert.Equal((LogLevel.Information, 301, "Adapter redis disconnected from 127.0.0.1:6379"), (e.Level, e.Id.Id, e.Message)),
            e =>
            {
                Assert.Equal((LogLevel.Warning, 302), (e.Level, e.Id.Id));
                Assert.Same(lost, e.Exception);
            });
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TestTransport.Wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for a log line");
            await Task.Delay(10);
        }
    }
}
