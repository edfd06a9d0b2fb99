using Microsoft.Extensions.Hosting;

namespace SocketIO;

/// <summary>
/// Runs the server's lifecycle on the .NET generic host (with or without ASP.NET Core): on start it
/// creates the server and waits for every adapter to start; on stop it closes the server as Node's
/// <c>io.close()</c> does. <c>AddSocketIO</c> registers it.
/// </summary>
internal sealed class SocketIOHostedService(SocketIOServer server) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => server.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => server.CloseAsync().WaitAsync(cancellationToken);
}
