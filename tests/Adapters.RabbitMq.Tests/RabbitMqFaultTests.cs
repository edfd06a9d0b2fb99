using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using RabbitMQ.Client;
using SocketIO.Adapters.RabbitMq.Tests.Support;
using Xunit.Abstractions;

namespace SocketIO.Adapters.RabbitMq.Tests;

/// <summary>
/// The broker goes away (<c>rabbitmqctl stop_app</c> closes every connection and refuses new ones) and comes back:
/// local delivery never stops, cluster requests fail at once, and the cluster heals by itself, whichever way the
/// adapter got its connection (its own from a URI, or the application's factory or connection with the client's
/// topology recovery).
/// </summary>
public sealed class RabbitMqFaultTests(BrokerFixture broker, ITestOutputHelper output) : IClassFixture<BrokerFixture>
{
    private static readonly TimeSpan HealWithin = TimeSpan.FromSeconds(30);
    private static readonly Regex Tenants = new("^/tenant-[0-9]+$");

    [Theory]
    [InlineData("uri")]
    [InlineData("factory")]
    [InlineData("connection")]
    public async Task While_the_broker_is_stopped_local_delivery_goes_on_and_after_it_starts_again_the_cluster_heals(string source)
    {
        var unobserved = new ConcurrentQueue<Exception>();
        void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e) => unobserved.Enqueue(e.Exception);
        TaskScheduler.UnobservedTaskException += OnUnobserved;
        var exchange = BrokerFixture.NewName("x");
        var (logsA, logsB) = (new LogCapture(), new LogCapture());
        var connections = new List<IConnection>();
        try
        {
            var factoryA = broker.Factory(await OptionsAsync(source, exchange, connections), logsA);
            var factoryB = broker.Factory(await OptionsAsync(source, exchange, connections), logsB);
            await using var a = await Servers.StartAsync(factoryA, logsA, io => io.Of(Tenants));
            await using var b = await Servers.StartAsync(factoryB, logsB, io => io.Of(Tenants));
            await Servers.WaitForServerCountAsync(a, 2);
            await Servers.WaitForServerCountAsync(b, 2);
            var clientA = await TestClient.OpenAsync(a);
            await clientA.ConnectAsync();
            var clientB = await TestClient.OpenAsync(b);
            await clientB.ConnectAsync();
            a.Emit("tick", 0);
            Assert.Equal("42[\"tick\",0]", await clientA.NextAsync());
            Assert.Equal("42[\"tick\",0]", await clientB.NextAsync());

            await broker.Server.StopAppAsync();
            try
            {
                await Poll.UntilAsync(() => !factoryA.IsConnected && !factoryB.IsConnected, Repo.Timeout, "both nodes notice the outage");

                // A stream of broadcasts: each node's own clients get every one of its messages, in order.
                for (var i = 1; i <= 20; i++)
                {
                    a.Emit("tick", i);
                    b.Emit("tock", i);
                }
                for (var i = 1; i <= 20; i++)
                {
                    Assert.Equal($"42[\"tick\",{i}]", await clientA.NextAsync());
                    Assert.Equal($"42[\"tock\",{i}]", await clientB.NextAsync());
                }

                // Cluster requests fail at once with a clear error instead of waiting for their timeout.
                var fetch = await Assert.ThrowsAsync<AdapterException>(() => a.FetchSocketsAsync().WaitAsync(Repo.Timeout));
                Assert.Contains("unreachable", fetch.Message);
                await Assert.ThrowsAsync<AdapterException>(() => b.ServerSideEmitWithAckAsync("anyone", TimeSpan.FromSeconds(30)).WaitAsync(Repo.Timeout));

                // A namespace created during the outage starts locally and joins the cluster on recovery.
                var child = await TestClient.OpenAsync(a);
                await child.ConnectAsync("/tenant-1");
            }
            finally
            {
                await broker.Server.StartAppAsync();
            }

            // Healed: both nodes have their queue and bindings back, and count each other (a short outage may not
            // have dropped them from each other's view at all).
            await Poll.UntilAsync(() => factoryA.IsConnected && factoryB.IsConnected, HealWithin, "both nodes are connected again");
            await Servers.WaitForServerCountAsync(a, 2, timeout: HealWithin);
            await Servers.WaitForServerCountAsync(b, 2, timeout: HealWithin);
            a.Emit("healed", true);
            a.Emit("once", true);
            Assert.Equal("42[\"healed\",true]", await clientB.NextMatchingAsync(f => f.Contains("healed")));
            Assert.Equal("42[\"once\",true]", await clientB.NextAsync());
            Assert.Equal(2, (await b.FetchSocketsAsync().WaitAsync(Repo.Timeout)).Count);
            var childB = await TestClient.OpenAsync(b);
            await childB.ConnectAsync("/tenant-1");
            await Servers.WaitForServerCountAsync(a, 2, "/tenant-1", HealWithin);
            Assert.Equal(2, (await b.Of("/tenant-1").FetchSocketsAsync().WaitAsync(Repo.Timeout)).Count);
            // One queue per node, with the namespaces' keys: nothing recovered twice (which would deliver twice).
            var queues = (await broker.ListAsync("bindings", broker.Url, "source_name", "destination_name", "routing_key"))
                .Where(row => row[0] == exchange).GroupBy(row => row[1]).ToList();
            Assert.Equal(2, queues.Count);
            Assert.All(queues, q => Assert.Equal(4, q.Count()));

            // The outage and the recovery are logged once each (Connected also once at start).
            foreach (var logs in new[] { logsA, logsB })
            {
                Assert.Single(logs.WithId(302));
                Assert.Equal(2, logs.WithId(300).Count);
                Assert.Empty(logs.WithId(343));
            }
        }
        finally
        {
            output.WriteLine($"---- node A log:\n{logsA}\n---- node B log:\n{logsB}");
            foreach (var connection in connections)
                await connection.CloseAsync().WaitAsync(Repo.Timeout);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            TaskScheduler.UnobservedTaskException -= OnUnobserved;
        }
        Assert.True(unobserved.IsEmpty, "unobserved task exceptions:\n" + string.Join('\n', unobserved));
    }

    private async Task<RabbitMqAdapterOptions> OptionsAsync(string source, string exchange, List<IConnection> connections)
    {
        var options = new RabbitMqAdapterOptions { Exchange = exchange };
        // The application's factory: the client's defaults (automatic and topology recovery), a shorter retry interval.
        ConnectionFactory Application() => new() { Uri = broker.Url, NetworkRecoveryInterval = TimeSpan.FromSeconds(1) };
        switch (source)
        {
            case "uri":
                options.ConnectionUri = broker.Url;
                break;
            case "factory":
                options.ConnectionFactory = Application();
                break;
            default:
                var connection = await Application().CreateConnectionAsync("application").WaitAsync(Repo.Timeout);
                connections.Add(connection);
                options.Connection = connection;
                break;
        }
        return options;
    }

    [Fact]
    public async Task A_server_whose_broker_cannot_be_reached_fails_to_start_with_the_address_in_the_message()
    {
        var port = FreePort.Next();
        var factory = broker.Factory(new RabbitMqAdapterOptions { ConnectionUri = new Uri($"amqp://guest:guest@127.0.0.1:{port}") });
        var server = new SocketIOServer(Microsoft.Extensions.Options.Options.Create(new SocketIOOptions()), adapterFactory: factory);
        await using (server)
        {
            var error = await Assert.ThrowsAsync<AdapterException>(() => server.StartAsync().WaitAsync(Repo.Wait));
            Assert.Contains($"amqp://127.0.0.1:{port}", error.Message);
            Assert.DoesNotContain("guest:guest", error.Message);
        }
    }
}
