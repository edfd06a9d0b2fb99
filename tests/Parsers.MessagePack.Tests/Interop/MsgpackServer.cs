using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SocketIO.Parsers.MessagePack.Tests.Interop;

/// <summary>
/// Real Kestrel on 127.0.0.1 with a free port, serving Socket.IO at /socket.io with the msgpack
/// parser, polling and WebSocket with upgrade. The handlers are in <see cref="InteropNamespaces"/>.
/// </summary>
public sealed class MsgpackServer : IAsyncLifetime
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>maxHttpBufferSize: room for a 1 MiB hostile packet even as b+base64 in a POST.</summary>
    public const int MaxPayload = 2_000_000;

    private WebApplication? _app;

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Every log line of the server.</summary>
    public LogSink Logs { get; } = new();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().AddProvider(Logs).SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddSocketIO(o =>
        {
            o.ConnectTimeout = TimeSpan.FromSeconds(5);
            o.MaxHttpBufferSize = MaxPayload;
        }).AddMessagePackParser();
        _app = builder.Build();
        _app.MapSocketIO("/socket.io", InteropNamespaces.Configure);
        await _app.StartAsync().WaitAsync(Timeout);
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseUri = new Uri(addresses.Addresses.First());
    }

    public async Task DisposeAsync()
    {
        if (_app is null)
            return;
        await _app.StopAsync().WaitAsync(Timeout);
        await _app.DisposeAsync().AsTask().WaitAsync(Timeout);
    }
}
