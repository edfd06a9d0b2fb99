using System.Text.Json;
using SocketIO.Samples.Tests.Support;

namespace SocketIO.Samples.Tests;

/// <summary>samples/Namespaces end to end with the official Node client (js/namespaces.js), one guide section per test.</summary>
public class NamespacesTourTests(NamespacesSample sample) : IClassFixture<NamespacesSample>
{
    private Task<JsonElement> RunAsync(string scenario) => SampleScript.RunAsync("namespaces.js", sample.Host.BaseUrl, scenario);

    [Fact]
    public async Task Stats_counts_engine_connections_not_namespace_sockets()
    {
        // Its own server, so that the count is exact.
        await using var host = await SampleHost.StartAsync("Namespaces");

        var r = await SampleScript.RunAsync("namespaces.js", host.BaseUrl, "stats");

        // "/" and "/orders" multiplexed over one connection, then a second connection, then it closes.
        Assert.Equal(1, r.GetProperty("one").GetProperty("clientsCount").GetInt32());
        Assert.Equal(2, r.GetProperty("two").GetProperty("clientsCount").GetInt32());
        Assert.Equal(1, r.GetProperty("afterClose").GetProperty("clientsCount").GetInt32());
    }

    [Fact]
    public async Task Hello_dynamic_is_a_parent_emit_that_reaches_every_child_but_not_the_static_dynamic_101()
    {
        var r = await RunAsync("helloDynamic");

        var hello = r.GetProperty("hello");
        Assert.Equal(1, hello.GetProperty("/dynamic-1").GetInt32());
        Assert.Equal(1, hello.GetProperty("/dynamic-2").GetInt32());
        Assert.Equal(1, hello.GetProperty("/dynamic-7").GetInt32());
        Assert.Equal(0, hello.GetProperty("/dynamic-101").GetInt32());
    }

    [Fact]
    public async Task Orders_list_create_with_binary_and_order_created_to_every_orders_socket()
    {
        var r = await RunAsync("orders");

        var list = r.GetProperty("list");
        Assert.Equal(JsonValueKind.Array, list.ValueKind);
        Assert.Contains(list.EnumerateArray(), o => o.GetProperty("id").GetInt32() == 1 && o.GetProperty("item").GetString() == "book");
        Assert.All(list.EnumerateArray(), o => Assert.True(o.TryGetProperty("id", out _) && o.TryGetProperty("item", out _)));

        var created = r.GetProperty("created");
        AssertCreatedOrder(created);
        var id = created.GetProperty("id").GetInt32();
        Assert.DoesNotContain(list.EnumerateArray(), o => o.GetProperty("id").GetInt32() == id);
        // The creator and another /orders connection both get order:created, binary included.
        AssertCreatedOrder(r.GetProperty("broadcastA"));
        AssertCreatedOrder(r.GetProperty("broadcastB"));
        Assert.Equal(id, r.GetProperty("broadcastB").GetProperty("id").GetInt32());
        Assert.Contains(r.GetProperty("listAfter").EnumerateArray(), o => o.GetProperty("id").GetInt32() == id);
    }

    private static void AssertCreatedOrder(JsonElement order)
    {
        Assert.Equal("scanner", order.GetProperty("item").GetString());
        Assert.Equal(2, order.GetProperty("qty").GetInt32());
        Assert.True(order.GetProperty("id").GetInt32() > 2);
        // Buffers come back as Buffers (binary attachments), not as JSON arrays or base64.
        Assert.Equal([1, 2, 3], Buffer(order.GetProperty("photo")));
        var meta = order.GetProperty("meta");
        Assert.Equal("a", meta.GetProperty("tags")[0].GetString());
        Assert.Equal([9], Buffer(meta.GetProperty("thumb")));
    }

    private static int[] Buffer(JsonElement value)
    {
        Assert.True(value.TryGetProperty("$buffer", out var bytes), $"expected a Buffer, got {value.GetRawText()}");
        return bytes.EnumerateArray().Select(b => b.GetInt32()).ToArray();
    }

    [Fact]
    public async Task Users_list_and_greet_room_reaches_users_room1_only()
    {
        var r = await RunAsync("users");

        var users = r.GetProperty("users");
        Assert.Equal(JsonValueKind.Array, users.ValueKind);
        Assert.NotEqual(0, users.GetArrayLength());
        Assert.Equal(1, r.GetProperty("holaUsers").GetInt32());
        Assert.Equal(1, r.GetProperty("holaOtherUser").GetInt32());
        // The same connection's /orders socket is in /orders' room1: a different room.
        Assert.Equal(0, r.GetProperty("holaOrders").GetInt32());
    }

    [Fact]
    public async Task Admin_refuses_without_the_token_with_data_and_accepts_with_it()
    {
        var r = await RunAsync("admin");

        foreach (var refused in new[] { r.GetProperty("noToken"), r.GetProperty("badToken") })
        {
            var error = refused.GetProperty("error");
            Assert.Equal("not authorized", error.GetProperty("message").GetString());
            Assert.Equal("bad token", error.GetProperty("data").GetProperty("reason").GetString());
        }
        Assert.True(r.GetProperty("accepted").GetBoolean());
        Assert.Equal("bob", r.GetProperty("deleted").GetProperty("deleted").GetString());
    }

    [Fact]
    public async Task Workspace_regex_parent_creates_children_but_not_over_existing_namespaces()
    {
        var r = await RunAsync("workspace");

        Assert.Equal("/acme", r.GetProperty("acme").GetString());
        Assert.Equal("/team42", r.GetProperty("team").GetString());
        Assert.Equal(0, r.GetProperty("ordersWorkspaceEvents").GetInt32());
    }

    [Fact]
    public async Task Regex_parents_match_ascii_names_only_as_in_js()
    {
        var r = await RunAsync("asciiOnly");

        // /^\/\w+$/ and /^\/dynamic-\d+$/ in JS: no accented letters, no Arabic-Indic digits, no trailing newline.
        foreach (var nsp in new[] { "/café", "/dynamic-\u0661\u0662", "/acme\n" })
        {
            Assert.True(r.GetProperty(nsp).TryGetProperty("error", out var error), $"{nsp} was accepted: {r.GetProperty(nsp)}");
            Assert.Equal("Invalid namespace", error.GetProperty("message").GetString());
        }
    }

    [Fact]
    public async Task Tenant_predicate_accepts_the_matching_tenant_refuses_others_and_reuses_the_child()
    {
        var r = await RunAsync("tenant");

        var name = r.GetProperty("name").GetString();
        Assert.Equal("Invalid namespace", r.GetProperty("wrongTenant").GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("Invalid namespace", r.GetProperty("noAuth").GetProperty("error").GetProperty("message").GetString());
        Assert.True(r.GetProperty("accepted").GetBoolean());
        Assert.Equal(name, r.GetProperty("tenant").GetString());
        // The predicate ran once, when the child was created; the next connection reuses the child.
        Assert.True(r.GetProperty("reused").GetBoolean());
        Assert.Equal(name, r.GetProperty("tenantAgain").GetString());
    }

    [Fact]
    public async Task Dynamic_parent_middleware_and_welcome_and_the_static_dynamic_101()
    {
        var r = await RunAsync("dynamic");

        var welcome = r.GetProperty("welcome");
        Assert.Equal("/dynamic-5", welcome.GetProperty("nsp").GetString());
        Assert.True(welcome.GetProperty("checked").GetBoolean());
        Assert.Equal("blocked", r.GetProperty("blocked").GetProperty("error").GetProperty("message").GetString());
        // Only the static namespace's own handler ran for /dynamic-101.
        var static101 = Assert.Single(r.GetProperty("welcomes101").EnumerateArray());
        Assert.Equal("/dynamic-101", static101.GetProperty("nsp").GetString());
        Assert.True(static101.GetProperty("static").GetBoolean());
        Assert.False(static101.TryGetProperty("checked", out _));
    }

    [Fact]
    public async Task Unknown_namespaces_get_invalid_namespace()
    {
        var r = await RunAsync("unknown");

        foreach (var nsp in r.EnumerateObject())
            Assert.Equal("Invalid namespace", nsp.Value.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(4, r.EnumerateObject().Count());
    }
}
