using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocketIO.Parsers.MessagePack;
using SocketIO.Transports.WebSocket.Tests.Support;

namespace SocketIO.Transports.WebSocket.Tests.Interop;

/// <summary>
/// Connection state recovery with the official socket.io-client (docs/recovery.md): a network blip cuts the TCP
/// connection under the client's WebSocket; events broadcast to its room and sent to its id while it is away
/// reach it when it comes back, exactly once and in order, with <c>socket.recovered</c> true.
/// </summary>
public class RecoveryInteropTests : IAsyncLifetime
{
    private WebApplication? _default;
    private WebApplication? _msgpack;
    private JsClient _client = null!;
    private readonly LogSink _logs = new();
    private readonly HandoffTracker _handoffs = new();

    /// <summary>True to serve with <c>UseSocketIOConnections()</c> (<see cref="Handoff.HandoffRecoveryInteropTests"/>).</summary>
    protected virtual bool HandsOverConnections => false;

    public async Task InitializeAsync()
    {
        _default = await StartAsync(msgpack: false);
        _msgpack = await StartAsync(msgpack: true);
        _client = await JsClient.StartAsync();
    }

    private async Task<WebApplication> StartAsync(bool msgpack)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        if (HandsOverConnections)
            builder.WebHost.UseSocketIOConnections();
        builder.Logging.ClearProviders().AddProvider(_logs).SetMinimumLevel(LogLevel.Debug);
        var socketIO = builder.Services.AddSocketIO(o => o.ConnectionStateRecovery = new ConnectionStateRecoveryOptions());
        if (msgpack)
            socketIO.AddMessagePackParser();
        var app = builder.Build();
        if (HandsOverConnections)
            _handoffs.Install(app);
        app.MapSocketIO("/socket.io", io => io.OnConnection(socket =>
        {
            socket.On("join", (string room) =>
            {
                socket.Join(room);
                return true;
            });
            socket.On("set", (string value) =>
            {
                socket.Data["value"] = value;
                return true;
            });
            socket.On("whoami", () => new { id = socket.Id, recovered = socket.Recovered, rooms = socket.Rooms.Order(StringComparer.Ordinal).ToArray(), value = socket.Data.TryGetValue("value", out var v) ? v : null });
        }));
        await app.StartAsync().WaitAsync(Wait.Timeout);
        return app;
    }

    private static Uri BaseOf(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    private static SocketIOServer IoOf(WebApplication app) => app.Services.GetRequiredService<SocketIOServer>();

    public async Task DisposeAsync()
    {
        if (HandsOverConnections)
        {
            await _handoffs.AssertEveryUpgradeWasHandedOverAsync();
            Assert.True(_handoffs.HandedOver > 0, "the WebSockets took their connections over");
        }
        await _client.DisposeAsync();
        foreach (var app in new[] { _default, _msgpack })
        {
            if (app is null)
                continue;
            await app.StopAsync().WaitAsync(Wait.Timeout);
            await app.DisposeAsync().AsTask().WaitAsync(Wait.Timeout);
        }
    }

    /// <summary>The client reconnects by itself, after a delay long enough for the server to see the blip and broadcast meanwhile.</summary>
    private static JsConnectOptions Options(string? parser) => new()
    {
        Transports = ["websocket"],
        Parser = parser,
        ReconnectionDelay = 1500,
        ReconnectionDelayMax = 1500,
        Extra = { ["randomizationFactor"] = 0 },
    };

    /// <summary>The event's arguments without the offset the server appended (the client's listeners see it as the last one).</summary>
    private static string[] Payload(JsEvent e) => [.. e.Args[..^1].Select(a => a.GetRawText())];

    [Theory]
    [InlineData(null)]
    [InlineData("msgpack")]
    public async Task A_client_cut_off_by_a_network_blip_gets_exactly_the_missed_events_in_order(string? parser)
    {
        var app = parser is null ? _default! : _msgpack!;
        var io = IoOf(app);
        var url = BaseOf(app).ToString().TrimEnd('/') + "/";
        var name = "blip-" + (parser ?? "json");
        var id = await _client.ConnectOrFailAsync(name, url, Options(parser));
        await _client.EmitWithAckAsync(name, "join", ["news"]);
        await _client.EmitWithAckAsync(name, "set", ["kept"]);
        io.To("news").Emit("before", 0);
        var before = await _client.WaitForEventAsync(name, "before");
        Assert.Equal(JsonValueKind.String, before.Args[^1].ValueKind);

        await _client.KillTransportAsync(name);
        await Wait.UntilAsync(() => !io.Sockets.Sockets.ContainsKey(id), "the server saw the blip");
        io.To("news").Emit("missed", 1, new { text = "é" });
        io.To(id).Emit("direct", 2);
        io.To("sports").Emit("not-mine", 3);
        io.Emit("binary", new byte[] { 1, 2, 3 });
        io.Except("news").Emit("not-mine", 4);

        var reconnected = await _client.WaitForEventAsync(name, "connect", TimeSpan.FromSeconds(20));
        Assert.True(reconnected.Args[0].GetProperty("recovered").GetBoolean(), "socket.recovered");
        Assert.Equal(id, reconnected.Args[0].GetProperty("id").GetString());
        io.To("news").Emit("after", 5);
        await _client.WaitForEventAsync(name, "after");

        var events = _client.Events(name).Where(e => !e.Reserved).ToList();
        Assert.Equal(["before", "missed", "direct", "binary", "after"], events.Select(e => e.Name));
        Assert.Equal(["1", "{\"text\":\"é\"}"], Payload(events[1]));
        Assert.Equal(["2"], Payload(events[2]));
        Assert.Equal(["{\"$bin\":\"AQID\"}"], Payload(events[3]));
        var whoami = await _client.EmitWithAckAsync(name, "whoami", []);
        Assert.Equal(id, whoami.GetProperty("id").GetString());
        Assert.True(whoami.GetProperty("recovered").GetBoolean());
        Assert.Equal("kept", whoami.GetProperty("value").GetString());
        Assert.Equal(new[] { id, "news" }.Order(StringComparer.Ordinal), whoami.GetProperty("rooms").EnumerateArray().Select(r => r.GetString()));
        await _client.CloseAsync(name);
    }

    [Fact]
    public async Task A_client_that_received_no_event_before_the_blip_still_recovers()
    {
        var io = IoOf(_default!);
        var url = BaseOf(_default!).ToString().TrimEnd('/') + "/";
        var id = await _client.ConnectOrFailAsync("quiet", url, Options(null));

        await _client.KillTransportAsync("quiet");
        await Wait.UntilAsync(() => !io.Sockets.Sockets.ContainsKey(id), "the server saw the blip");
        io.To(id).Emit("first", 1);

        var reconnected = await _client.WaitForEventAsync("quiet", "connect", TimeSpan.FromSeconds(20));
        Assert.True(reconnected.Args[0].GetProperty("recovered").GetBoolean(), "socket.recovered");
        var first = await _client.WaitForEventAsync("quiet", "first");
        Assert.Equal(["1"], Payload(first));
        await _client.CloseAsync("quiet");
    }
}
