using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using SocketIO.DeviceClient;
using SocketIO.Engine;
using SocketIO.Transports.Tcp.Tests.Support;

namespace SocketIO.Transports.Tcp.Tests.Interop;

/// <summary>The .NET device client (SocketIO.Client.Tcp) against the server's TCP transport.</summary>
[Collection(ServerCollection.Name)]
public sealed class DotNetClientTests(TcpTestServer server)
{
    private SocketIOTcpClient NewClient(Action<SocketIOTcpClientOptions>? configure = null)
    {
        var options = new SocketIOTcpClientOptions
        {
            Host = "127.0.0.1",
            Port = server.Tcp.Port,
            ReconnectionDelay = TimeSpan.FromMilliseconds(50),
            ReconnectionDelayMax = TimeSpan.FromMilliseconds(200),
            AckTimeout = Wait.Timeout,
        };
        configure?.Invoke(options);
        return new SocketIOTcpClient(options);
    }

    private static async Task<JsonElement> WhoAmIAsync(DeviceSocket socket) =>
        (await socket.EmitWithAckAsync("whoami"))[0].Clone();

    [Fact]
    public async Task Several_namespaces_share_one_connection_with_auth()
    {
        await using var client = NewClient();
        var main = client.Socket("/", new { token = "abc" });
        var auth = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        main.On("auth", e => auth.TrySetResult(e.Args[0].GetRawText()));
        var orders = client.Socket("/orders");
        var users = client.Socket("/users");

        await client.ConnectAsync().WaitAsync(Wait.Timeout);
        await Task.WhenAll(main.WaitConnectedAsync(), orders.WaitConnectedAsync(), users.WaitConnectedAsync()).WaitAsync(Wait.Timeout);

        Assert.Equal("""{"token":"abc"}""", await auth.Task.WaitAsync(Wait.Timeout));
        var seen = new[] { await WhoAmIAsync(main), await WhoAmIAsync(orders), await WhoAmIAsync(users) };
        Assert.Equal(["/", "/orders", "/users"], seen.Select(s => s.GetProperty("nsp").GetString()));
        Assert.All(seen, s => Assert.Equal("tcp", s.GetProperty("transport").GetString()));
        Assert.All(seen, s => Assert.Equal(client.EngineId, s.GetProperty("connectionId").GetString()));
    }

    [Fact]
    public async Task Emit_with_binary_and_acks_flow_both_ways()
    {
        await using var client = NewClient();
        var socket = client.Socket();
        var back = new TaskCompletionSource<DeviceArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.On("message-back", e => back.TrySetResult(e.Args));
        socket.On("question", e => e.Ack("reply", e.Args.Get<int>(0), e.Args.GetBinary(1)));
        var answer = new TaskCompletionSource<DeviceArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.On("answer", e => answer.TrySetResult(e.Args));
        await client.ConnectAsync().WaitAsync(Wait.Timeout);
        await socket.WaitConnectedAsync().WaitAsync(Wait.Timeout);

        socket.Emit("message", 1, "two", new byte[] { 1, 2, 3 });
        var acked = await socket.EmitWithAckAsync("message-with-ack", "hello", new byte[] { 9, 8, 7 });
        socket.Emit("ask-client", 42, new byte[] { 1, 1 });

        var echoed = await back.Task.WaitAsync(Wait.Timeout);
        Assert.Equal(1, echoed.Get<int>(0));
        Assert.Equal("two", echoed.Get<string>(1));
        Assert.Equal([1, 2, 3], echoed.GetBinary(2));
        Assert.Equal("hello", acked.Get<string>(0));
        Assert.Equal([9, 8, 7], acked.GetBinary(1));
        var replied = await answer.Task.WaitAsync(Wait.Timeout);
        Assert.Equal("reply", replied.Get<string>(0));
        Assert.Equal(42, replied.Get<int>(1));
        Assert.Equal([1, 1], replied.GetBinary(2));
    }

    [Fact]
    public async Task Middleware_refusal_fails_the_wait_with_the_servers_message()
    {
        await using var client = NewClient();
        var secure = client.Socket("/secure");
        await client.ConnectAsync().WaitAsync(Wait.Timeout);

        var error = await Assert.ThrowsAsync<DeviceConnectException>(() => secure.WaitConnectedAsync().WaitAsync(Wait.Timeout));

        Assert.Equal("not authorized", error.Error.Message);
        Assert.Equal("""{"code":401}""", error.Error.Data?.GetRawText());
    }

    [Fact]
    public async Task Tls_with_a_device_certificate_reaches_the_cert_namespace()
    {
        await using var client = NewClient(o =>
        {
            o.Port = server.Tls.Port;
            o.UseTls = true;
            o.TlsTargetHost = "localhost";
            o.ClientCertificates = new X509CertificateCollection { server.Certificates.Device };
            o.ServerCertificateValidation = (_, certificate, _, _) =>
                certificate is not null && server.Certificates.IsIssuedByTestCa(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
        });
        var cert = client.Socket("/cert");
        var subject = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        cert.On("subject", e => subject.TrySetResult(e.Args.Get<string>(0)!));

        await client.ConnectAsync().WaitAsync(Wait.Timeout);

        Assert.Equal("CN=device-42", await subject.Task.WaitAsync(Wait.Timeout));
    }

    [Fact]
    public async Task Lost_connection_is_reopened_with_backoff_and_the_sockets_reconnect()
    {
        await using var client = NewClient();
        var socket = client.Socket("/orders");
        var connects = 0;
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.OnConnect += _ =>
        {
            if (Interlocked.Increment(ref connects) == 2)
                reconnected.TrySetResult();
        };
        string? lostReason = null;
        socket.OnDisconnect += (_, reason) => lostReason = reason;
        await client.ConnectAsync().WaitAsync(Wait.Timeout);
        await socket.WaitConnectedAsync().WaitAsync(Wait.Timeout);
        var firstEngine = client.EngineId!;

        Assert.True(server.Io.Engine.TryGetSession(firstEngine, out var session));
        session.Close(CloseReason.TransportError, flush: false);

        await reconnected.Task.WaitAsync(Wait.Timeout);
        Assert.Equal("transport close", lostReason);
        Assert.NotEqual(firstEngine, client.EngineId);
        var whoami = await WhoAmIAsync(socket);
        Assert.Equal(client.EngineId, whoami.GetProperty("connectionId").GetString());
    }

    [Fact]
    public async Task Client_disconnect_is_seen_by_the_server_as_a_namespace_disconnect()
    {
        var client = NewClient();
        var socket = client.Socket();
        await client.ConnectAsync().WaitAsync(Wait.Timeout);
        await socket.WaitConnectedAsync().WaitAsync(Wait.Timeout);
        var id = socket.Id!;

        await client.DisposeAsync();

        await Wait.UntilAsync(() => server.Disconnects.ContainsKey(id), "the server saw the disconnect");
        Assert.Equal("client namespace disconnect", server.Disconnects[id]);
    }
}
