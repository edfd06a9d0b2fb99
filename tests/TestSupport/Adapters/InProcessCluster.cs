using Microsoft.Extensions.Options;
using SocketIO.Adapters;

namespace SocketIO.TestSupport;

/// <summary>Several <see cref="SocketIOServer"/>s in one process, each with its own adapter of one cluster.</summary>
public sealed class InProcessCluster : IAsyncDisposable
{
    private readonly SocketIOServer[] _servers;

    private InProcessCluster(SocketIOServer[] servers) => _servers = servers;

    /// <summary>How long a test waits for anything.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    /// <summary>The number of servers.</summary>
    public int Count => _servers.Length;

    /// <summary>Server <paramref name="node"/> (modulo the count, so a single-node adapter runs the same tests).</summary>
    public SocketIOServer this[int node] => _servers[node % _servers.Length];

    /// <summary>
    /// Starts <paramref name="count"/> servers, configures each with <paramref name="configure"/>, starts their
    /// adapters, and waits until each counts the whole cluster.
    /// </summary>
    public static async Task<InProcessCluster> StartAsync(int count, Func<int, IAdapterFactory> adapters, Action<int, SocketIOServer>? configure = null, Action<SocketIOOptions>? options = null)
    {
        var servers = new SocketIOServer[count];
        for (var i = 0; i < count; i++)
        {
            var o = new SocketIOOptions();
            options?.Invoke(o);
            servers[i] = new SocketIOServer(Options.Create(o), adapterFactory: adapters(i));
            configure?.Invoke(i, servers[i]);
        }
        var cluster = new InProcessCluster(servers);
        foreach (var server in servers)
            await server.StartAsync().WaitAsync(Wait);
        await cluster.UntilAsync(async () =>
        {
            foreach (var server in servers)
                foreach (var nsp in server.Namespaces.Values)
                    if (await nsp.Adapter.ServerCountAsync().WaitAsync(Wait) != count)
                        return false;
            return true;
        }, "every node counts the whole cluster");
        return cluster;
    }

    /// <summary>Opens a client on <paramref name="node"/> and connects it to <paramref name="nsp"/>; returns it and its socket id.</summary>
    public async Task<(TestClient Client, string Id)> ConnectAsync(int node, string nsp = "/", string? auth = null)
    {
        var client = await TestClient.OpenAsync(this[node]);
        var id = await client.ConnectAsync(nsp, auth);
        return (client, id);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, failing after <see cref="Wait"/>.</summary>
    public async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"timed out waiting until {what}");
            await Task.Delay(20);
        }
    }

    /// <summary>Polls a synchronous condition; see <see cref="UntilAsync(Func{Task{bool}}, string)"/>.</summary>
    public Task UntilAsync(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
            await server.CloseAsync().WaitAsync(Wait);
    }
}
