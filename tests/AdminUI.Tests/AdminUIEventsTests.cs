using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using SocketIO.AdminUI.Tests.Support;

namespace SocketIO.AdminUI.Tests;

/// <summary>What the UI receives from the server, read with the official client as the UI's socket.</summary>
public sealed class AdminUIEventsTests
{
    [Fact]
    public async Task All_sockets_lists_every_socket_with_its_client_id_transport_rooms_and_data_without_admin()
    {
        await using var server = await AdminServer.StartAsync();
        await using var js = await JsClient.StartAsync();
        var aliceId = await js.ConnectOrFailAsync("alice", server.BaseUrl, new() { Transports = ["websocket"], Extra = { ["query"] = new { team = "blue" } } });
        await js.EmitWithAckAsync("alice", "set-data", ["name", "Alice"]);
        var carolId = await js.ConnectOrFailAsync("carol", server.BaseUrl + "/orders", new() { Transports = ["polling"] });

        var adminId = await js.ConnectOrFailAsync("admin", server.AdminUrl, new() { Auth = Credentials.Login });
        var all = (await js.WaitForEventAsync("admin", "all_sockets"))[0].EnumerateArray().ToList();

        var alice = Assert.Single(all, s => s.GetProperty("id").GetString() == aliceId);
        Assert.Equal("/", alice.GetProperty("nsp").GetString());
        Assert.Equal("websocket", alice.GetProperty("transport").GetString());
        Assert.Equal(12, alice.GetProperty("clientId").GetString()!.Length);
        Assert.Equal("""{"name":"Alice"}""", alice.GetProperty("data").GetRawText());
        Assert.Equal([aliceId], Strings(alice.GetProperty("rooms")));
        var handshake = alice.GetProperty("handshake");
        Assert.Equal("127.0.0.1", handshake.GetProperty("address").GetString());
        Assert.Equal("blue", handshake.GetProperty("query").GetProperty("team").GetString());
        Assert.StartsWith("/socket.io/", handshake.GetProperty("url").GetString());
        Assert.True(handshake.GetProperty("headers").TryGetProperty("host", out _));
        Assert.True(handshake.GetProperty("issued").GetInt64() > 0);
        Assert.False(handshake.GetProperty("secure").GetBoolean());
        Assert.False(handshake.TryGetProperty("auth", out _));

        var carol = Assert.Single(all, s => s.GetProperty("id").GetString() == carolId);
        Assert.Equal("/orders", carol.GetProperty("nsp").GetString());
        Assert.Equal("polling", carol.GetProperty("transport").GetString());
        Assert.Equal("{}", carol.GetProperty("data").GetRawText());
        Assert.Equal(new HashSet<string> { carolId, "orders-room" }, Strings(carol.GetProperty("rooms")).ToHashSet());

        // The UI's own socket is listed too, as in Node.
        Assert.Single(all, s => s.GetProperty("id").GetString() == adminId && s.GetProperty("nsp").GetString() == "/admin");
        // The instrumentation's record stays in the socket's data for fetchSockets across nodes.
        Assert.True(server.Io.Sockets.Sockets[aliceId].Data.ContainsKey("_admin"));
    }

    [Fact]
    public async Task Server_stats_come_every_two_seconds_with_this_server_its_namespaces_and_aggregated_engine_events()
    {
        await using var server = await AdminServer.StartAsync(o => o.ServerId = "node-a");
        await using var js = await JsClient.StartAsync();
        await js.ConnectOrFailAsync("admin", server.AdminUrl, new() { Auth = Credentials.Login });
        await js.ConnectOrFailAsync("poller", server.BaseUrl + "/orders", new() { Transports = ["polling"] });
        await js.EmitWithAckAsync("admin", "probe", []);

        var seen = new HashSet<string>();
        var sawPollingClient = false;
        JsonElement stats = default;
        // Each server_stats carries the counts of the seconds since the previous one: collect until every type showed up.
        for (var i = 0; i < 10 && !(seen.IsSupersetOf(["rawConnection", "packetsIn", "packetsOut", "bytesIn", "bytesOut"]) && sawPollingClient); i++)
        {
            stats = (await js.WaitForEventAsync("admin", "server_stats", TimeSpan.FromSeconds(5)))[0];
            foreach (var e in stats.GetProperty("aggregatedEvents").EnumerateArray())
            {
                seen.Add(e.GetProperty("type").GetString()!);
                Assert.Equal(0, e.GetProperty("timestamp").GetInt64() % 1000);
                Assert.True(e.GetProperty("count").GetInt64() > 0);
            }
            sawPollingClient |= stats.GetProperty("pollingClientsCount").GetInt32() == 1;
        }
        Assert.Superset(new HashSet<string> { "rawConnection", "packetsIn", "packetsOut", "bytesIn", "bytesOut" }, seen);
        Assert.True(sawPollingClient, $"pollingClientsCount never was 1: {stats}");

        Assert.Equal("node-a", stats.GetProperty("serverId").GetString());
        Assert.Equal(System.Net.Dns.GetHostName(), stats.GetProperty("hostname").GetString());
        Assert.Equal(Environment.ProcessId, stats.GetProperty("pid").GetInt32());
        Assert.True(stats.GetProperty("uptime").GetDouble() > 0);
        Assert.Equal(2, stats.GetProperty("clientsCount").GetInt32());
        var namespaces = stats.GetProperty("namespaces").EnumerateArray().ToDictionary(n => n.GetProperty("name").GetString()!, n => n.GetProperty("socketsCount").GetInt32());
        Assert.Equal(0, namespaces["/"]);
        Assert.Equal(1, namespaces["/admin"]);
        Assert.Equal(1, namespaces["/orders"]);

        // A client that leaves is counted with its close reason.
        await js.CloseAsync("poller");
        await WaitForAggregatedAsync(js, "rawDisconnection", e => e.GetProperty("subType").GetString() is { Length: > 0 });
    }

    [Fact]
    public async Task Live_events_follow_connections_rooms_data_events_upgrades_and_disconnections()
    {
        await using var server = await AdminServer.StartAsync();
        await using var js = await JsClient.StartAsync();
        await js.ConnectOrFailAsync("admin", server.AdminUrl, new() { Auth = Credentials.Login });
        await js.WaitForEventAsync("admin", "all_sockets");

        // Polling first, then the upgrade to WebSocket (the client's default).
        var aliceId = await js.ConnectOrFailAsync("alice", server.BaseUrl);
        var connected = await js.WaitForEventAsync("admin", e => e.Name == "socket_connected" && e[0].GetProperty("id").GetString() == aliceId, "socket_connected of alice");
        Assert.Equal("/", connected[0].GetProperty("nsp").GetString());
        Assert.Equal("polling", connected[0].GetProperty("transport").GetString());
        AssertTimestamp(connected[1]);
        var upgraded = await js.WaitForEventAsync("admin", e => e.Name == "socket_updated" && e[0].GetProperty("id").GetString() == aliceId, "socket_updated after the upgrade");
        Assert.Equal("""{"id":"{{aliceId}}","nsp":"/","transport":"websocket"}""".Replace("{{aliceId}}", aliceId), upgraded[0].GetRawText());

        await js.EmitWithAckAsync("alice", "join", ["lobby"]);
        var joined = await js.WaitForEventAsync("admin", e => e.Name == "room_joined" && e[1].GetString() == "lobby", "room_joined lobby");
        Assert.Equal(["/", "lobby", aliceId], joined.Args[..3].Select(a => a.GetString()));
        AssertTimestamp(joined[3]);

        await js.EmitAsync("alice", "ping-me", "hi");
        var received = await js.WaitForEventAsync("admin", e => e.Name == "event_received" && e[2][0].GetString() == "ping-me", "event_received ping-me");
        Assert.Equal("/", received[0].GetString());
        Assert.Equal(aliceId, received[1].GetString());
        Assert.Equal("""["ping-me","hi"]""", received[2].GetRawText());
        AssertTimestamp(received[3]);
        var sent = await js.WaitForEventAsync("admin", "event_sent");
        Assert.Equal(aliceId, sent[1].GetString());
        Assert.Equal("""["pong-you","hi"]""", sent[2].GetRawText());

        // socket.Data changes are noticed at the next stats tick.
        await js.EmitWithAckAsync("alice", "set-data", ["mood", "happy"]);
        var updated = await js.WaitForEventAsync("admin", e => e.Name == "socket_updated" && e[0].TryGetProperty("data", out _), "socket_updated with data", TimeSpan.FromSeconds(5));
        Assert.Equal(aliceId, updated[0].GetProperty("id").GetString());
        Assert.Equal("""{"mood":"happy"}""", updated[0].GetProperty("data").GetRawText());

        await js.DisconnectAsync("alice");
        var disconnected = await js.WaitForEventAsync("admin", "socket_disconnected");
        Assert.Equal(["/", aliceId, "client namespace disconnect"], disconnected.Args[..3].Select(a => a.GetString()));
        AssertTimestamp(disconnected[3]);
        var left = await js.WaitForEventAsync("admin", e => e.Name == "room_left" && e[1].GetString() == "lobby", "room_left lobby");
        Assert.Equal(aliceId, left[2].GetString());
        // The admin namespace's own traffic is not reported as events.
        Assert.DoesNotContain(js.Events("admin", "event_received"), e => e[0].GetString() == "/admin");
    }

    [Fact]
    public async Task Production_mode_sends_only_config_and_stats()
    {
        await using var server = await AdminServer.StartAsync(o => o.Mode = AdminUIMode.Production);
        await using var js = await JsClient.StartAsync();
        await js.ConnectOrFailAsync("admin", server.AdminUrl, new() { Auth = Credentials.Login });
        var config = await js.WaitForEventAsync("admin", "config");
        Assert.DoesNotContain("ALL_EVENTS", config[0].GetProperty("supportedFeatures").EnumerateArray().Select(f => f.GetString()));

        var userId = await js.ConnectOrFailAsync("user", server.BaseUrl);
        await js.EmitWithAckAsync("user", "join", ["lobby"]);
        // Stats that count the user were collected after it connected and joined: live events would have come before them.
        await js.WaitForEventAsync("admin", e => e.Name == "server_stats" && CountIn(e[0], "/") == 1, "server_stats counting the user", TimeSpan.FromSeconds(5));
        js.AssertNoPending("admin", "all_sockets");
        js.AssertNoPending("admin", "socket_connected");
        js.AssertNoPending("admin", "room_joined");
        Assert.False(server.Io.Sockets.Sockets[userId].Data.ContainsKey("_admin"));
    }

    [Fact]
    public async Task The_msgpack_parser_carries_the_same_events()
    {
        await using var server = await AdminServer.StartAsync(socketIO: io => io.AddMessagePackParser());
        await using var js = await JsClient.StartAsync();
        var userId = await js.ConnectOrFailAsync("user", server.BaseUrl, new() { Parser = "msgpack" });

        await js.ConnectOrFailAsync("admin", server.AdminUrl, new() { Auth = Credentials.Login, Parser = "msgpack" });
        await js.WaitForEventAsync("admin", "session");
        await js.WaitForEventAsync("admin", "config");
        var all = await js.WaitForEventAsync("admin", "all_sockets");
        Assert.Contains(all[0].EnumerateArray(), s => s.GetProperty("id").GetString() == userId);
        var stats = await js.WaitForEventAsync("admin", "server_stats", TimeSpan.FromSeconds(5));
        Assert.Equal(1, CountIn(stats[0], "/"));
    }

    internal static async Task<JsonElement> WaitForAggregatedAsync(JsClient js, string type, Func<JsonElement, bool> match)
    {
        for (var i = 0; i < 5; i++)
        {
            var stats = (await js.WaitForEventAsync("admin", "server_stats", TimeSpan.FromSeconds(5)))[0];
            foreach (var e in stats.GetProperty("aggregatedEvents").EnumerateArray())
                if (e.GetProperty("type").GetString() == type && match(e))
                    return e;
        }
        Assert.Fail($"No aggregated event {type} in five server_stats.");
        return default;
    }

    internal static int CountIn(JsonElement stats, string nsp) =>
        stats.GetProperty("namespaces").EnumerateArray().Where(n => n.GetProperty("name").GetString() == nsp).Select(n => n.GetProperty("socketsCount").GetInt32()).SingleOrDefault();

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private static void AssertTimestamp(JsonElement value) =>
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", value.GetString());
}
