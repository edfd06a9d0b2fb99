using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SocketIO.Engine;
using SocketIO.Tests.Support;

namespace SocketIO.Tests.Server;

public class SocketFeaturesTests
{
    public sealed record Order(string Item, byte[]? Picture, int? Id);

    [Fact]
    public async Task Typed_handler_receives_an_object_with_binary_and_echoes_it()
    {
        var io = ServerFactory.Create();
        io.OnConnection(s => s.On("order:create", (Order order, Ack ack) => ack(order with { Id = 7 })));
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync();

        client.Send("451-1[\"order:create\",{\"item\":\"pen\",\"picture\":{\"_placeholder\":true,\"num\":0}}]");
        client.SendBinary([1, 2, 3]);

        Assert.Equal("461-1[{\"item\":\"pen\",\"picture\":{\"_placeholder\":true,\"num\":0},\"id\":7}]", await client.NextAsync());
        Assert.Equal([1, 2, 3], (await client.Transport.NextAsync()).Payload.ToArray());
    }

    [Fact]
    public async Task Handler_can_take_raw_elements_bytes_and_memory()
    {
        var io = ServerFactory.Create();
        var got = new TaskCompletionSource<(JsonElement, byte[], ReadOnlyMemory<byte>)>();
        io.OnConnection(s => s.On("mixed", (JsonElement e, byte[] b, ReadOnlyMemory<byte> m) => got.TrySetResult((e, b, m))));
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync();

        client.Send("452-[\"mixed\",{\"a\":1},{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        client.SendBinary([1]);
        client.SendBinary([2, 2]);

        var (element, bytes, memory) = await got.Task.WaitAsync(TestTransport.Wait);
        Assert.Equal(1, element.GetProperty("a").GetInt32());
        Assert.Equal([1], bytes);
        Assert.Equal([2, 2], memory.ToArray());
    }

    [Fact]
    public async Task Received_arguments_are_forwarded_unchanged_with_binary()
    {
        var io = ServerFactory.Create();
        io.OnConnection(s => s.On("message", (SocketEvent e) => s.Emit("message-back", e.Args)));
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync();

        client.Send("451-[\"message\",1,{\"b\":{\"_placeholder\":true,\"num\":0}}]");
        client.SendBinary([5, 6]);

        Assert.Equal("451-[\"message-back\",1,{\"b\":{\"_placeholder\":true,\"num\":0}}]", await client.NextAsync());
        Assert.Equal([5, 6], (await client.Transport.NextAsync()).Payload.ToArray());
    }

    [Fact]
    public async Task OnAny_OnAnyOutgoing_and_Off()
    {
        var io = ServerFactory.Create();
        var seen = new List<string>();
        io.OnConnection(s =>
        {
            s.OnAny(e => seen.Add("any:" + e.Name));
            s.OnAnyOutgoing((name, _) => seen.Add("out:" + name));
            s.On("a", () => seen.Add("a"));
            s.On("off", () => s.Off("a"));
            s.On("emit", () => s.Emit("reply"));
        });
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync();

        client.Send("42[\"a\"]");
        client.Send("42[\"off\"]");
        client.Send("42[\"a\"]");
        client.Send("42[\"emit\"]");
        await client.NextAsync();

        Assert.Equal(["any:a", "a", "any:off", "any:a", "any:emit", "out:reply"], seen);
    }

    [Fact]
    public async Task Packet_middleware_can_block_and_report_errors()
    {
        var io = ServerFactory.Create();
        var errors = new List<string>();
        var handled = new List<string>();
        io.OnConnection(s =>
        {
            s.Use(async (e, next) =>
            {
                if (e.Name == "forbidden")
                    throw new InvalidOperationException("no way");
                await next();
            });
            s.OnError(ex => errors.Add(ex.Message));
            s.On("forbidden", () => handled.Add("forbidden"));
            s.On("ok", (Ack ack) =>
            {
                handled.Add("ok");
                ack();
            });
        });
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync();

        client.Send("42[\"forbidden\"]");
        client.Send("421[\"ok\"]");

        Assert.Equal("431[]", await client.NextAsync());
        Assert.Equal(["ok"], handled);
        Assert.Equal(["no way"], errors);
    }

    [Fact]
    public async Task Handshake_carries_request_details_and_auth()
    {
        var io = ServerFactory.Create();
        var got = new TaskCompletionSource<Handshake>();
        io.OnConnection(s => got.TrySetResult(s.Handshake));
        var request = new HandshakeRequest
        {
            Headers = new Dictionary<string, string> { ["origin"] = "http://example.com", ["user-agent"] = "test" },
            Query = new Dictionary<string, string> { ["EIO"] = "4", ["transport"] = "websocket", ["x"] = "1" },
            Address = "10.0.0.1",
            Url = "/socket.io/?EIO=4&transport=websocket&x=1",
            Secure = true,
        };
        var client = await TestClient.OpenAsync(io, request);
        await client.ConnectAsync("/", "{\"token\":\"abc\"}");

        var h = await got.Task.WaitAsync(TestTransport.Wait);
        Assert.Equal("abc", h.Auth.GetProperty("token").GetString());
        Assert.Equal("1", h.Query["x"]);
        Assert.Equal("test", h.Headers["user-agent"]);
        Assert.Equal("10.0.0.1", h.Address);
        Assert.True(h.Secure);
        Assert.True(h.XDomain);
        Assert.Equal(request.Url, h.Url);
        Assert.True(h.Issued > 0);
        Assert.False(string.IsNullOrEmpty(h.Time));
    }

    [Fact]
    public async Task Handshake_time_is_formatted_like_js_date_to_string_in_utc()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 2, 21, 52, 345, TimeSpan.Zero));
        var io = ServerFactory.Create(time: time);
        var got = new TaskCompletionSource<Handshake>();
        io.OnConnection(s => got.TrySetResult(s.Handshake));
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync();

        var h = await got.Task.WaitAsync(TestTransport.Wait);
        // SIO/socket.ts: time = new Date().toString(), e.g. on a UTC host.
        Assert.Equal("Mon Nov 30 2026 02:21:52 GMT+0000 (Coordinated Universal Time)", h.Time);
        Assert.Equal(time.GetUtcNow().ToUnixTimeMilliseconds(), h.Issued);
    }

    [Fact]
    public async Task Auth_defaults_to_an_empty_object()
    {
        var io = ServerFactory.Create();
        var got = new TaskCompletionSource<Handshake>();
        io.OnConnection(s => got.TrySetResult(s.Handshake));
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync();

        Assert.Equal("{}", (await got.Task.WaitAsync(TestTransport.Wait)).Auth.GetRawText());
    }

    [Fact]
    public async Task Socket_is_always_in_its_own_room_and_can_join_and_leave()
    {
        var io = ServerFactory.Create();
        var got = new TaskCompletionSource<Socket>();
        io.OnConnection(s => got.TrySetResult(s));
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync();
        var socket = await got.Task.WaitAsync(TestTransport.Wait);

        Assert.Equal([socket.Id], socket.Rooms);
        socket.Join("a", "b");
        socket.Leave("a");
        Assert.Equal(new[] { socket.Id, "b" }.Order(), socket.Rooms.Order());

        client.Send("41");
        Assert.Empty(io.Sockets.Adapter.RoomSizes());
    }

    [Fact]
    public async Task Throwing_handler_does_not_affect_the_connection()
    {
        var io = ServerFactory.Create();
        io.OnConnection(s =>
        {
            s.On("boom", (Action)(() => throw new InvalidOperationException("boom")));
            s.On("async-boom", (Func<Task>)(async () =>
            {
                await Task.Yield();
                throw new InvalidOperationException("boom");
            }));
            s.On("ping", (Ack ack) => ack("pong"));
        });
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync();

        client.Send("42[\"boom\"]");
        client.Send("42[\"async-boom\"]");
        client.Send("421[\"ping\"]");

        Assert.Equal("431[\"pong\"]", await client.NextAsync());
        Assert.False(client.Session.IsClosed);
    }

    [Fact]
    public async Task Bare_engine_can_echo_without_the_socket_io_layer()
    {
        var engine = new EngineServer(new EngineOptions());
        engine.Connection += session => session.MessageReceived += (s, p) => s.Send(p);
        var transport = new TestTransport();
        var channel = engine.Open(transport, new HandshakeRequest());
        transport.Attach(channel);
        var session = channel.Session;
        await transport.NextTextAsync();

        transport.SendText("4hello");
        transport.SendBinary([1, 2]);

        Assert.Equal("4hello", await transport.NextTextAsync());
        var binary = await transport.NextAsync();
        Assert.True(binary.IsBinary);
        Assert.Equal([1, 2], binary.Payload.ToArray());
    }
}
