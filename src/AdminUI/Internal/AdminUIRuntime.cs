using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace SocketIO.AdminUI.Internal;

/// <summary>
/// What <c>AddAdminUI</c> registers: the server setup that instruments the server when it is created, and the
/// hosted service that starts the stats once the server (and its adapters) started, and stops them first on shutdown.
/// </summary>
internal sealed class AdminUIRuntime(IOptions<AdminUIOptions> options, IAdminUISessionStore store, IServiceProvider services)
    : ISocketIOServerSetup, IHostedService, IAsyncDisposable
{
    private AdminInstrumentation? _instrumentation;

    public void Configure(SocketIOServer server)
    {
        if (_instrumentation is not null)
            return;
        var loggers = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        _instrumentation = new AdminInstrumentation(server, options.Value, store, loggers.CreateLogger("SocketIO.AdminUI"));
        _instrumentation.Attach();
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The server is created when it is first resolved; the setup above runs then.
        services.GetRequiredService<SocketIOServer>();
        _instrumentation?.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _instrumentation?.Stop();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _instrumentation?.Stop();
        return ValueTask.CompletedTask;
    }
}
