using Microsoft.Extensions.DependencyInjection;
using SocketIO.Tests.Support;

namespace SocketIO.Tests.Server;

/// <summary>Scoped services in middleware and handlers: one scope per connection (Socket.Services), one per event (handler parameters).</summary>
public class DependencyInjectionTests
{
    /// <summary>A scoped service that numbers its instances and records its disposal.</summary>
    public sealed class Tracker : IDisposable
    {
        private static int _next;

        public int Number { get; } = Interlocked.Increment(ref _next);

        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    /// <summary>A singleton the handlers also take, to show that parameters mix services and event arguments.</summary>
    public sealed class Greeter
    {
        public string Greet(string name) => "hello " + name;
    }

    private static (SocketIOServer Io, ServiceProvider Services) Create()
    {
        var services = new ServiceCollection();
        services.AddSocketIO();
        services.AddScoped<Tracker>();
        services.AddSingleton<Greeter>();
        var provider = services.BuildServiceProvider();
        return (provider.GetRequiredService<SocketIOServer>(), provider);
    }

    [Fact]
    public async Task Handler_parameters_resolve_services_from_a_scope_per_event_disposed_after_the_handler()
    {
        var (io, provider) = Create();
        await using var _ = provider;
        var seen = new List<Tracker>();
        io.OnConnection(s => s.On("greet", async (string name, Greeter greeter, Tracker tracker, Tracker same) =>
        {
            Assert.Same(tracker, same);
            await Task.Yield();
            lock (seen)
                seen.Add(tracker);
            return greeter.Greet(name);
        }));
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync();

        client.Send("421[\"greet\",\"ada\"]");
        Assert.Equal("431[\"hello ada\"]", await client.NextAsync());
        client.Send("422[\"greet\",\"bob\"]");
        Assert.Equal("432[\"hello bob\"]", await client.NextAsync());

        await WaitUntil(() => seen.Count == 2 && seen.All(t => t.Disposed));
        Assert.NotEqual(seen[0].Number, seen[1].Number);
    }

    [Fact]
    public async Task Socket_Services_is_one_scope_for_the_connection_from_middleware_to_disconnect()
    {
        var (io, provider) = Create();
        await using var _ = provider;
        Tracker? fromMiddleware = null;
        var fromHandlers = new List<Tracker>();
        io.Use(s => fromMiddleware = s.Services.GetRequiredService<Tracker>());
        io.OnConnection(s => s.On("who", (Ack ack) =>
        {
            var tracker = s.Services.GetRequiredService<Tracker>();
            fromHandlers.Add(tracker);
            ack(tracker.Number);
        }));
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync();

        client.Send("421[\"who\"]");
        await client.NextAsync();
        client.Send("422[\"who\"]");
        await client.NextAsync();

        Assert.NotNull(fromMiddleware);
        Assert.All(fromHandlers, t => Assert.Same(fromMiddleware, t));
        Assert.False(fromMiddleware.Disposed);
        client.Send("41");
        await WaitUntil(() => fromMiddleware.Disposed);
    }

    [Fact]
    public async Task A_refused_socket_releases_its_connection_scope()
    {
        var (io, provider) = Create();
        await using var _ = provider;
        Tracker? tracker = null;
        io.Use(s =>
        {
            tracker = s.Services.GetRequiredService<Tracker>();
            throw new ConnectErrorException("no");
        });
        var client = await TestClient.OpenAsync(io);

        client.Send("40");
        await client.NextAsync();

        await WaitUntil(() => tracker?.Disposed == true);
    }

    [Fact]
    public async Task Without_dependency_injection_Socket_Services_says_what_is_missing()
    {
        var io = ServerFactory.Create();
        var got = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        io.OnConnection(s => got.TrySetResult(Record.Exception(() => s.Services)!));
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync();

        var error = Assert.IsType<InvalidOperationException>(await got.Task.WaitAsync(TestTransport.Wait));
        Assert.Contains("AddSocketIO", error.Message);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TestTransport.Wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(10);
        }
    }
}
