using SocketIO.Tests.Support;

namespace SocketIO.Tests.Server;

public class AckTests
{
    [Fact]
    public async Task Client_ack_request_is_answered_once_with_the_same_id()
    {
        var io = ServerFactory.Create();
        io.OnConnection(s => s.On("hello", (string name, Ack ack) =>
        {
            ack("hi " + name);
            ack("again");
        }));
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync();

        client.Send("4212[\"hello\",\"ann\"]");
        client.Send("42[\"hello\",\"marker\"]");

        Assert.Equal("4312[\"hi ann\"]", await client.NextAsync());
        Assert.True(client.Transport.TryPeekNothing(out _));
    }

    [Fact]
    public async Task Handler_return_value_becomes_the_ack()
    {
        var io = ServerFactory.Create();
        io.OnConnection(s => s.On("sum", async (int a, int b) =>
        {
            await Task.Yield();
            return a + b;
        }));
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync();

        client.Send("423[\"sum\",2,3]");

        Assert.Equal("433[5]", await client.NextAsync());
    }

    [Fact]
    public async Task Server_emit_with_ack_receives_the_client_answer()
    {
        var io = ServerFactory.Create();
        var connected = new TaskCompletionSource<Socket>();
        io.OnConnection(s => connected.TrySetResult(s));
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync();
        var socket = await connected.Task.WaitAsync(TestTransport.Wait);

        var pending = socket.EmitWithAckAsync("question", 42);
        var frame = await client.NextAsync();
        Assert.Equal("420[\"question\",42]", frame);
        client.Send("430[\"answer\",{\"n\":1}]");

        var args = await pending.WaitAsync(TestTransport.Wait);
        Assert.Equal("answer", args.Get<string>(0));
        Assert.Equal(1, args[1].GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task Server_emit_with_ack_times_out()
    {
        var (io, time) = ServerFactory.CreateWithFakeTime();
        var connected = new TaskCompletionSource<Socket>();
        io.OnConnection(s => connected.TrySetResult(s));
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync();
        var socket = await connected.Task.WaitAsync(TestTransport.Wait);

        var pending = socket.Timeout(TimeSpan.FromSeconds(2)).EmitWithAckAsync("question");
        await client.NextAsync();
        time.Advance(TimeSpan.FromSeconds(2));

        await Assert.ThrowsAsync<TimeoutException>(() => pending.WaitAsync(TestTransport.Wait));
        client.Send("430[\"late\"]"); // a late ack is ignored
        Assert.False(client.Session.IsClosed);
    }

    [Fact]
    public async Task Pending_ack_fails_when_the_socket_disconnects()
    {
        var io = ServerFactory.Create();
        var connected = new TaskCompletionSource<Socket>();
        io.OnConnection(s => connected.TrySetResult(s));
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync();
        var socket = await connected.Task.WaitAsync(TestTransport.Wait);

        var pending = socket.EmitWithAckAsync("question");
        client.Send("41");

        await Assert.ThrowsAsync<InvalidOperationException>(() => pending.WaitAsync(TestTransport.Wait));
    }

    [Fact]
    public async Task Binary_ack_from_client_is_reassembled()
    {
        var io = ServerFactory.Create();
        var connected = new TaskCompletionSource<Socket>();
        io.OnConnection(s => connected.TrySetResult(s));
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync();
        var socket = await connected.Task.WaitAsync(TestTransport.Wait);

        var pending = socket.EmitWithAckAsync("file");
        await client.NextAsync();
        client.Send("461-0[{\"_placeholder\":true,\"num\":0}]");
        client.SendBinary([7, 7, 7]);

        var args = await pending.WaitAsync(TestTransport.Wait);
        Assert.Equal([7, 7, 7], args.Get<byte[]>(0));
    }
}
