using Microsoft.Extensions.Logging;
using SocketIO.Tests.Support;

namespace SocketIO.Tests.Server;

/// <summary>When a typed handler's result is the ack, and when it is not (see Socket.On(string, Delegate)).</summary>
public class HandlerResultTests
{
    private static async Task<(TestClient Client, LogCapture Logs)> ConnectAsync(Action<Socket, SocketIOServer> configure)
    {
        var logs = new LogCapture();
        var io = ServerFactory.Create(logs: logs);
        io.OnConnection(s =>
        {
            configure(s, io);
            s.On("ping", (Ack ack) => ack("pong"));
        });
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync();
        return (client, logs);
    }

    /// <summary>Sends <paramref name="frame"/> (asking for ack 1), then a ping with ack 2: the next frame tells whether 1 was answered.</summary>
    private static async Task<string> FirstReplyAsync(TestClient client, string frame)
    {
        client.Send(frame);
        client.Send("422[\"ping\"]");
        return await client.NextAsync();
    }

    [Fact]
    public async Task Fluent_socket_return_is_not_an_ack_and_fails_nothing()
    {
        var (client, logs) = await ConnectAsync((s, _) => s.On("leave", (string room) => s.Leave(room)));

        Assert.Equal("432[\"pong\"]", await FirstReplyAsync(client, "421[\"leave\",\"lobby\"]"));
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task Join_broadcast_operator_and_namespace_returns_are_not_acks()
    {
        var (client, logs) = await ConnectAsync((s, io) =>
        {
            s.On("join", (string room) => s.Join(room));
            s.On("to", (string room) => s.To(room));
            s.On("nsp", () => io.Of("/other"));
            s.On("async-join", async (string room) =>
            {
                await Task.Yield();
                return s.Join(room);
            });
            s.On("boxed", (Func<object>)(() => s));
        });

        foreach (var name in new[] { "join", "to", "nsp", "async-join", "boxed" })
            Assert.Equal("432[\"pong\"]", await FirstReplyAsync(client, $"421[\"{name}\",\"r\"]"));
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task Data_results_are_acks_sync_task_and_value_task()
    {
        var (client, _) = await ConnectAsync((s, _) =>
        {
            s.On("sync", (int a, int b) => a + b);
            s.On("task", async (int a, int b) =>
            {
                await Task.Yield();
                return new { sum = a + b };
            });
            s.On("value-task", (int a, int b) => ValueTask.FromResult(a * b));
            s.On("echo", (SocketArgs args) => args);
        });

        client.Send("421[\"sync\",2,3]");
        Assert.Equal("431[5]", await client.NextAsync());
        client.Send("422[\"task\",2,3]");
        Assert.Equal("432[{\"sum\":5}]", await client.NextAsync());
        client.Send("423[\"value-task\",2,3]");
        Assert.Equal("433[6]", await client.NextAsync());
        client.Send("424[\"echo\",\"x\",{\"y\":1}]");
        Assert.Equal("434[\"x\",{\"y\":1}]", await client.NextAsync());
    }

    [Fact]
    public async Task A_handler_that_takes_Ack_acks_only_through_it()
    {
        var (client, _) = await ConnectAsync((s, _) => s.On("both", (int n, Ack ack) =>
        {
            ack("explicit", n);
            return n + 1;
        }));

        Assert.Equal("431[\"explicit\",7]", await FirstReplyAsync(client, "421[\"both\",7]"));
        Assert.Equal("432[\"pong\"]", await client.NextAsync());
    }

    [Fact]
    public async Task Void_and_task_handlers_send_no_ack()
    {
        var (client, _) = await ConnectAsync((s, _) =>
        {
            s.On("void", (string _) => { });
            s.On("task", async (string _) => await Task.Yield());
        });

        Assert.Equal("432[\"pong\"]", await FirstReplyAsync(client, "421[\"void\",\"x\"]"));
        Assert.Equal("432[\"pong\"]", await FirstReplyAsync(client, "421[\"task\",\"x\"]"));
    }
}
