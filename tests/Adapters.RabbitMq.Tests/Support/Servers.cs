using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SocketIO.Adapters.RabbitMq.Tests.Support;

/// <summary>Servers in this process on a given adapter factory.</summary>
public static class Servers
{
    /// <summary>Creates a server with <paramref name="factory"/>, lets <paramref name="configure"/> add namespaces, and starts its adapters.</summary>
    public static async Task<SocketIOServer> StartAsync(IAdapterFactory factory, ILoggerFactory? logs = null, Action<SocketIOServer>? configure = null, Action<SocketIOOptions>? options = null)
    {
        var o = new SocketIOOptions();
        options?.Invoke(o);
        var server = new SocketIOServer(Options.Create(o), adapterFactory: factory, loggerFactory: logs);
        configure?.Invoke(server);
        await server.StartAsync().WaitAsync(Repo.Wait);
        return server;
    }

    /// <summary>Polls the server count of <paramref name="server"/>'s namespace <paramref name="nsp"/> until it is <paramref name="count"/>.</summary>
    public static Task WaitForServerCountAsync(SocketIOServer server, int count, string nsp = "/", TimeSpan? timeout = null)
    {
        return Poll.UntilAsync(async () => await server.Of(nsp).Adapter.ServerCountAsync().WaitAsync(Repo.Timeout) == count,
            timeout ?? Repo.Timeout + TimeSpan.FromSeconds(5), $"the server count of {nsp} is {count}", TimeSpan.FromMilliseconds(50));
    }
}
