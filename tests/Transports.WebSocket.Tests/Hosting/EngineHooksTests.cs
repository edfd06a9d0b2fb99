using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocketIO.Engine;
using SocketIO.Transports.WebSocket.Tests.Support;

namespace SocketIO.Transports.WebSocket.Tests.Hosting;

/// <summary>Node engine.io's hooks on the ASP.NET Core endpoint: initial_headers, headers, connection_error; and the start-up log line.</summary>
public class EngineHooksTests : IAsyncLifetime
{
    private readonly LogSink _logs = new();
    private WebApplication _app = null!;
    private Uri _address = null!;
    private HandoffTracker? _handoffs;

    /// <summary>True to serve with <c>UseSocketIOConnections()</c> (<see cref="Handoff.HandoffEngineHooksTests"/>).</summary>
    protected virtual bool HandsOverConnections => false;

    public EngineServer Engine => _app.Services.GetRequiredService<SocketIOServer>().Engine;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        if (HandsOverConnections)
            builder.WebHost.UseSocketIOConnections();
        builder.Logging.ClearProviders().AddProvider(_logs).SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddSocketIO();
        _app = builder.Build();
        if (HandsOverConnections)
            (_handoffs = new HandoffTracker()).Install(_app);
        _app.MapSocketIO("/socket.io");
        await _app.StartAsync().WaitAsync(Wait.Timeout);
        _address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync()
    {
        if (_handoffs is not null)
            await _handoffs.AssertEveryUpgradeWasHandedOverAsync();
        await _app.StopAsync().WaitAsync(Wait.Timeout);
        await _app.DisposeAsync().AsTask().WaitAsync(Wait.Timeout);
    }

    private HttpClient Http() => new() { BaseAddress = _address, Timeout = Wait.Timeout };

    [Fact]
    public async Task Initial_headers_go_on_the_handshake_and_headers_on_every_polling_response()
    {
        Engine.InitialHeaders += (headers, request) => headers["X-Initial"] = request.Query["transport"];
        Engine.Headers += (headers, request) => headers["X-Every"] = request.Query.ContainsKey("sid") ? "session" : "handshake";
        using var http = Http();

        using var handshake = await http.GetAsync("/socket.io/?EIO=4&transport=polling").WaitAsync(Wait.Timeout);
        var body = await handshake.Content.ReadAsStringAsync().WaitAsync(Wait.Timeout);
        var sid = System.Text.Json.JsonDocument.Parse(body[1..]).RootElement.GetProperty("sid").GetString();
        using var post = await http.PostAsync($"/socket.io/?EIO=4&transport=polling&sid={sid}", new StringContent("40")).WaitAsync(Wait.Timeout);

        Assert.Equal(["polling"], handshake.Headers.GetValues("X-Initial"));
        Assert.Equal(["handshake"], handshake.Headers.GetValues("X-Every"));
        Assert.False(post.Headers.Contains("X-Initial"));
        Assert.Equal(["session"], post.Headers.GetValues("X-Every"));
    }

    [Fact]
    public async Task The_handshake_keeps_headers_by_lower_case_name_and_a_copy_of_the_connection_feature()
    {
        var requests = new ConcurrentQueue<HandshakeRequest>();
        Engine.InitialHeaders += (_, request) => requests.Enqueue(request);
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("User-Agent", "hooks-test/1");
        socket.Options.SetRequestHeader("X-Custom-Thing", "value");

        await socket.ConnectAsync(new Uri($"ws://{_address.Authority}/socket.io/?EIO=4&transport=websocket"), CancellationToken.None).WaitAsync(Wait.Timeout);

        var request = Assert.Single(requests);
        Assert.Equal("hooks-test/1", request.Headers["user-agent"]);
        Assert.Equal("value", request.Headers["x-custom-thing"]);
        Assert.Equal(_address.Authority, request.Headers["host"]);
        Assert.All(request.Headers.Keys, name => Assert.Equal(name.ToLowerInvariant(), name));
        var (type, copy) = Assert.Single(request.Features);
        Assert.Equal(typeof(Microsoft.AspNetCore.Http.Features.IHttpConnectionFeature), type);
        Assert.True(request.Features.TryGetValue(type, out var found));
        Assert.Same(copy, found);
        Assert.NotEqual(0, Assert.IsAssignableFrom<Microsoft.AspNetCore.Http.Features.IHttpConnectionFeature>(copy).RemotePort);
    }

    [Fact]
    public async Task Initial_headers_go_on_the_websocket_handshake_response()
    {
        Engine.InitialHeaders += (headers, _) => headers["X-Initial"] = "ws";
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        await socket.ConnectAsync(new Uri($"ws://{_address.Authority}/socket.io/?EIO=4&transport=websocket"), CancellationToken.None).WaitAsync(Wait.Timeout);

        Assert.Equal(["ws"], socket.HttpResponseHeaders!["X-Initial"]);
        socket.Abort();
    }

    [Fact]
    public async Task Connection_error_reports_every_refused_request_with_code_message_and_request()
    {
        var errors = new ConcurrentQueue<EngineConnectionError>();
        Engine.ConnectionError += errors.Enqueue;
        using var http = Http();

        using var unknownTransport = await http.GetAsync("/socket.io/?EIO=4&transport=carrier-pigeon").WaitAsync(Wait.Timeout);
        using var unknownSid = await http.GetAsync("/socket.io/?EIO=4&transport=polling&sid=nope").WaitAsync(Wait.Timeout);

        Assert.Collection(
            errors,
            e =>
            {
                Assert.Equal((EngineError.UnknownTransport, "Transport unknown"), (e.Code, e.Message));
                Assert.Equal("carrier-pigeon", e.Request.Query["transport"]);
                Assert.Equal("127.0.0.1", e.Request.Address);
            },
            e => Assert.Equal((EngineError.UnknownSid, "Session ID unknown", "/socket.io/?EIO=4&transport=polling&sid=nope"), (e.Code, e.Message, e.Request.Url)));
    }

    [Fact]
    public void Start_is_logged_at_information_with_the_endpoint_and_transports()
    {
        var expected = $"Information: Socket.IO server listening on {_address.ToString().TrimEnd('/')}/socket.io (transports: polling, websocket)";

        Assert.Contains(expected, _logs.Lines);
    }
}
