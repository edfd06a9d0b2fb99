using System.Text.Json;
using System.Text.RegularExpressions;
using SocketIO;
using SocketIO.Serialization;

namespace Namespaces;

/// <summary>The namespaces, middleware and handlers of the tour, one section per part of the guide.</summary>
internal static partial class NamespacesTour
{
    public static void Configure(SocketIOServer io)
    {
        // Static namespaces first: an existing namespace has priority over the dynamic ones, and a
        // name registered after a matching regex parent would become that parent's child (as in Node).
        ConfigureOrders(io.Of("/orders"));
        ConfigureUsers(io.Of("/users"));
        ConfigureAdmin(io.Of("/admin"));
        io.Of("/dynamic-101").OnConnection(socket =>
            socket.Emit("welcome", new { nsp = socket.Namespace.Name, @static = true }));

        // Dynamic namespaces, tried in registration order for a name that does not exist yet.
        ConfigureWorkspaces(io.Of(WorkspaceName()));
        ConfigureTenants(io.Of(IsTenantAsync));
        var dynamicParent = io.Of(DynamicName());
        ConfigureDynamic(dynamicParent);

        // The main namespace "/": io.OnConnection is io.Of("/").OnConnection.
        io.OnConnection(socket =>
        {
            socket.On("stats", (Ack ack) => ack(new { clientsCount = io.ClientsCount }));
            // A parent-namespace emit reaches every socket of every child (/dynamic-1, /dynamic-2, …).
            socket.On("hello-dynamic", (SocketEvent e) =>
            {
                dynamicParent.Emit("hello");
                e.Ack();
            });
        });
    }

    private static void ConfigureOrders(Namespace orders)
    {
        var store = new OrderStore();
        orders.OnConnection(socket =>
        {
            socket.Join("room1");
            socket.On("order:list", (Ack ack) => ack(store.List()));
            // Taken raw so that every field comes back as sent, binary included.
            socket.On("order:create", (RawValue order, Ack ack) =>
            {
                if (order.Element.ValueKind != JsonValueKind.Object)
                {
                    ack(new { error = "an order is an object" });
                    return;
                }
                var created = store.Create(order);
                ack(created);
                orders.Emit("order:created", created);
            });
        });
    }

    private static void ConfigureUsers(Namespace users)
    {
        object[] list = [new { id = 1, name = "ann" }, new { id = 2, name = "bob" }];
        users.OnConnection(socket =>
        {
            // "room1" of /users is distinct from "room1" of /orders.
            socket.Join("room1");
            socket.On("user:list", (Ack ack) => ack((object)list));
            socket.On("greet-room", (SocketEvent e) =>
            {
                users.To("room1").Emit("holà");
                e.Ack();
            });
        });
    }

    private static void ConfigureAdmin(Namespace admin)
    {
        // Only clients that present the admin token may join; the others get CONNECT_ERROR with data.
        admin.Use(socket =>
        {
            if (TryGetString(socket.Handshake.Auth, "token") != "admin-secret")
                throw new ConnectErrorException("not authorized", new { reason = "bad token" });
        });
        admin.OnConnection(socket =>
            socket.On("delete user", (string name, Ack ack) => ack(new { deleted = name })));
    }

    private static void ConfigureWorkspaces(ParentNamespace workspaces) =>
        workspaces.OnConnection(socket => socket.Emit("workspace", socket.Namespace.Name));

    /// <summary>
    /// Accepts "/tenant-x" when the client's auth says it belongs to tenant x. As in Node, the
    /// predicate decides only when the child is created; later connections reuse that child.
    /// </summary>
    private static ValueTask<bool> IsTenantAsync(string name, JsonElement auth) =>
        ValueTask.FromResult(name.StartsWith(TenantPrefix, StringComparison.Ordinal)
            && name.Length > TenantPrefix.Length
            && TryGetString(auth, "tenant") == name[TenantPrefix.Length..]);

    private const string TenantPrefix = "/tenant-";

    private static void ConfigureTenants(ParentNamespace tenants) =>
        tenants.OnConnection(socket => socket.Emit("tenant", socket.Namespace.Name[TenantPrefix.Length..]));

    private static void ConfigureDynamic(ParentNamespace dynamicParent)
    {
        // Parent middleware is registered on every child namespace.
        dynamicParent.Use(socket =>
        {
            socket.Data["checked"] = true;
            if (socket.Handshake.Auth.ValueKind == JsonValueKind.Object
                && socket.Handshake.Auth.TryGetProperty("block", out var block) && block.ValueKind == JsonValueKind.True)
                throw new ConnectErrorException("blocked");
        });
        // Never called for the static /dynamic-101, which exists before this parent.
        dynamicParent.OnConnection(socket =>
            socket.Emit("welcome", new { nsp = socket.Namespace.Name, @checked = socket.Data["checked"] }));
    }

    private static string? TryGetString(JsonElement obj, string property) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    // The guide's /^\/\w+$/ and /^\/dynamic-\d+$/ with JS semantics: \w and \d are ASCII only and $ is
    // the end of the name (in .NET, \w and \d take any Unicode letter or digit, and $ matches before a final \n).
    [GeneratedRegex(@"^/[A-Za-z0-9_]+\z")]
    private static partial Regex WorkspaceName();

    [GeneratedRegex(@"^/dynamic-[0-9]+\z")]
    private static partial Regex DynamicName();
}
