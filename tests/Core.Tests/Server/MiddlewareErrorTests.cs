using Microsoft.Extensions.Logging;
using SocketIO.Tests.Support;

namespace SocketIO.Tests.Server;

/// <summary>What a client learns when connection middleware refuses it, deliberately or by accident.</summary>
public class MiddlewareErrorTests
{
    [Fact]
    public async Task Middleware_exception_sends_a_generic_message_and_is_logged_at_error_with_namespace_and_socket()
    {
        var logs = new LogCapture();
        var io = ServerFactory.Create(logs: logs);
        var thrown = new InvalidOperationException("connection to db1 with Password=hunter2 failed");
        io.Of("/admin").Use(_ => throw thrown);
        var client = await TestClient.OpenAsync(io);

        client.Send("40/admin,");

        var reply = await client.NextAsync();
        Assert.Equal("44/admin,{\"message\":\"Internal server error\"}", reply);
        var error = Assert.Single(logs.At(LogLevel.Error));
        Assert.Same(thrown, error.Exception);
        Assert.Contains("/admin", error.Message);
        Assert.Matches("socket [A-Za-z0-9_-]{20}", error.Message);
        Assert.DoesNotContain(logs.Entries, e => e.Level < LogLevel.Error && e.Message.Contains("hunter2"));
    }

    [Fact]
    public async Task Async_middleware_exception_is_hidden_the_same_way()
    {
        var logs = new LogCapture();
        var io = ServerFactory.Create(logs: logs);
        io.Use(async _ =>
        {
            await Task.Yield();
            throw new UnauthorizedAccessException("token for ada@example.com expired");
        });
        var client = await TestClient.OpenAsync(io);

        client.Send("40");

        Assert.Equal("44{\"message\":\"Internal server error\"}", await client.NextAsync());
        Assert.IsType<UnauthorizedAccessException>(Assert.Single(logs.At(LogLevel.Error)).Exception);
    }

    [Fact]
    public async Task ConnectErrorException_sends_its_message_and_data_and_is_not_an_error()
    {
        var logs = new LogCapture();
        var io = ServerFactory.Create(logs: logs);
        io.Use(_ => throw new ConnectErrorException("not authorized", new { code = 401 }));
        var client = await TestClient.OpenAsync(io);

        client.Send("40");

        Assert.Equal("44{\"message\":\"not authorized\",\"data\":{\"code\":401}}", await client.NextAsync());
        Assert.Empty(logs.At(LogLevel.Error));
        Assert.Contains(logs.At(LogLevel.Debug), e => e.Message.Contains("refused: not authorized"));
    }

    [Fact]
    public async Task A_subclass_of_ConnectErrorException_is_a_deliberate_refusal_too()
    {
        var io = ServerFactory.Create();
        io.Use(_ => throw new TokenExpired());
        var client = await TestClient.OpenAsync(io);

        client.Send("40");

        Assert.Equal("44{\"message\":\"token expired\"}", await client.NextAsync());
    }

    private sealed class TokenExpired() : ConnectErrorException("token expired");
}
