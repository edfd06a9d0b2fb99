using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocketIO.Transports.WebSocket.Tests.Support;

namespace SocketIO.Transports.WebSocket.Tests.Hosting;

/// <summary>How the endpoints plug into an ASP.NET Core application.</summary>
public sealed class HostingTests
{
    private static WebApplication Build(Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        services?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>Disposes a test app within the test timeout, so that a stuck shutdown fails the test instead of hanging it.</summary>
    private static Task DisposeAsync(WebApplication app) => app.DisposeAsync().AsTask().WaitAsync(Wait.Timeout);

    private static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    [Fact]
    public async Task MapSocketIO_without_AddSocketIO_says_what_is_missing()
    {
        var app = Build();
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => app.MapSocketIO());

            Assert.Contains("AddSocketIO", error.Message);
        }
        finally
        {
            await DisposeAsync(app);
        }
    }

    [Fact]
    public async Task Stopping_the_host_closes_open_websockets_and_held_polls_promptly()
    {
        var app = Build(s => s.AddSocketIO());
        try
        {
            app.MapSocketIO();
            await app.StartAsync().WaitAsync(Wait.Timeout);
            var address = Address(app);
            await using var socket = await RawWebSocket.ConnectAsync(address, "/socket.io/?EIO=4&transport=websocket");
            await socket.ReceiveTextAsync();
            using var http = new HttpClient { BaseAddress = address, Timeout = Wait.Timeout };
            var (client, _) = await PollingClient.HandshakeAsync(http, "/socket.io/");
            var poll = client.GetAsync();
            var server = app.Services.GetRequiredService<SocketIOServer>();
            await Wait.ForHeldPollAsync(server.Engine.TryGetSession(client.Sid, out var session) ? session : null);

            await app.StopAsync().WaitAsync(Wait.Timeout);

            Assert.Equal(WebSocketMessageType.Close, (await socket.ReceiveAsync()).Type);
            Assert.Equal("1", await poll);
        }
        finally
        {
            await DisposeAsync(app);
        }
    }

    [Fact]
    public async Task Endpoint_conventions_apply_to_the_engine_endpoint()
    {
        var app = Build(s => s.AddSocketIO());
        try
        {
            var seen = new List<string>();
            app.MapSocketIO("/realtime").Add(endpoint => seen.Add(endpoint.DisplayName ?? ""));
            await app.StartAsync().WaitAsync(Wait.Timeout);
            using var http = new HttpClient { BaseAddress = Address(app), Timeout = Wait.Timeout };

            using var response = await http.GetAsync("/realtime/?EIO=4&transport=polling").WaitAsync(Wait.Timeout);

            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(["Socket.IO /realtime"], seen);
            await app.StopAsync().WaitAsync(Wait.Timeout);
        }
        finally
        {
            await DisposeAsync(app);
        }
    }
}
