using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SocketIO.Diagnostics;
using SocketIO.Transports.WebSocket.Tests.Support;

namespace SocketIO.Transports.WebSocket.Tests.Diagnostics;

/// <summary>
/// The <c>SocketIO</c> meter and activity source (docs/monitoring.md), read through a <see cref="MeterListener"/> and an
/// <see cref="ActivityListener"/> while the official client and raw polling clients use a real server.
/// </summary>
public sealed class MetricsTests : IAsyncLifetime
{
    private WebApplication? _app;
    private JsClient _client = null!;
    private SocketIOServer _io = null!;
    private Uri _base = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSocketIO(o =>
        {
            o.MaxBufferedPackets = 20;
            o.TraceEvents = true;
        });
        _app = builder.Build();
        _app.MapSocketIO("/socket.io", io =>
        {
            io.OnConnection(socket =>
            {
                socket.On("echo", (string text) => text);
                socket.On("shout", (string text) => io.Emit("shouted", text));
                socket.On("ask", async () =>
                {
                    try
                    {
                        await socket.Timeout(TimeSpan.FromMilliseconds(200)).EmitWithAckAsync("question");
                    }
                    catch (TimeoutException)
                    {
                    }
                });
            });
            io.Of("/private").Use(_ => throw new ConnectErrorException("not allowed"));
        });
        await _app.StartAsync().WaitAsync(Wait.Timeout);
        _base = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        _io = _app.Services.GetRequiredService<SocketIOServer>();
        _client = await JsClient.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        if (_app is not null)
        {
            await _app.StopAsync().WaitAsync(Wait.Timeout);
            await _app.DisposeAsync().AsTask().WaitAsync(Wait.Timeout);
        }
    }

    private string Url(string nsp = "/") => _base.ToString().TrimEnd('/') + nsp;

    [Fact]
    public async Task Connections_packets_bytes_broadcasts_and_closes_are_counted()
    {
        using var m = new MeterRecorder(_io.Metrics.Meter);
        var options = new JsConnectOptions { Transports = ["websocket"] };

        await _client.ConnectOrFailAsync("m1", Url(), options);
        await _client.ConnectOrFailAsync("m2", Url(), options);
        Assert.Equal("hello", (await _client.EmitWithAckAsync("m1", "echo", ["hello"])).GetString());
        await _client.EmitAsync("m1", "shout", "hey");
        await _client.WaitForEventAsync("m2", "shouted");
        await _client.WaitForEventAsync("m1", "shouted");

        Assert.Equal(2, m["socketio.engine.handshakes"]);
        Assert.Equal(2, m["socketio.engine.connections", "websocket"]);
        Assert.Equal(2, m["socketio.sockets", "/"]);
        Assert.True(m["socketio.engine.packets.received"] >= 4, "CONNECT ×2, echo, shout");
        Assert.True(m["socketio.engine.bytes.received"] > m["socketio.engine.packets.received"]);
        Assert.True(m["socketio.engine.packets.sent"] >= 5, "CONNECT ×2, the ack, the broadcast ×2");
        Assert.Equal(1, m["socketio.broadcasts", "/"]);
        Assert.Equal(2, m["socketio.broadcast.deliveries", "/"]);

        await _client.CloseAsync("m1");
        await _client.CloseAsync("m2");
        await Wait.UntilAsync(() => m["socketio.engine.closes"] == 2, "both closes counted");
        Assert.Equal(0, m["socketio.engine.connections", "websocket"]);
        Assert.Equal(0, m["socketio.sockets", "/"]);
        Assert.Equal(2, m["socketio.engine.closes", "transport close"] + m["socketio.engine.closes", "client namespace disconnect"] + m["socketio.engine.closes", "forced close"]);
    }

    [Fact]
    public async Task Refused_connections_and_ack_timeouts_are_counted()
    {
        using var m = new MeterRecorder(_io.Metrics.Meter);
        var options = new JsConnectOptions { Transports = ["websocket"] };

        var refused = await _client.ConnectAsync("denied", Url("/private"), options);
        var unknown = await _client.ConnectAsync("lost", Url("/no-such-namespace"), options);
        await _client.ConnectOrFailAsync("asker", Url(), options);
        await _client.AnswerAsync("asker", "question", JsAnswer.None);
        await _client.EmitAsync("asker", "ask");
        await _client.WaitForEventAsync("asker", "question");

        Assert.False(refused.Connected);
        Assert.False(unknown.Connected);
        Assert.Equal(1, m["socketio.connect_errors", "/private"]);
        Assert.Equal(1, m["socketio.connect_errors", "(unknown)"]);
        await Wait.UntilAsync(() => m["socketio.ack.timeouts", "/"] == 1, "the ack timeout is counted");
        foreach (var name in new[] { "denied", "lost", "asker" })
            await _client.CloseAsync(name);
    }

    [Fact]
    public async Task Volatile_drops_and_a_full_queue_are_counted()
    {
        using var m = new MeterRecorder(_io.Metrics.Meter);
        using var http = new HttpClient { BaseAddress = _base, Timeout = Wait.Timeout };
        // A polling client that connects and then never polls: everything sent to it stays queued.
        var (client, _) = await PollingClient.HandshakeAsync(http, "/socket.io/");
        await client.PostAsync("40");
        await Wait.UntilAsync(() => _io.Sockets.Sockets.Count > 0, "the socket connected");
        var sid = client.Sid;
        await Wait.UntilAsync(() => _io.Engine.TryGetSession(sid, out var s) && s.BufferedCount >= 1, "the CONNECT reply is queued");

        for (var i = 0; i < 30; i++)
            _io.Volatile.Emit("v", i);
        Assert.True(m["socketio.engine.packets.dropped", "volatile"] >= 10);
        _io.Emit("must-send");

        Assert.Equal(1, m["socketio.engine.packets.dropped", "queue_full"]);
        await Wait.UntilAsync(() => m["socketio.engine.closes", "send buffer full"] == 1, "the overflowing client was closed");
    }

    [Fact]
    public async Task Handshake_connect_and_event_spans_are_recorded()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SocketIOTracing.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var options = new JsConnectOptions { Transports = ["websocket"] };

        var id = await _client.ConnectOrFailAsync("traced", Url(), options);
        await _client.EmitWithAckAsync("traced", "echo", ["x"]);
        await _client.ConnectAsync("traced-denied", Url("/private"), options);

        // Other tests' servers may record spans on the same source: look for this test's sockets only.
        Assert.Contains(spans, s => s.OperationName == "socketio.handshake" && (string?)s.GetTagItem("socketio.transport") == "websocket");
        Assert.Contains(spans, s => s.OperationName == "socketio.connect" && (string?)s.GetTagItem("socketio.socket.id") == id);
        await Wait.UntilAsync(() => spans.Any(s => s.OperationName == "socketio.event" && (string?)s.GetTagItem("socketio.socket.id") == id && (string?)s.GetTagItem("socketio.event.name") == "echo"), "the event span");
        Assert.Contains(spans, s => s.OperationName == "socketio.connect" && (string?)s.GetTagItem("socketio.namespace") == "/private" && s.Status == ActivityStatusCode.Error);
        await _client.CloseAsync("traced");
        await _client.CloseAsync("traced-denied");
    }

    [Fact]
    public async Task The_OpenTelemetry_SDK_exports_the_meter_and_the_spans_as_the_README_shows()
    {
        var metrics = new List<OpenTelemetry.Metrics.Metric>();
        var spans = new List<Activity>();
        // The README's lines, with the in-memory exporters in place of the console ones.
        using (var meterProvider = OpenTelemetry.Sdk.CreateMeterProviderBuilder().AddMeter(SocketIOMetrics.MeterName).AddInMemoryExporter(metrics).Build())
        using (var tracerProvider = OpenTelemetry.Sdk.CreateTracerProviderBuilder().AddSource(SocketIOTracing.ActivitySourceName).AddInMemoryExporter(spans).Build())
        {
            var id = await _client.ConnectOrFailAsync("otel", Url(), new JsConnectOptions { Transports = ["websocket"] });
            await _client.EmitWithAckAsync("otel", "echo", ["x"]);
            await _client.CloseAsync("otel");
            meterProvider.ForceFlush();
            tracerProvider.ForceFlush();
            Assert.Contains(spans, s => s.OperationName == "socketio.connect" && (string?)s.GetTagItem("socketio.socket.id") == id);
        }

        var names = metrics.Select(m => m.Name).ToHashSet();
        foreach (var name in new[] { "socketio.engine.handshakes", "socketio.engine.connections", "socketio.sockets", "socketio.engine.packets.received", "socketio.engine.bytes.sent" })
            Assert.Contains(name, names);
    }
}
