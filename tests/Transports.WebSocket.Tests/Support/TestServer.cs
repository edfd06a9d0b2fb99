using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocketIO.Engine;

namespace SocketIO.Transports.WebSocket.Tests.Support;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with a free port, hosting the Socket.IO test namespaces at
/// /socket.io (CORS any origin, cookie, allowRequest) and an echoing bare engine at /engine.io.
/// </summary>
public class TestServer : IAsyncLifetime
{
    /// <summary>maxHttpBufferSize of both endpoints.</summary>
    public const int MaxPayload = 100_000;

    /// <summary>Heartbeat of the bare engine at /engine.io, long enough that no ping slips into a test's exchange.</summary>
    public static readonly TimeSpan EnginePingInterval = TimeSpan.FromSeconds(20);

    /// <summary>Pong wait of the bare engine at /engine.io.</summary>
    public static readonly TimeSpan EnginePingTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A second bare echo engine with the conformance suite's fast heartbeat (300 ms / 200 ms).</summary>
    public const string HeartbeatPath = "/engine-heartbeat/";

    /// <summary>A bare echo engine with only the polling transport enabled.</summary>
    public const string PollingOnlyPath = "/engine-polling-only/";

    /// <summary>A bare echo engine with only the WebSocket transport enabled.</summary>
    public const string WebSocketOnlyPath = "/engine-websocket-only/";

    /// <summary>A bare echo engine with both transports but AllowUpgrades off.</summary>
    public const string NoUpgradesPath = "/engine-no-upgrades/";

    /// <summary>A bare echo engine whose upgrades time out after <see cref="ShortUpgradeTimeout"/>.</summary>
    public const string ShortUpgradePath = "/engine-short-upgrade/";

    /// <summary>A bare echo engine whose CORS allows <see cref="CredentialedOrigin"/> with credentials.</summary>
    public const string CredentialsCorsPath = "/engine-cors-credentials/";

    /// <summary>The one origin <see cref="CredentialsCorsPath"/> allows.</summary>
    public const string CredentialedOrigin = "https://app.example";

    /// <summary>UpgradeTimeout of <see cref="ShortUpgradePath"/>.</summary>
    public static readonly TimeSpan ShortUpgradeTimeout = TimeSpan.FromMilliseconds(300);

    private WebApplication? _app;

    public Uri BaseUri { get; private set; } = null!;

    public SocketIOServer Io { get; private set; } = null!;

    public LogSink Logs { get; } = new();

    /// <summary>With the connection opt-in (<see cref="HandoffTestServer"/>): the WebSockets that took their connection over.</summary>
    public HandoffTracker? Handoffs { get; private set; }

    /// <summary>True to serve with <c>UseSocketIOConnections()</c>: WebSockets own their connection after the upgrade.</summary>
    protected virtual bool HandsOverConnections => false;

    /// <summary>Server-side disconnect reasons by socket id.</summary>
    public ConcurrentDictionary<string, string> Disconnects { get; } = new();

    /// <summary>Sessions opened on the bare engine.</summary>
    public ConcurrentDictionary<string, EngineSession> EngineSessions { get; } = new();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        if (HandsOverConnections)
            builder.WebHost.UseSocketIOConnections();
        builder.Logging.ClearProviders().AddProvider(Logs).SetMinimumLevel(LogLevel.Debug);
        builder.Services
            .AddSocketIO(o =>
            {
                o.MaxHttpBufferSize = MaxPayload;
                o.ConnectTimeout = TimeSpan.FromSeconds(5);
            })
            .ConfigureHttpTransport(t =>
            {
                t.Cors = new SocketIOCorsOptions { AllowAnyOrigin = true };
                t.Cookie = new SocketIOCookieOptions();
                t.AllowRequest = context => ValueTask.FromResult(context.Request.Query["deny"] == "1" ? "denied by test" : null);
            });
        _app = builder.Build();
        if (HandsOverConnections)
            (Handoffs = new HandoffTracker()).Install(_app);
        _app.MapSocketIO("/socket.io", io => TestNamespaces.Configure(io, this));
        _app.MapEngineIO("/engine.io", OnEngineConnection, o =>
        {
            o.MaxHttpBufferSize = MaxPayload;
            o.PingInterval = EnginePingInterval;
            o.PingTimeout = EnginePingTimeout;
        });
        _app.MapEngineIO(HeartbeatPath, OnEngineConnection, o =>
        {
            o.PingInterval = TimeSpan.FromMilliseconds(300);
            o.PingTimeout = TimeSpan.FromMilliseconds(200);
        });
        MapEcho(PollingOnlyPath, o => o.Transports = ["polling"]);
        MapEcho(WebSocketOnlyPath, o => o.Transports = ["websocket"]);
        MapEcho(NoUpgradesPath, o => o.AllowUpgrades = false);
        MapEcho(ShortUpgradePath, o => o.UpgradeTimeout = ShortUpgradeTimeout);
        MapEcho(CredentialsCorsPath, _ => { }, t => t.Cors = new SocketIOCorsOptions { AllowedOrigins = [CredentialedOrigin], AllowCredentials = true });
        await _app.StartAsync().WaitAsync(Wait.Timeout);
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseUri = new Uri(addresses.Addresses.First());
        Io = _app.Services.GetRequiredService<SocketIOServer>();
    }

    /// <summary>Waits until no session is open on any endpoint (after a test's clients are gone).</summary>
    public Task UntilNoSessionsAsync() =>
        Wait.UntilAsync(() => Io.Engine.ClientsCount == 0 && EngineSessions.IsEmpty, "every session is closed");

    /// <summary>Maps another bare echo engine with the slow heartbeat of /engine.io and <paramref name="configure"/> on top.</summary>
    private void MapEcho(string path, Action<EngineOptions> configure, Action<SocketIOTransportOptions>? configureTransport = null) =>
        _app!.MapEngineIO(
            path,
            OnEngineConnection,
            o =>
            {
                o.PingInterval = EnginePingInterval;
                o.PingTimeout = EnginePingTimeout;
                configure(o);
            },
            configureTransport);

    private void OnEngineConnection(EngineSession session)
    {
        EngineSessions[session.Id] = session;
        session.Closed += (s, _) => EngineSessions.TryRemove(s.Id, out EngineSession? _);
        // Echo every message unchanged: text as text, binary as binary.
        session.MessageReceived += (s, packet) => s.Send(packet);
    }

    /// <summary>Waits until the polling session <paramref name="sid"/> holds a GET, so a test can act on a held poll.</summary>
    public Task WaitForHeldPollAsync(string sid) =>
        Wait.ForHeldPollAsync(EngineSessions.TryGetValue(sid, out var session) ? session : Io.Engine.TryGetSession(sid, out var s) ? s : null);

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
public sealed class HandoffTestServer : TestServer
{
    protected override bool HandsOverConnections => true;
}
