using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SocketIO.Adapters;
using SocketIO.Engine;
using SocketIO.Tests.Support;

namespace SocketIO.Tests.Hosting;

/// <summary>The server's lifecycle: adapters started and awaited, io.close() semantics, and the generic host.</summary>
public class LifecycleTests
{
    private sealed class GatedAdapter(IAdapterHost host, Task started) : InMemoryAdapter(host)
    {
        public bool Disposed { get; private set; }

        public override Task InitAsync(CancellationToken cancellationToken = default) => started;

        public override ValueTask DisposeAsync()
        {
            Disposed = true;
            return base.DisposeAsync();
        }
    }

    private sealed class GatedFactory(Task started) : IAdapterFactory
    {
        public List<GatedAdapter> Created { get; } = [];

        public Adapter Create(IAdapterHost host)
        {
            var adapter = new GatedAdapter(host, started);
            lock (Created)
                Created.Add(adapter);
            return adapter;
        }
    }

    [Fact]
    public async Task StartAsync_completes_only_when_every_adapter_has_started()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var io = ServerFactory.Create(adapterFactory: new GatedFactory(gate.Task));
        io.Of("/orders");
        var start = io.StartAsync();
        Assert.False(start.IsCompleted);
        gate.SetResult();
        await start.WaitAsync(TestTransport.Wait);
    }

    [Fact]
    public async Task A_failed_adapter_start_fails_StartAsync_with_the_namespace_named()
    {
        var io = ServerFactory.Create(adapterFactory: new GatedFactory(Task.FromException(new InvalidOperationException("broker unreachable"))));
        var error = await Assert.ThrowsAsync<AdapterException>(() => io.StartAsync().WaitAsync(TestTransport.Wait));
        Assert.Contains("namespace /", error.Message);
        Assert.Contains("broker unreachable", error.Message);
    }

    [Fact]
    public async Task A_socket_joins_a_new_namespace_only_after_its_adapter_has_started()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var io = ServerFactory.Create(adapterFactory: new GatedFactory(gate.Task));
        io.Of(new System.Text.RegularExpressions.Regex("^/dyn-\\d+$"));
        var client = await TestClient.OpenAsync(io);
        var connect = client.ConnectAsync("/dyn-1");
        // The CONNECT is pending while the child's adapter starts: nothing but the open packet was written.
        Assert.False(connect.IsCompleted);
        Assert.Empty(io.Of("/dyn-1").Sockets);
        gate.SetResult();
        await connect.WaitAsync(TestTransport.Wait);
        Assert.Single(io.Of("/dyn-1").Sockets);
    }

    [Fact]
    public async Task CloseAsync_refuses_new_sessions_disconnects_sockets_and_closes_adapters()
    {
        var factory = new GatedFactory(Task.CompletedTask);
        var io = ServerFactory.Create(adapterFactory: factory);
        string? reason = null;
        io.OnConnection(s => s.On("disconnect", (string r) => reason = r));
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync();

        await io.CloseAsync().WaitAsync(TestTransport.Wait);

        Assert.True(io.IsClosed);
        Assert.True(io.Engine.IsClosed);
        Assert.Equal("server shutting down", reason);
        Assert.Equal(CloseReason.ForcedClose, await client.ClosedAsync);
        Assert.All(factory.Created, a => Assert.True(a.Disposed));
        Assert.Throws<InvalidOperationException>(() => io.Engine.Open(new TestTransport(), new HandshakeRequest()));
        // A second close is a no-op.
        await io.CloseAsync().WaitAsync(TestTransport.Wait);
    }

    [Fact]
    public async Task The_generic_host_configures_namespaces_from_DI_starts_adapters_and_closes_on_stop()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var factory = new GatedFactory(gate.Task);
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSocketIO()
            .Configure(io => io.Of("/devices").OnConnection(s => s.Emit("hello")))
            .Services.AddSingleton<IAdapterFactory>(factory);
        using var host = builder.Build();

        var start = host.StartAsync();
        Assert.False(start.IsCompleted);
        gate.SetResult();
        await start.WaitAsync(TestTransport.Wait);

        var io = host.Services.GetRequiredService<SocketIOServer>();
        Assert.True(io.Namespaces.ContainsKey("/devices"));
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync("/devices");
        Assert.Equal("42/devices,[\"hello\"]", await client.NextAsync());

        await host.StopAsync().WaitAsync(TestTransport.Wait);
        Assert.True(io.IsClosed);
        Assert.Equal(CloseReason.ForcedClose, await client.ClosedAsync);
    }
}
