using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using SocketIO.Adapters.Cluster;
using SocketIO.Adapters.RabbitMq.Tests.Support;
using SocketIO.Adapters.RabbitMq.Internal;

namespace SocketIO.Adapters.RabbitMq.Tests;

/// <summary>What a node declares, binds and publishes on the broker (docs/rabbitmq.md), checked with rabbitmqctl and a probe.</summary>
public sealed class RabbitMqTopologyTests(BrokerFixture broker) : IClassFixture<BrokerFixture>
{
    [Fact]
    public async Task A_server_shares_one_connection_and_one_exclusive_server_named_queue_among_its_namespaces()
    {
        var vhost = await broker.NewVirtualHostAsync();
        var factory = broker.Factory(new RabbitMqAdapterOptions { ConnectionUri = vhost });
        var server = await Servers.StartAsync(factory, configure: io =>
        {
            io.Of("/orders");
            io.Of(new System.Text.RegularExpressions.Regex("^/tenant-[0-9]+$"));
        }, options: o => o.CleanupEmptyChildNamespaces = true);
        await using (server)
        {
            var client = await TestClient.OpenAsync(server);
            await client.ConnectAsync("/tenant-7");

            var connections = await broker.ListAsync("connections", vhost, "vhost", "name");
            Assert.Single(connections, c => c[0] == BrokerFixture.VirtualHost(vhost));
            var exchange = Assert.Single(await broker.ListAsync("exchanges", vhost, "name", "type", "durable", "auto_delete"), e => e[0] == "socket.io");
            Assert.Equal(["socket.io", "direct", "true", "false"], exchange);
            var queue = Assert.Single(await broker.ListAsync("queues", vhost, "name", "durable", "auto_delete", "exclusive"));
            Assert.StartsWith("amq.gen-", queue[0]);
            Assert.Equal(["false", "true", "true"], queue[1..]);

            var uid = factory.Uid;
            Assert.Matches("^[0-9a-f]{16}$", uid);
            string[] expected = [.. new[] { "/", "/orders", "/tenant-7" }.SelectMany(n => new[] { $"socket.io#{n}#", $"socket.io#{n}#{uid}#" })];
            Assert.Equal(expected.Order(), await BoundKeysAsync(vhost, queue[0]));

            // The child goes when its last socket leaves, and its keys with it.
            client.Send("41/tenant-7,");
            await Poll.UntilAsync(async () => !(await BoundKeysAsync(vhost, queue[0])).Any(k => k.Contains("/tenant-7")), Repo.Timeout, "the child's keys are unbound");
            Assert.Equal(expected.Where(k => !k.Contains("/tenant-7")).Order(), await BoundKeysAsync(vhost, queue[0]));
        }
        // The last namespace to close takes the connection (and the exclusive queue) with it.
        await Poll.UntilAsync(async () => (await broker.ListAsync("connections", vhost, "vhost", "name")).Length == 0, Repo.Timeout, "the connection is closed");
        Assert.Empty(await broker.ListAsync("queues", vhost, "name"));
    }

    private async Task<string[]> BoundKeysAsync(Uri vhost, string queue) =>
        [.. (await broker.ListAsync("bindings", vhost, "source_name", "destination_name", "routing_key"))
            .Where(b => b[0] == "socket.io" && b[1] == queue).Select(b => b[2]).Order()];

    [Fact]
    public async Task A_node_binds_both_keys_before_it_announces_itself_and_publishes_msgpack_as_transient_messages()
    {
        var exchange = BrokerFixture.NewName("x");
        await using var probe = await AmqpProbe.StartAsync(broker, exchange, "socket.io#/#");
        var factory = broker.Factory(broker.Options(exchange));
        await using var server = await Servers.StartAsync(factory);

        var hello = await probe.NextAsync(ClusterMessageType.InitialHeartbeat, factory.Uid);
        Assert.Equal("application/msgpack", hello.ContentType);
        Assert.Equal(RabbitMQ.Client.DeliveryModes.Transient, hello.DeliveryMode);
        Assert.Equal(0x83, hello.Body[0]); // a msgpack map of three: uid, nsp, type (no data)
        Assert.Equal("/", hello.Decoded.Namespace);

        // Start order: a peer answering the announcement at once must find the node's keys bound already.
        var bindings = await broker.ListAsync("bindings", broker.Url, "source_name", "routing_key");
        Assert.Contains(bindings, b => b[0] == exchange && b[1] == $"socket.io#/#{factory.Uid}#");

        server.Emit("news", "x");
        var broadcast = (await probe.NextAsync(ClusterMessageType.Broadcast, factory.Uid)).Decoded;
        Assert.Equal("[\"news\",\"x\"]", broadcast.Data!.Root.GetRawText());
        Assert.Null(broadcast.RequestId);
    }

    [Fact]
    public async Task A_peer_that_follows_the_format_is_counted_and_gets_its_responses_on_its_own_key()
    {
        var exchange = BrokerFixture.NewName("x");
        const string peer = "feedfacefeedface";
        await using var probe = await AmqpProbe.StartAsync(broker, exchange, "socket.io#/#", $"socket.io#/#{peer}#");
        var factory = broker.Factory(broker.Options(exchange));
        await using var server = await Servers.StartAsync(factory);
        await probe.NextAsync(ClusterMessageType.InitialHeartbeat, factory.Uid);

        await probe.PublishAsync("socket.io#/#", new ClusterMessage { Type = ClusterMessageType.InitialHeartbeat, Uid = peer, Namespace = "/" });
        var beat = await probe.NextAsync(ClusterMessageType.Heartbeat, factory.Uid);
        Assert.Equal("socket.io#/#", beat.RoutingKey);
        await Servers.WaitForServerCountAsync(server, 2);

        var client = await TestClient.OpenAsync(server);
        var id = await client.ConnectAsync();
        await probe.PublishAsync("socket.io#/#", new ClusterMessage { Type = ClusterMessageType.FetchSockets, Uid = peer, Namespace = "/", RequestId = "0123456789abcdef", Options = BroadcastOptions.All });
        var response = await probe.NextAsync(ClusterMessageType.FetchSocketsResponse, factory.Uid);
        Assert.Equal($"socket.io#/#{peer}#", response.RoutingKey);
        Assert.Equal("0123456789abcdef", response.Decoded.RequestId);
        Assert.Equal(id, Assert.Single(response.Decoded.Sockets!).Id);

        await probe.PublishAsync("socket.io#/#", new ClusterMessage { Type = ClusterMessageType.AdapterClose, Uid = peer, Namespace = "/" });
        await Servers.WaitForServerCountAsync(server, 1);
    }

    [Fact]
    public async Task A_namespace_whose_response_key_is_too_long_stays_local_with_one_logged_error()
    {
        var exchange = BrokerFixture.NewName("x");
        var logs = new LogCapture();
        var fits = "/" + new string('f', 226);     // socket.io# + 227 + # + 16 + # = 255 bytes
        var tooLong = "/" + new string('l', 227);  // one byte more
        var factory = broker.Factory(broker.Options(exchange), logs);
        await using var server = await Servers.StartAsync(factory, logs, io => { io.Of(fits); io.Of(tooLong); });

        var error = Assert.Single(logs.WithId(342));
        Assert.Contains(tooLong, error.Message);
        var keys = (await broker.ListAsync("bindings", broker.Url, "source_name", "routing_key")).Where(b => b[0] == exchange).Select(b => b[1]).ToArray();
        Assert.Contains(RoutingKeys.Response("socket.io", fits, factory.Uid), keys);
        Assert.DoesNotContain(keys, k => k.Contains(tooLong));

        // The local namespace still works on this node, and its cluster operations answer for this node alone.
        var client = await TestClient.OpenAsync(server);
        await client.ConnectAsync(tooLong);
        server.Of(tooLong).Emit("here", 1);
        Assert.Equal($"42{tooLong},[\"here\",1]", await client.NextAsync());
        Assert.Single(await server.Of(tooLong).FetchSocketsAsync().WaitAsync(Repo.Timeout));
        Assert.Equal(1, await server.Of(tooLong).Adapter.ServerCountAsync().WaitAsync(Repo.Timeout));
        Assert.Single(logs.WithId(342));
    }

    [Fact]
    public async Task MaxQueueLength_sets_x_max_length_on_the_node_queue()
    {
        var vhost = await broker.NewVirtualHostAsync();
        var factory = broker.Factory(new RabbitMqAdapterOptions { ConnectionUri = vhost, MaxQueueLength = 5000 });
        await using var server = await Servers.StartAsync(factory);
        var queue = Assert.Single(await broker.ListAsync("queues", vhost, "name", "arguments"));
        Assert.Contains("x-max-length", queue[1]);
        Assert.Contains("5000", queue[1]);
    }

    [Fact]
    public async Task An_IConnection_from_DI_is_shared_by_the_namespaces_and_left_open_when_the_host_stops()
    {
        var vhost = await broker.NewVirtualHostAsync();
        var connection = await broker.ConnectAsync(vhost);
        try
        {
            var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new Microsoft.Extensions.Hosting.HostApplicationBuilderSettings());
            builder.Services.AddSingleton(connection);
            builder.Services.AddSocketIO().AddRabbitMqAdapter(o => o.Exchange = "app").Configure(io => io.Of("/orders"));
            using (var host = builder.Build())
            {
                await host.StartAsync().WaitAsync(Repo.Wait);
                var factory = host.Services.GetRequiredService<RabbitMqAdapterFactory>();
                Assert.True(factory.IsConnected);
                Assert.Single(await broker.ListAsync("connections", vhost, "vhost", "name"), c => c[0] == BrokerFixture.VirtualHost(vhost));
                var keys = (await broker.ListAsync("bindings", vhost, "source_name", "routing_key")).Where(b => b[0] == "app").Select(b => b[1]);
                Assert.Equal(new[] { "socket.io#/#", $"socket.io#/#{factory.Uid}#", "socket.io#/orders#", $"socket.io#/orders#{factory.Uid}#" }.Order(), keys.Order());
                await host.StopAsync().WaitAsync(Repo.Wait);
            }
            Assert.True(connection.IsOpen);
            Assert.Empty(await broker.ListAsync("queues", vhost, "name"));
        }
        finally
        {
            await connection.CloseAsync().WaitAsync(Repo.Timeout);
        }
    }
}
