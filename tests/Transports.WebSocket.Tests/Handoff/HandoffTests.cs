using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using SocketIO.Transports.WebSocket.Tests.Support;

namespace SocketIO.Transports.WebSocket.Tests.Handoff;

/// <summary>
/// What the connection opt-in (UseSocketIO / UseSocketIOConnections) adds beyond the transport suites,
/// each on a Kestrel server of its own: the handover itself, bytes that arrive with the upgrade,
/// hundreds of connections coming and going, Kestrel's timeouts, shutdown, TLS in both orders, HTTP/2.
/// </summary>
public sealed class HandoffTests
{
    private const string EnginePath = "/engine.io/?EIO=4&transport=websocket";

    [Fact]
    public async Task WebSocket_takes_its_connection_over_and_echoes_text_and_binary()
    {
        await using var host = await HandoffHost.StartAsync(o => o.UseSocketIO());
        await using var socket = await FrameSocket.OpenAsync(host.BaseUri, EnginePath);

        await socket.SendTextAsync("4hello é");
        Assert.Equal("4hello é", await socket.ReceiveTextAsync());
        await socket.SendFrameAsync(ClientFrame.Binary, [1, 2, 3]);
        var binary = await socket.ReceiveFrameAsync();

        Assert.Equal(ClientFrame.Binary, binary.Opcode);
        Assert.Equal([1, 2, 3], binary.Payload);
        Assert.Equal(1, host.Handoffs.HandedOver);
        Assert.Contains($"Debug: Client {socket.Sid}: the WebSocket takes its connection over from the HTTP server", host.Logs.Lines);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Frames_sent_together_with_the_upgrade_request_are_not_lost(bool handOver)
    {
        await using var host = await HandoffHost.StartAsync(o =>
        {
            if (handOver)
                o.UseSocketIO();
        });
        var early = ClientFrame.Build(ClientFrame.Text, "4early"u8).Concat(ClientFrame.Build(ClientFrame.Text, "4second"u8)).ToArray();

        await using var socket = await FrameSocket.ConnectAsync(host.BaseUri, EnginePath, early: early);

        Assert.Equal(101, socket.StatusCode);
        Assert.StartsWith("0{", await socket.ReceiveTextAsync());
        Assert.Equal("4early", await socket.ReceiveTextAsync());
        Assert.Equal("4second", await socket.ReceiveTextAsync());
        Assert.Equal(handOver ? 1 : 0, host.Handoffs.HandedOver);
    }

    [Fact]
    public async Task Hundreds_of_connections_coming_and_going_leave_no_session_and_no_connection_behind()
    {
        const int Cycles = 300;
        await using var host = await HandoffHost.StartAsync(o => o.UseSocketIO());

        for (var i = 0; i < Cycles; i++)
        {
            var socket = await FrameSocket.OpenAsync(host.BaseUri, EnginePath);
            await socket.SendTextAsync("4ping");
            Assert.Equal("4ping", await socket.ReceiveTextAsync());
            switch (i % 4)
            {
                case 0:
                    // The client closes: the server answers its close frame and ends the connection.
                    await socket.SendAsync(ClientFrame.CloseFrame(1000));
                    Assert.Equal((ushort)1000, (await socket.ReceiveCloseAsync()).CloseStatus);
                    await socket.ExpectEndAsync();
                    break;
                case 1:
                    // The server closes: the client answers as a browser would.
                    host.Sessions[socket.Sid].Close();
                    await socket.ReceiveCloseAsync();
                    await socket.SendAsync(ClientFrame.CloseFrame(1000));
                    await socket.ExpectEndAsync();
                    break;
                default:
                    // The client vanishes: a FIN, or a reset.
                    socket.Drop(reset: i % 4 == 3);
                    break;
            }
            await socket.DisposeAsync();
        }

        await Wait.UntilAsync(() => host.Sessions.IsEmpty, "every session is closed");
        await Wait.UntilAsync(() => host.OpenConnections == 0, "Kestrel has no connection left");
        Assert.Equal(Cycles, host.Handoffs.HandedOver);
        await host.Handoffs.AssertEveryUpgradeWasHandedOverAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Kestrels_http_state_of_the_upgrade_is_released_only_when_the_connection_is_handed_over(bool handOver)
    {
        await using var host = await HandoffHost.StartAsync(o =>
        {
            if (handOver)
                o.UseSocketIO();
        });
        await using var socket = await FrameSocket.OpenAsync(host.BaseUri, EnginePath);
        await socket.SendTextAsync("4before");
        Assert.Equal("4before", await socket.ReceiveTextAsync());
        var http = Assert.Single(host.UpgradeRequests);

        if (handOver)
            await Wait.UntilAsync(() => !IsAliveAfterCollection(http), "Kestrel's HTTP/1.1 connection state is collected");
        else
            Assert.True(IsAliveAfterCollection(http), "the upgraded request holds Kestrel's state while the WebSocket runs");

        await socket.SendTextAsync("4after");
        Assert.Equal("4after", await socket.ReceiveTextAsync());
    }

    private static bool IsAliveAfterCollection(WeakReference reference)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return reference.IsAlive;
    }

    [Fact]
    public async Task Handed_over_connection_outlives_kestrels_response_drain_timeout()
    {
        // After the upgraded request Kestrel starts a drain timeout (the grace period of MinResponseDataRate) that
        // aborts the connection once it passes; a handed-over connection must not be subject to it.
        await using var host = await HandoffHost.StartAsync(
            o => o.UseSocketIO(),
            engine: o =>
            {
                o.PingInterval = TimeSpan.FromMilliseconds(300);
                o.PingTimeout = TimeSpan.FromSeconds(2);
            },
            configure: b => b.WebHost.ConfigureKestrel(k => k.Limits.MinResponseDataRate = new MinDataRate(240, TimeSpan.FromSeconds(2))));
        await using var socket = await FrameSocket.OpenAsync(host.BaseUri, EnginePath);

        // Twenty-five heartbeats take well over the two-second grace period and Kestrel's one-second heartbeat.
        for (var i = 0; i < 25; i++)
        {
            Assert.Equal("2", await socket.ReceiveTextAsync());
            await socket.SendTextAsync("3");
        }

        await socket.SendTextAsync("4still here");
        Assert.Equal("4still here", await socket.ReceiveTextAsync());
        Assert.True(host.Sessions.ContainsKey(socket.Sid));
    }

    [Fact]
    public async Task Server_shutdown_closes_handed_over_sessions_and_completes()
    {
        var host = await HandoffHost.StartAsync(o => o.UseSocketIO());
        await using var _ = host;
        var sockets = new List<FrameSocket>();
        for (var i = 0; i < 3; i++)
            sockets.Add(await FrameSocket.OpenAsync(host.BaseUri, EnginePath));

        var stopping = host.StopAsync();
        foreach (var socket in sockets)
        {
            Assert.Equal((ushort)1000, (await socket.ReceiveCloseAsync()).CloseStatus);
            await socket.SendAsync(ClientFrame.CloseFrame(1000));
            await socket.ExpectEndAsync();
            await socket.DisposeAsync();
        }
        await stopping;

        Assert.True(host.Sessions.IsEmpty);
        Assert.Equal(0, host.OpenConnections);
        Assert.Equal(3, host.Handoffs.HandedOver);
    }

    [Fact]
    public async Task UseSocketIO_after_UseHttps_hands_the_connection_over_inside_TLS()
    {
        await using var host = await HandoffHost.StartAsync(o =>
        {
            o.UseHttps(HandoffHost.Certificate);
            o.UseSocketIO();
        });

        await using var socket = await ConnectTlsAsync(host.BaseUri);
        await AssertEchoesAsync(socket);

        Assert.Equal(1, host.Handoffs.HandedOver);
        await host.Handoffs.AssertEveryUpgradeWasHandedOverAsync();
    }

    public static TheoryData<bool> OutsideTls => new() { true, false };

    [Theory]
    [MemberData(nameof(OutsideTls))]
    public async Task UseSocketIO_outside_TLS_leaves_the_websocket_on_kestrels_stream(bool byEndpointDefaults)
    {
        await using var host = await HandoffHost.StartAsync(
            o =>
            {
                if (!byEndpointDefaults)
                    o.UseSocketIO();
                o.UseHttps(HandoffHost.Certificate);
            },
            configure: b =>
            {
                if (byEndpointDefaults)
                    b.WebHost.UseSocketIOConnections();
            });

        await using var socket = await ConnectTlsAsync(host.BaseUri);
        await AssertEchoesAsync(socket);

        Assert.Equal(0, host.Handoffs.HandedOver);
        Assert.Contains(host.Logs.Lines, l => l == "Debug: WebSocket request /engine.io/ stays on the HTTP server's upgraded stream: UseSocketIO() runs outside TLS on this endpoint");
    }

    [Fact]
    public async Task With_MaxConcurrentUpgradedConnections_set_websockets_stay_on_kestrels_stream_so_the_limit_counts_them()
    {
        await using var host = await HandoffHost.StartAsync(
            o => o.UseSocketIO(),
            configure: b => b.WebHost.ConfigureKestrel(k => k.Limits.MaxConcurrentUpgradedConnections = 1));
        await using var first = await FrameSocket.OpenAsync(host.BaseUri, EnginePath);

        // Kestrel refuses an upgrade over its limit; the first WebSocket still counts, as it does without the opt-in.
        await using var second = await FrameSocket.ConnectAsync(host.BaseUri, EnginePath);

        Assert.NotEqual(101, second.StatusCode);
        await first.SendTextAsync("4counted");
        Assert.Equal("4counted", await first.ReceiveTextAsync());
        Assert.Equal(0, host.Handoffs.HandedOver);
        Assert.Contains(host.Logs.Lines, l => l == "Debug: WebSocket request /engine.io/ stays on the HTTP server's upgraded stream: Kestrel's MaxConcurrentUpgradedConnections is set");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Http2_websockets_and_polling_work_with_and_without_the_opt_in(bool optIn)
    {
        await using var host = await HandoffHost.StartAsync(o =>
        {
            o.Protocols = HttpProtocols.Http1AndHttp2;
            o.UseHttps(HandoffHost.Certificate);
            if (optIn)
                o.UseSocketIO();
        });
        using var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } };
        using var invoker = new HttpMessageInvoker(handler);

        await using (var socket = await ConnectTlsAsync(host.BaseUri, http2: invoker))
            await AssertEchoesAsync(socket);
        using var http = new HttpClient(handler, disposeHandler: false)
        {
            BaseAddress = host.BaseUri,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = Wait.Timeout,
        };
        using var handshake = await http.GetAsync("/engine.io/?EIO=4&transport=polling").WaitAsync(Wait.Timeout);

        Assert.Equal(HttpVersion.Version20, handshake.Version);
        Assert.StartsWith("0{", await handshake.Content.ReadAsStringAsync().WaitAsync(Wait.Timeout));
        Assert.Equal(0, host.Handoffs.HandedOver);
    }

    /// <summary>A wss:// WebSocket over HTTP/1.1, or over HTTP/2 (extended CONNECT) through <paramref name="http2"/>.</summary>
    private static async Task<RawWebSocket> ConnectTlsAsync(Uri server, HttpMessageInvoker? http2 = null)
    {
        var socket = new ClientWebSocket();
        var uri = new Uri($"wss://{server.Authority}{EnginePath}");
        if (http2 is null)
        {
            socket.Options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
            await socket.ConnectAsync(uri, CancellationToken.None).WaitAsync(Wait.Timeout);
        }
        else
        {
            socket.Options.HttpVersion = HttpVersion.Version20;
            socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
            await socket.ConnectAsync(uri, http2, CancellationToken.None).WaitAsync(Wait.Timeout);
        }
        return RawWebSocket.From(socket);
    }

    private static async Task AssertEchoesAsync(RawWebSocket socket)
    {
        Assert.StartsWith("0{", await socket.ReceiveTextAsync());
        await socket.SendTextAsync("4over tls");
        Assert.Equal("4over tls", await socket.ReceiveTextAsync());
        await socket.SendBinaryAsync([7, 8, 9]);
        var (type, data) = await socket.ReceiveAsync();
        Assert.Equal(WebSocketMessageType.Binary, type);
        Assert.Equal([7, 8, 9], data);
    }
}
