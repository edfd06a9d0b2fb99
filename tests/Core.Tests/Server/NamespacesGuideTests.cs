using System.Text.Json;
using System.Text.RegularExpressions;
using SocketIO.Tests.Support;

namespace SocketIO.Tests.Server;

/// <summary>Every example of Socket.IO's Namespaces guide, driven over the wire.</summary>
public class NamespacesGuideTests
{
    [Fact]
    public async Task Server_level_handlers_are_those_of_the_main_namespace()
    {
        var io = ServerFactory.Create();
        var order = new List<string>();
        io.Use(_ => order.Add("io.use"));
        io.Of("/").Use(_ => order.Add("of('/').use"));
        io.OnConnection(_ => order.Add("io.on"));
        io.Of("/").OnConnection(_ => order.Add("of('/').on"));

        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync();

        Assert.Same(io.Sockets, io.Of("/"));
        Assert.Equal(["io.use", "of('/').use", "io.on", "of('/').on"], order);
    }

    [Fact]
    public async Task Custom_namespace_connection_and_emit_to_everyone()
    {
        var io = ServerFactory.Create();
        var nsp = io.Of("/my-namespace");
        var connected = new TaskCompletionSource();
        nsp.OnConnection(_ => connected.TrySetResult());
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync("/my-namespace");
        await connected.Task.WaitAsync(TestTransport.Wait);

        nsp.Emit("hi", "everyone!");

        Assert.Equal("42/my-namespace,[\"hi\",\"everyone!\"]", await client.NextAsync());
    }

    [Fact]
    public async Task Orders_and_users_namespaces_have_their_own_handlers()
    {
        var io = ServerFactory.Create();
        io.Of("/orders").OnConnection(socket =>
        {
            socket.On("order:list", (Ack ack) => ack(new List<object> { new { id = 1, item = "book" } }));
            socket.On("order:create", (JsonElement order, Ack ack) => ack("created"));
        });
        io.Of("/users").OnConnection(socket => socket.On("user:list", (Ack ack) => ack((object)new[] { "ann" })));
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync("/orders");
        await client.ConnectAsync("/users");

        client.Send("42/orders,1[\"order:list\"]");
        Assert.Equal("43/orders,1[[{\"id\":1,\"item\":\"book\"}]]", await client.NextAsync());
        client.Send("42/users,2[\"user:list\"]");
        Assert.Equal("43/users,2[[\"ann\"]]", await client.NextAsync());
        client.Send("42/users,3[\"order:list\"]");
        client.Send("42/orders,4[\"order:create\",{\"item\":\"pen\"}]");
        Assert.Equal("43/orders,4[\"created\"]", await client.NextAsync());
    }

    [Fact]
    public async Task Rooms_are_per_namespace()
    {
        var io = ServerFactory.Create();
        io.Of("/orders").OnConnection(s => s.Join("room1"));
        io.Of("/users").OnConnection(s => s.Join("room1"));
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync("/orders");
        await client.ConnectAsync("/users");

        io.Of("/users").To("room1").Emit("holà");
        io.Of("/orders").Emit("marker");

        Assert.Equal("42/users,[\"holà\"]", await client.NextAsync());
        Assert.Equal("42/orders,[\"marker\"]", await client.NextAsync());
    }

    [Fact]
    public async Task Namespace_middleware_refuses_with_message_and_data()
    {
        var io = ServerFactory.Create();
        var admin = io.Of("/admin");
        admin.Use(socket =>
        {
            if (socket.Handshake.Auth.TryGetProperty("token", out var t) && t.GetString() == "admin-secret")
                return;
            throw new ConnectErrorException("not authorized", new { reason = "bad token" });
        });
        admin.OnConnection(socket => socket.On("delete user", (string name, Ack ack) => ack(new { deleted = name })));
        var client = await TestClient.OpenAsync(io);

        client.Send("40/admin,{\"token\":\"nope\"}");
        Assert.Equal("44/admin,{\"message\":\"not authorized\",\"data\":{\"reason\":\"bad token\"}}", await client.NextAsync());

        // The engine connection stays open: the same client can still join.
        await client.ConnectAsync("/admin", "{\"token\":\"admin-secret\"}");
        client.Send("42/admin,7[\"delete user\",\"bob\"]");
        Assert.Equal("43/admin,7[{\"deleted\":\"bob\"}]", await client.NextAsync());
    }

    [Fact]
    public async Task Asynchronous_middleware_runs_in_order_before_the_connection()
    {
        var io = ServerFactory.Create();
        var orders = io.Of("/orders");
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new List<string>();
        void Log(string step)
        {
            lock (log)
                log.Add(step);
        }
        orders.Use(async socket =>
        {
            Log("first waits");
            await released.Task; // completes later, on another thread
            socket.Data["user"] = "ann";
            Log("first done");
        });
        orders.Use(socket => Log("second sees " + socket.Data["user"]));
        orders.Use(async _ =>
        {
            await Task.Yield();
            Log("third");
        });
        orders.OnConnection(socket =>
        {
            Log("connection");
            socket.Emit("welcome");
        });
        var client = await TestClient.OpenAsync(io);

        client.Send("40/orders,");
        lock (log)
            Assert.Equal(["first waits"], log);
        Assert.True(client.Transport.TryPeekNothing(out _));
        released.SetResult();

        Assert.StartsWith("40/orders,{\"sid\":", await client.NextAsync());
        Assert.Equal("42/orders,[\"welcome\"]", await client.NextAsync());
        lock (log)
            Assert.Equal(["first waits", "first done", "second sees ann", "third", "connection"], log);
    }

    [Fact]
    public async Task Middleware_failure_without_data_omits_the_data_key()
    {
        var io = ServerFactory.Create();
        io.Of("/orders").Use(_ => throw new ConnectErrorException("nope"));
        var client = await TestClient.OpenAsync(io);

        client.Send("40/orders,");

        Assert.Equal("44/orders,{\"message\":\"nope\"}", await client.NextAsync());
    }

    [Fact]
    public async Task Unknown_namespace_gets_invalid_namespace()
    {
        var io = ServerFactory.Create();
        var client = await TestClient.OpenAsync(io);

        client.Send("40/random");

        Assert.Equal("44/random,{\"message\":\"Invalid namespace\"}", await client.NextAsync());
        Assert.False(client.Session.IsClosed);
    }

    [Fact]
    public async Task Regex_parent_creates_children_and_passes_middleware_and_handlers()
    {
        var io = ServerFactory.Create();
        var workspaces = io.Of(new Regex(@"^/\w+$"));
        workspaces.Use(s => s.Data["checked"] = true);
        workspaces.OnConnection(socket => socket.Emit("workspace", socket.Namespace.Name, socket.Data["checked"]));
        var created = new List<string>();
        io.NewNamespace += n => created.Add(n.Name);
        var client = await TestClient.OpenAsync(io);

        await client.ConnectAsync("/acme");

        Assert.Equal("42/acme,[\"workspace\",\"/acme\",true]", await client.NextAsync());
        Assert.Equal(["/acme"], created);
        Assert.Same(workspaces, io.Of("/acme").Parent);
    }

    [Fact]
    public async Task Existing_child_is_reused()
    {
        var io = ServerFactory.Create();
        var calls = 0;
        io.Of((name, auth) =>
        {
            Interlocked.Increment(ref calls);
            return name.StartsWith("/tenant-", StringComparison.Ordinal);
        });
        var a = await TestClient.OpenAsync(io);
        var b = await TestClient.OpenAsync(io);

        await a.ConnectAsync("/tenant-x");
        await b.ConnectAsync("/tenant-x");

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Async_predicate_parent_sees_name_and_auth()
    {
        var io = ServerFactory.Create();
        var tenants = io.Of(async (name, auth) =>
        {
            await Task.Yield();
            return name.StartsWith("/tenant-", StringComparison.Ordinal)
                && auth.TryGetProperty("tenant", out var t) && "/tenant-" + t.GetString() == name;
        });
        tenants.OnConnection(s => s.Emit("tenant", s.Namespace.Name["/tenant-".Length..]));
        var client = await TestClient.OpenAsync(io);

        client.Send("40/tenant-a,{\"tenant\":\"b\"}");
        Assert.Equal("44/tenant-a,{\"message\":\"Invalid namespace\"}", await client.NextAsync());
        await client.ConnectAsync("/tenant-a", "{\"tenant\":\"a\"}");
        Assert.Equal("42/tenant-a,[\"tenant\",\"a\"]", await client.NextAsync());
    }

    [Fact]
    public async Task Parent_emit_reaches_every_child()
    {
        var io = ServerFactory.Create();
        var parent = io.Of(new Regex(@"^/dynamic-\d+$"));
        var a = await TestClient.OpenAsync(io);
        var b = await TestClient.OpenAsync(io);
        await a.ConnectAsync("/dynamic-1");
        await b.ConnectAsync("/dynamic-2");

        parent.Emit("hello");

        Assert.Equal("42/dynamic-1,[\"hello\"]", await a.NextAsync());
        Assert.Equal("42/dynamic-2,[\"hello\"]", await b.NextAsync());
    }

    [Fact]
    public async Task Parent_room_emit_reaches_rooms_of_every_child()
    {
        var io = ServerFactory.Create();
        var parent = io.Of(new Regex(@"^/dynamic-\d+$"));
        parent.OnConnection(s =>
        {
            if (s.Handshake.Auth.TryGetProperty("vip", out _))
                s.Join("vip");
        });
        var a = await TestClient.OpenAsync(io);
        var b = await TestClient.OpenAsync(io);
        await a.ConnectAsync("/dynamic-1", "{\"vip\":1}");
        await b.ConnectAsync("/dynamic-2");

        parent.To("vip").Emit("only-vip");
        parent.Emit("all");

        Assert.Equal("42/dynamic-1,[\"only-vip\"]", await a.NextAsync());
        Assert.Equal("42/dynamic-2,[\"all\"]", await b.NextAsync());
    }

    [Fact]
    public async Task Static_namespace_has_priority_over_a_matching_regex()
    {
        var io = ServerFactory.Create();
        io.Of("/dynamic-101").OnConnection(s => s.Emit("welcome", new { nsp = "/dynamic-101", @static = true }));
        var parentCalled = false;
        io.Of(new Regex(@"^/dynamic-\d+$")).OnConnection(_ => parentCalled = true);
        var client = await TestClient.OpenAsync(io);

        await client.ConnectAsync("/dynamic-101");

        Assert.Equal("42/dynamic-101,[\"welcome\",{\"nsp\":\"/dynamic-101\",\"static\":true}]", await client.NextAsync());
        Assert.False(parentCalled);
    }

    [Fact]
    public void Of_after_a_matching_regex_parent_creates_a_child_of_it()
    {
        var io = ServerFactory.Create();
        var parent = io.Of(new Regex(@"^/dynamic-\d+$"));

        var child = io.Of("/dynamic-7");

        Assert.Same(parent, child.Parent);
        Assert.Contains(child, parent.Children);
    }

    [Fact]
    public async Task Later_parent_handlers_do_not_reach_existing_children()
    {
        var io = ServerFactory.Create();
        var parent = io.Of(new Regex(@"^/d-\d+$"));
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync("/d-1");
        var late = false;
        parent.OnConnection(_ => late = true);

        var second = await TestClient.OpenAsync(io);
        await second.ConnectAsync("/d-1");

        Assert.False(late);
    }

    [Fact]
    public async Task Empty_child_is_removed_when_cleanup_is_enabled()
    {
        var io = ServerFactory.Create(o => o.CleanupEmptyChildNamespaces = true);
        var parent = io.Of(new Regex(@"^/d-\d+$"));
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync("/d-1");
        Assert.True(io.Namespaces.ContainsKey("/d-1"));

        client.Send("41/d-1,");

        Assert.False(io.Namespaces.ContainsKey("/d-1"));
        Assert.Empty(parent.Children);
    }
}
