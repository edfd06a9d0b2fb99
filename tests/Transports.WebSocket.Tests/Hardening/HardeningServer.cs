using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocketIO.Engine;
using SocketIO.Transports.WebSocket.Tests.Support;

namespace SocketIO.Transports.WebSocket.Tests.Hardening;

/// <summary>
/// A real Kestrel server on 127.0.0.1 for the hostile-client tests: Socket.IO at /socket.io with Node's
/// default limits, and bare echo engines with small, known limits.
/// </summary>
public class HardeningServer : IAsyncLifetime
{
    /// <summary>maxHttpBufferSize of <see cref="EchoPath"/> and <see cref="HeartbeatPath"/>.</summary>
    public const int EchoMaxPayload = 100_000;

    /// <summary>MaxBufferedBytes of <see cref="EchoPath"/> and of the Socket.IO endpoint.</summary>
    public const int SendBudget = 1024 * 1024;

    /// <summary>MaxInvalidEventsPerMinute of the Socket.IO endpoint.</summary>
    public const int InvalidEventLimit = 20;

    /// <summary>A bare echo engine with <see cref="EchoMaxPayload"/> and <see cref="SendBudget"/>.</summary>
    public const string EchoPath = "/engine.io/";

    /// <summary>A bare echo engine with Node's defaults (maxHttpBufferSize 1e6).</summary>
    public const string DefaultsPath = "/engine-defaults/";

    /// <summary>A bare echo engine with a fast heartbeat: a ping every 300 ms, a pong due within 1 s.</summary>
    public const string HeartbeatPath = "/engine-heartbeat/";

    private WebApplication? _app;

    public Uri BaseUri { get; private set; } = null!;

    public SocketIOServer Io { get; private set; } = null!;

    public LogSink Logs { get; } = new();

    /// <summary>With the connection opt-in (<see cref="HandoffHardeningServer"/>): the WebSockets that took their connection over.</summary>
    public HandoffTracker? Handoffs { get; private set; }

    /// <summary>True to serve with <c>UseSocketIOConnections()</c>: WebSockets own their connection after the upgrade.</summary>
    protected virtual bool HandsOverConnections => false;

    /// <summary>Every engine session of every endpoint, by sid, while open.</summary>
    public ConcurrentDictionary<string, EngineSession> Sessions { get; } = new();

    /// <summary>Why each engine session closed, by sid.</summary>
    public ConcurrentDictionary<string, string> CloseReasons { get; } = new();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        if (HandsOverConnections)
            builder.WebHost.UseSocketIOConnections();
        builder.Logging.ClearProviders().AddProvider(Logs).SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddSocketIO(o =>
        {
            o.MaxBufferedBytes = SendBudget;
            o.MaxInvalidEventsPerMinute = InvalidEventLimit;
        });
        _app = builder.Build();
        if (HandsOverConnections)
            (Handoffs = new HandoffTracker()).Install(_app);
        _app.MapSocketIO("/socket.io", ConfigureSocketIO);
        _app.MapEngineIO(EchoPath, OnEngineConnection, o =>
        {
            o.MaxHttpBufferSize = EchoMaxPayload;
            o.MaxBufferedBytes = SendBudget;
        });
        _app.MapEngineIO(DefaultsPath, OnEngineConnection);
        _app.MapEngineIO(HeartbeatPath, OnEngineConnection, o =>
        {
            o.MaxHttpBufferSize = EchoMaxPayload;
            o.PingInterval = TimeSpan.FromMilliseconds(300);
            o.PingTimeout = TimeSpan.FromSeconds(1);
        });
        await _app.StartAsync().WaitAsync(Wait.Timeout);
        BaseUri = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Io = _app.Services.GetRequiredService<SocketIOServer>();
        Io.Engine.Connection += Track;
    }

    private void ConfigureSocketIO(SocketIOServer io) =>
        io.OnConnection(socket =>
        {
            // Re-emits what the client sent, raw and typed.
            socket.On("message", (SocketEvent e) => socket.Emit("message-back", e.Args));
            socket.On("message-with-ack", (SocketEvent e) => e.Ack(e.Args));
            socket.On("typed-string", (string text) => text);
            socket.On("typed-object", (Dictionary<string, object?> value) => value);
            socket.On("typed-record", (Note note) => note);
            // A handler that reads its argument itself: a client's wrong type throws JsonException here.
            socket.On("untyped-int", (SocketEvent e) => e.Ack(e.Args.Get<int>(0) + 1));
            socket.On("sum", (int a, int b) => a + b);
            socket.On("bug", (SocketEvent _) => throw new InvalidOperationException("a bug in the handler"));
        });

    /// <summary>A typed argument with a string inside.</summary>
    public sealed record Note(string Text, int Count);

    private void OnEngineConnection(EngineSession session)
    {
        Track(session);
        // Echo every message unchanged: text as text, binary as binary.
        session.MessageReceived += (s, packet) => s.Send(packet);
    }

    private void Track(EngineSession session)
    {
        Sessions[session.Id] = session;
        session.Closed += (s, reason) =>
        {
            CloseReasons[s.Id] = reason;
            Sessions.TryRemove(s.Id, out EngineSession? _);
        };
    }

    /// <summary>Waits until session <paramref name="sid"/> has closed and returns why.</summary>
    public async Task<string> ClosedAsync(string sid)
    {
        await Wait.UntilAsync(() => CloseReasons.ContainsKey(sid), $"session {sid} closes");
        return CloseReasons[sid];
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseUri, Timeout = Wait.Timeout };

    public async Task DisposeAsync()
    {
        if (_app is null)
            return;
        await _app.StopAsync().WaitAsync(Wait.Timeout);
        await _app.DisposeAsync().AsTask().WaitAsync(Wait.Timeout);
    }
}

/// <summary>The same server with the connection opt-in: every WebSocket upgrade must be handed over.</summary>
public sealed class HandoffHardeningServer : HardeningServer
{
    protected override bool HandsOverConnections => true;
}

/// <summary>The hardening tests share one <see cref="HardeningServer"/>; they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class HardeningCollection : ICollectionFixture<HardeningServer>
{
    public const string Name = "hardening";
}

/// <summary>The hardening tests run again on one <see cref="HandoffHardeningServer"/>.</summary>
[CollectionDefinition(Name)]
public sealed class HandoffHardeningCollection : ICollectionFixture<HandoffHardeningServer>
{
    public const string Name = "hardening with connection handoff";
}
