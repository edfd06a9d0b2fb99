using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using SocketIO.Tests.Support;

namespace SocketIO.Tests.Server;

/// <summary>Typed handler arguments are checked: a bad one is refused with a Warning and, when asked, an error ack.</summary>
public class HandlerArgumentTests
{
    public sealed record Order(string Item, int Quantity);

    private static async Task<(TestClient Client, LogCapture Logs, List<string> Calls)> ConnectAsync(
        Action<Socket, List<string>> configure, Action<SocketIOOptions>? options = null)
    {
        var logs = new LogCapture();
        var calls = new List<string>();
        var io = ServerFactory.Create(options, logs: logs);
        io.OnConnection(s => configure(s, calls));
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync();
        return (client, logs, calls);
    }

    private static JsonElement ErrorOf(string ackFrame, string prefix)
    {
        Assert.StartsWith(prefix, ackFrame);
        using var doc = JsonDocument.Parse(ackFrame[prefix.Length..]);
        return doc.RootElement[0].GetProperty("error").Clone();
    }

    [Fact]
    public async Task Strings_are_not_read_as_numbers()
    {
        var (client, logs, calls) = await ConnectAsync((s, calls) => s.On("sum", (int a, int b) =>
        {
            calls.Add("sum");
            return a + b;
        }));

        client.Send("421[\"sum\",\"2\",\"3\"]");

        var error = ErrorOf(await client.NextAsync(), "431").GetString();
        Assert.Equal("Event \"sum\" was not handled: argument 1 (\"a\") expects int but got a string", error);
        Assert.Empty(calls);
        var warning = Assert.Single(logs.At(LogLevel.Warning));
        Assert.Equal(110, warning.Id.Id);
        Assert.Contains("event sum", warning.Message);
        Assert.Contains("(\"a\") expects int", warning.Message);
        Assert.Null(warning.Exception);
        Assert.Empty(logs.At(LogLevel.Error));
    }

    [Fact]
    public async Task Reading_numbers_from_strings_is_an_opt_in()
    {
        var (client, _, _) = await ConnectAsync(
            (s, _) => s.On("sum", (int a, int b) => a + b),
            o => o.JsonSerializerOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.AllowReadingFromString });

        client.Send("421[\"sum\",\"2\",\"3\"]");

        Assert.Equal("431[5]", await client.NextAsync());
    }

    [Fact]
    public async Task A_missing_argument_is_refused_with_its_name_and_type()
    {
        var (client, logs, calls) = await ConnectAsync((s, calls) => s.On("sum", (int a, int b) =>
        {
            calls.Add("sum");
            return a + b;
        }));

        client.Send("421[\"sum\",2]");

        Assert.Equal("Event \"sum\" was not handled: argument 2 (\"b\") is missing; expected int", ErrorOf(await client.NextAsync(), "431").GetString());
        Assert.Empty(calls);
        Assert.Contains("argument 2 (\"b\") is missing; expected int", Assert.Single(logs.At(LogLevel.Warning)).Message);
    }

    [Fact]
    public async Task A_wrong_shape_is_a_warning_without_a_stack_and_the_client_gets_an_error_ack()
    {
        var (client, logs, calls) = await ConnectAsync((s, calls) => s.On("order", (Order order) =>
        {
            calls.Add(order.Item);
            return "ok";
        }));

        client.Send("421[\"order\",[1,2]]");

        Assert.Equal("Event \"order\" was not handled: argument 1 (\"order\") expects Order but got an array", ErrorOf(await client.NextAsync(), "431").GetString());
        Assert.Empty(calls);
        Assert.Null(Assert.Single(logs.At(LogLevel.Warning)).Exception);
        Assert.Empty(logs.At(LogLevel.Error));
    }

    [Fact]
    public async Task Without_an_ack_request_a_bad_argument_is_only_logged()
    {
        var (client, logs, calls) = await ConnectAsync((s, calls) =>
        {
            s.On("count", (int n) => calls.Add("count"));
            s.On("ping", (Ack ack) => ack("pong"));
        });

        client.Send("42[\"count\",\"many\"]");
        client.Send("422[\"ping\"]");

        Assert.Equal("432[\"pong\"]", await client.NextAsync());
        Assert.Empty(calls);
        Assert.Single(logs.At(LogLevel.Warning));
    }

    [Fact]
    public async Task Null_for_a_non_nullable_parameter_is_refused_and_nullable_optional_parameters_may_be_left_out()
    {
        var (client, _, calls) = await ConnectAsync((s, calls) =>
        {
            s.On("name", (string name) => name.Length);
            s.On("optional", (string? note, int? count, int page = 3) => $"{note ?? "none"}/{count?.ToString() ?? "none"}/{page}");
        });

        client.Send("421[\"name\",null]");
        Assert.Equal("Event \"name\" was not handled: argument 1 (\"name\") expects string but got null", ErrorOf(await client.NextAsync(), "431").GetString());
        client.Send("422[\"optional\"]");
        Assert.Equal("432[\"none/none/3\"]", await client.NextAsync());
        client.Send("423[\"optional\",null,null,5]");
        Assert.Equal("433[\"none/none/5\"]", await client.NextAsync());
    }

    [Fact]
    public async Task Binary_where_a_number_is_expected_is_refused()
    {
        var (client, _, _) = await ConnectAsync((s, _) => s.On("n", (int n) => n));

        client.Send("451-1[\"n\",{\"_placeholder\":true,\"num\":0}]");
        client.SendBinary([1]);

        Assert.Equal("argument 1 (\"n\") expects int but got an object", ErrorOf(await client.NextAsync(), "431").GetString()!.Split(": ", 2)[1]);
    }

    [Fact]
    public async Task A_CancellationToken_parameter_is_cancelled_when_the_socket_disconnects()
    {
        var started = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (client, _, _) = await ConnectAsync((s, _) => s.On("work", async (string job, CancellationToken ct) =>
        {
            started.TrySetResult(ct);
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            }
            catch (OperationCanceledException)
            {
                cancelled.TrySetResult();
            }
        }));

        client.Send("42[\"work\",\"long\"]");
        var token = await started.Task.WaitAsync(TestTransport.Wait);
        Assert.False(token.IsCancellationRequested);
        client.Send("41");

        await cancelled.Task.WaitAsync(TestTransport.Wait);
        Assert.True(token.IsCancellationRequested);
    }

    [Fact]
    public async Task A_CancellationToken_taken_after_the_disconnect_is_already_cancelled()
    {
        var got = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var (client, _, _) = await ConnectAsync((s, _) => s.On("disconnect", (string reason, CancellationToken ct) => got.TrySetResult(ct)));

        client.Send("41");

        Assert.True((await got.Task.WaitAsync(TestTransport.Wait)).IsCancellationRequested);
    }
}
