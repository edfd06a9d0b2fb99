using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SocketIO.Transports.Tcp.Tests.Support;

namespace SocketIO.Transports.Tcp.Tests.Hosting;

/// <summary>The TCP transport on the .NET generic host alone: no ASP.NET Core, no HTTP.</summary>
public sealed class GenericHostTests
{
    private sealed record Running(IHost Host, SocketIOServer Io, IPEndPoint EndPoint, LogSink Logs) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Host.StopAsync().WaitAsync(Wait.Timeout);
            Host.Dispose();
        }
    }

    private static async Task<Running> StartAsync(Action<SocketIOOptions>? configure = null, Action<SocketIOServer>? setup = null)
    {
        var logs = new LogSink();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        builder.Services
            .AddSocketIO(o => configure?.Invoke(o))
            .Configure(io =>
            {
                io.OnConnection(socket => socket.On("echo", (SocketEvent e) => e.Ack(e.Args)));
                setup?.Invoke(io);
            })
            .AddTcpTransport(o => o.Listen(IPAddress.Loopback, 0));
        var host = builder.Build();
        await host.StartAsync().WaitAsync(Wait.Timeout);
        var transport = host.Services.GetRequiredService<TcpTransportService>();
        return new Running(host, host.Services.GetRequiredService<SocketIOServer>(), transport.EndPoints.Single(), logs);
    }

    [Fact]
    public void The_tcp_transport_does_not_reference_asp_net_core()
    {
        var references = typeof(TcpTransportService).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(references, name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.Contains("SocketIO.Core", references);
    }

    [Fact]
    public async Task Generic_host_without_asp_net_serves_tcp_devices()
    {
        await using var running = await StartAsync();
        var (client, open) = await RawTcpClient.OpenAsync(running.EndPoint);
        await using var _ = client;

        await client.SendTextAsync("40{\"token\":\"t\"}");
        Assert.StartsWith("40{\"sid\":", await client.ReceiveTextAsync());
        await client.SendTextAsync("425[\"echo\",{\"temp\":21.5}]");

        Assert.Equal("435[{\"temp\":21.5}]", await client.ReceiveTextAsync());
        Assert.Equal(1, running.Io.ClientsCount);
        Assert.Contains("tcp", running.Io.Engine.RegisteredTransports);
    }

    [Fact]
    public async Task Stopping_the_host_ends_device_connections_with_server_shutting_down()
    {
        var reason = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = await StartAsync(setup: io => io.OnConnection(s => s.On("disconnect", (string r) => reason.TrySetResult(r))));
        var (client, _) = await RawTcpClient.OpenAsync(running.EndPoint);
        await using var __ = client;
        await client.SendTextAsync("40");
        Assert.StartsWith("40{", await client.ReceiveTextAsync());

        await running.DisposeAsync();

        await client.ExpectClosedAsync();
        Assert.Equal("server shutting down", await reason.Task.WaitAsync(Wait.Timeout));
    }

    [Fact]
    public async Task Server_ping_timeout_ends_a_device_that_went_silent()
    {
        var reason = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var running = await StartAsync(
            o =>
            {
                o.PingInterval = TimeSpan.FromMilliseconds(1000);
                o.PingTimeout = TimeSpan.FromMilliseconds(300);
            },
            io => io.OnConnection(s => s.On("disconnect", (string r) => reason.TrySetResult(r))));

        var result = await NodeClient.RunAsync(new { heartbeat = running.EndPoint.ToString(), parser = "json" }, "ping-timeout");

        Assert.Equal("ping timeout", await reason.Task.WaitAsync(Wait.Timeout));
        // The client learns it when the server ends the stream, before its own (longer) timer fires.
        Assert.Equal("transport close", result.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Listing_a_transport_that_is_not_attached_fails_the_start_naming_it()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSocketIO(o => o.Transports = ["tcp", "polling"]).AddTcpTransport(o => o.Listen(IPAddress.Loopback, 0));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync().WaitAsync(Wait.Timeout));

        Assert.Contains("'polling'", error.Message);
        Assert.DoesNotContain("'tcp'", error.Message);
    }

    [Fact]
    public async Task Missing_endpoint_fails_the_start_with_the_setting_named()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSocketIO().AddTcpTransport(_ => { });
        using var host = builder.Build();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync().WaitAsync(Wait.Timeout));

        Assert.Contains("Endpoints", error.Message);
    }
}
