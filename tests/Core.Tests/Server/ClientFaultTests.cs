using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SocketIO.Tests.Support;

namespace SocketIO.Tests.Server;

/// <summary>
/// A client's bad events are logged at Warning without a stack, at most five lines a minute per connection,
/// and a connection that keeps sending them is closed past SocketIOOptions.MaxInvalidEventsPerMinute.
/// </summary>
public class ClientFaultTests
{
    private static async Task<(TestClient Client, LogCapture Logs, FakeTimeProvider Time)> ConnectAsync(Action<SocketIOOptions>? configure = null)
    {
        var logs = new LogCapture();
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
        var io = ServerFactory.Create(o =>
        {
            // The fake clock moves by minutes here: no heartbeat may end the session meanwhile.
            o.PingInterval = TimeSpan.FromHours(1);
            configure?.Invoke(o);
        }, time, logs: logs);
        io.OnConnection(socket =>
        {
            socket.On("sum", (int a, int b) => a + b);
            socket.On("untyped", (SocketEvent e) => e.Ack(e.Args.Get<int>(0)));
            socket.On("untyped-async", async (SocketEvent e) =>
            {
                await Task.Yield();
                e.Ack(e.Args.Get<int>(0));
            });
            socket.On("bug", (SocketEvent _) => throw new InvalidOperationException("a bug"));
        });
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync();
        return (client, logs, time);
    }

    private static IEnumerable<LogEntry> Faults(LogCapture logs) =>
        logs.Entries.Where(e => e.Level >= LogLevel.Warning && e.Category.StartsWith("SocketIO", StringComparison.Ordinal));

    [Fact]
    public async Task A_flood_of_mistyped_events_logs_a_few_warnings_without_stacks_and_closes_the_connection()
    {
        var (client, logs, _) = await ConnectAsync(o => o.MaxInvalidEventsPerMinute = 50);

        for (var i = 0; i < 1000 && !client.Session.IsClosed; i++)
            client.Send($"42[\"sum\",\"x{i}\",1]");

        Assert.True(client.Session.IsClosed);
        var faults = Faults(logs).ToList();
        Assert.All(faults, f => Assert.Equal(LogLevel.Warning, f.Level));
        Assert.All(faults, f => Assert.Null(f.Exception));
        Assert.Equal([110, 110, 110, 110, 110, 113, 114], faults.Select(f => f.Id.Id));
        Assert.Contains("sent 51 invalid events within a minute", faults[^1].Message);
    }

    [Fact]
    public async Task A_handler_failing_on_the_clients_data_is_a_warning_without_a_stack()
    {
        var (client, logs, _) = await ConnectAsync();

        client.Send("42[\"untyped\",\"not a number\"]");
        client.Send("42[\"untyped-async\",\"not a number\"]");
        client.Send("421[\"untyped\",7]");
        Assert.Equal("431[7]", await client.NextAsync());
        await Poll.UntilAsync(() => Faults(logs).Count() == 2, TestTransport.Wait, "both failures are logged");

        var faults = Faults(logs).ToList();
        Assert.All(faults, f => Assert.Equal((LogLevel.Warning, 112, null), (f.Level, f.Id.Id, f.Exception)));
        Assert.Contains("event untyped from socket", faults[0].Message);
        Assert.Contains("JsonException", faults[0].Message);
        Assert.False(client.Session.IsClosed);
    }

    [Fact]
    public async Task A_buggy_handler_logs_errors_with_stacks_but_only_five_a_minute_per_connection()
    {
        var (client, logs, time) = await ConnectAsync(o => o.MaxInvalidEventsPerMinute = 3);

        for (var i = 0; i < 20; i++)
            client.Send("42[\"bug\"]");

        var faults = Faults(logs).ToList();
        Assert.Equal([100, 100, 100, 100, 100, 113], faults.Select(f => f.Id.Id));
        Assert.All(faults.Take(5), f => Assert.IsType<InvalidOperationException>(f.Exception));
        Assert.False(client.Session.IsClosed, "a server bug is not the client's fault");

        time.Advance(TimeSpan.FromMinutes(1));
        client.Send("42[\"bug\"]");
        Assert.Equal(7, Faults(logs).Count());
    }

    [Fact]
    public async Task The_count_starts_again_every_minute()
    {
        var (client, _, time) = await ConnectAsync(o => o.MaxInvalidEventsPerMinute = 10);

        for (var minute = 0; minute < 3; minute++)
        {
            for (var i = 0; i < 10; i++)
                client.Send("42[\"sum\",\"x\",1]");
            time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.False(client.Session.IsClosed);
        client.Send("421[\"sum\",1,2]");
        Assert.Equal("431[3]", await client.NextAsync());
    }

    [Fact]
    public async Task Zero_never_closes_the_connection()
    {
        var (client, logs, _) = await ConnectAsync(o => o.MaxInvalidEventsPerMinute = 0);

        for (var i = 0; i < 500; i++)
            client.Send("42[\"sum\",\"x\",1]");

        Assert.False(client.Session.IsClosed);
        Assert.Equal(6, Faults(logs).Count());
    }

    [Fact]
    public void The_limit_must_not_be_negative()
    {
        Assert.Contains(nameof(SocketIOOptions.MaxInvalidEventsPerMinute), new SocketIOOptions { MaxInvalidEventsPerMinute = -1 }.Validate());
    }
}
