using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SocketIO.AdminUI.Tests.Support;

namespace SocketIO.AdminUI.Tests;

/// <summary>
/// One Redis cluster of a Node server instrumented by the official @socket.io/admin-ui and a .NET server with
/// <c>AddAdminUI</c>: a UI connected to either node sees both nodes, their sockets and their live events, and its
/// commands reach sockets on the other node.
/// </summary>
public sealed class AdminUIClusterTests
{
    private const string NodeId = "node-js";
    private const string DotNetId = "node-dotnet";

    [Fact]
    public async Task An_admin_on_either_node_sees_both_nodes_and_drives_the_other_ones_sockets()
    {
        Repo.RequireNodePackage("@socket.io/admin-ui");
        await using var redis = await RedisServer.StartAsync();
        await using var node = await ProcessHost.StartNodeAsync(Repo.File("tests", "AdminUI.Tests", "js", "admin-node.js"),
            new Dictionary<string, string> { ["REDIS_URL"] = redis.Url, ["SERVER_ID"] = NodeId, ["PASSWORD_HASH"] = Credentials.PasswordHash });
        await using var dotnet = await AdminServer.StartAsync(o => o.ServerId = DotNetId,
            socketIO: io => io.AddRedisAdapter(r => r.Configuration = redis.Configuration));
        await using var js = await JsClient.StartAsync();
        var onNode = await js.ConnectOrFailAsync("on-node", node.BaseUrl, new() { Reconnection = false });
        var onDotNet = await js.ConnectOrFailAsync("on-dotnet", dotnet.BaseUrl, new() { Transports = ["websocket"] });

        await js.ConnectOrFailAsync("admin-dotnet", dotnet.AdminUrl, new() { Auth = Credentials.Login });
        await js.ConnectOrFailAsync("admin-node", node.BaseUrl + "/admin", new() { Auth = Credentials.Login });

        foreach (var admin in new[] { "admin-dotnet", "admin-node" })
        {
            // Both nodes' stats, whichever node the admin is on.
            var servers = new HashSet<string>();
            for (var i = 0; i < 10 && servers.Count < 2; i++)
                servers.Add((await js.WaitForEventAsync(admin, "server_stats", TimeSpan.FromSeconds(5)))[0].GetProperty("serverId").GetString()!);
            Assert.Equal(new HashSet<string> { DotNetId, NodeId }, servers);

            // Both nodes' sockets (fetchSockets across the cluster), with the client id and transport each node keeps in data._admin.
            var all = (await js.WaitForEventAsync(admin, "all_sockets"))[0].EnumerateArray().ToList();
            var nodeSocket = Assert.Single(all, s => s.GetProperty("id").GetString() == onNode);
            var dotnetSocket = Assert.Single(all, s => s.GetProperty("id").GetString() == onDotNet);
            foreach (var socket in new[] { nodeSocket, dotnetSocket })
            {
                Assert.Equal("/", socket.GetProperty("nsp").GetString());
                Assert.Equal(12, socket.GetProperty("clientId").GetString()!.Length);
                Assert.Equal("{}", socket.GetProperty("data").GetRawText());
            }
            Assert.Equal("websocket", dotnetSocket.GetProperty("transport").GetString());
        }

        // Live events of each node reach the admin on the other one.
        var late = await js.ConnectOrFailAsync("late", dotnet.BaseUrl, new() { Transports = ["websocket"] });
        await js.WaitForEventAsync("admin-node", e => e.Name == "socket_connected" && e[0].GetProperty("id").GetString() == late, "socket_connected from the .NET node");
        await js.EmitWithAckAsync("on-node", "join", ["from-node"]);
        await js.WaitForEventAsync("admin-dotnet", e => e.Name == "room_joined" && e[1].GetString() == "from-node", "room_joined from the Node node");

        // Commands: the Node admin makes the .NET socket join a room; the .NET admin disconnects the Node socket.
        await js.EmitAsync("admin-node", "join", "/", "vip", onDotNet);
        await js.WaitForEventAsync("admin-node", e => e.Name == "room_joined" && e[1].GetString() == "vip" && e[2].GetString() == onDotNet, "room_joined vip from the .NET node");
        Assert.Contains("vip", dotnet.Io.Sockets.Sockets[onDotNet].Rooms);
        await js.EmitAsync("admin-dotnet", "_disconnect", "/", false, onNode);
        Assert.Equal("io server disconnect", await js.WaitForDisconnectAsync("on-node"));
        var gone = await js.WaitForEventAsync("admin-dotnet", e => e.Name == "socket_disconnected" && e[1].GetString() == onNode, "socket_disconnected from the Node node");
        Assert.Equal("server namespace disconnect", gone[2].GetString());
    }
}
